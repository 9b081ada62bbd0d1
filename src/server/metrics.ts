/**
 * `/metrics` in Prometheus's text format (prom-client), every series named `upkeep_*`. The figures are
 * read from Redis when Prometheus scrapes — the workers are other processes: runs, failures and updates
 * (counters the workers keep), the queue's jobs by state, repositories by last outcome, deps by state
 * across repositories, and this process's own default metrics.
 */
import { Queue } from 'bullmq';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { QUEUE_NAME, QUEUE_PREFIX } from '../queue/jobs.js';
import { readCounters, readStatuses } from '../queue/status.js';
import type { RedisConnection } from '../util/redis.js';

const JOB_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized'] as const;

export function createMetrics(redis: RedisConnection): { registry: Registry; close(): Promise<void> } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'upkeep_serve_' });
  const queue = new Queue(QUEUE_NAME, { connection: redis, prefix: QUEUE_PREFIX });
  const counter = (name: string, help: string, key: keyof Awaited<ReturnType<typeof readCounters>>) =>
    new Counter({
      name,
      help,
      registers: [registry],
      async collect() {
        this.reset();
        this.inc((await readCounters(redis))[key]);
      },
    });
  counter('upkeep_runs_total', 'Repository runs finished by the workers', 'runs');
  counter('upkeep_run_failures_total', 'Repository runs that finished with failures (lookups, branches, config errors)', 'failures');
  counter('upkeep_run_errors_total', 'Repository runs that could not finish', 'errors');
  counter('upkeep_updates_proposed_total', 'Branches due (created or kept current) over all runs', 'updates_proposed');
  counter('upkeep_updates_merged_total', 'Branches merged by Upkeep over all runs', 'updates_merged');
  counter('upkeep_run_duration_seconds_total', 'Wall time of all repository runs (divide by upkeep_runs_total for the mean)', 'run_seconds');
  counter('upkeep_registry_requests_total', 'HTTP requests of all runs to registries and forges (attempts)', 'registry_requests');
  counter('upkeep_cache_hits_total', 'Lookups answered from the shared cache while fresh', 'cache_hits');
  counter('upkeep_cache_misses_total', 'Lookups the shared cache could not answer (loaded from the registry)', 'cache_misses');
  new Gauge({
    name: 'upkeep_queue_jobs',
    help: 'Jobs on the upkeep queue by state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const counts = await queue.getJobCounts(...JOB_STATES);
      for (const state of JOB_STATES) this.set({ state }, counts[state] ?? 0);
    },
  });
  new Gauge({
    name: 'upkeep_repositories',
    help: 'Repositories by the outcome of their last run',
    labelNames: ['outcome'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const s of await readStatuses(redis)) this.inc({ outcome: s.outcome });
    },
  });
  new Gauge({
    name: 'upkeep_deps',
    help: 'Dependencies by state at their repository’s last run',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const s of await readStatuses(redis)) for (const [state, n] of Object.entries(s.deps)) this.inc({ state }, n);
    },
  });
  return { registry, close: () => queue.close() };
}
