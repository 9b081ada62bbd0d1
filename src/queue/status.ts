/**
 * What the workers leave in Redis for `upkeep serve`: per repository its last run (when, outcome,
 * branches due and pending, open PRs, deps by state, the first problems) and its last report; and
 * counters across all workers (runs, failures, updates proposed and merged) for /metrics. Reports are
 * kept up to 1 MiB each (a bigger one is left out: the report file or the dashboard still have it).
 */
import type { Report } from '../report/report.js';
import type { RedisConnection } from '../util/redis.js';

// One hash tag for all of them: a run's status, report and counters are written in one MULTI (one slot on a cluster).
const STATUS_KEY = '{upkeep}:status';
const REPORT_PREFIX = '{upkeep}:report:';
const COUNTERS_KEY = '{upkeep}:counters';
const MAX_REPORT = 1024 * 1024;

export interface RepoStatus {
  key: string;
  platform: string;
  repository: string;
  /** ISO 8601, from the run's clock. */
  finishedAt: string;
  outcome: 'ok' | 'failed' | 'error';
  branches: number;
  pending: number;
  /** PRs the run created, updated or left open. */
  openPrs: number;
  merged: number;
  deps: Record<string, number>;
  problems: string[];
  /** The report is in Redis (`/report/<key>`). */
  hasReport: boolean;
}

export type Counter =
  'runs' | 'failures' | 'errors' | 'updates_proposed' | 'updates_merged' | 'run_seconds' | 'registry_requests' | 'cache_hits' | 'cache_misses';

/** What a run cost: for the counters behind /metrics. */
export interface RunCost {
  seconds: number;
  requests: number;
  cacheHits: number;
  cacheMisses: number;
}

/** The status of a finished run, from its report. */
export function statusOf(
  key: string,
  platform: string,
  repository: string,
  finishedAt: string,
  report: Report,
  failed: boolean,
): Omit<RepoStatus, 'hasReport'> {
  const deps: Record<string, number> = {};
  for (const dep of report.deps) deps[dep.status.kind] = (deps[dep.status.kind] ?? 0) + 1;
  const problems = [
    ...(report.configErrors ?? []),
    ...report.branches.flatMap((b) => (b.error ? [`${b.branchName}: ${b.error}`] : [])),
    ...report.warnings,
  ].slice(0, 10);
  return {
    key,
    platform,
    repository,
    finishedAt,
    outcome: failed ? 'failed' : 'ok',
    branches: report.branches.filter((b) => b.due).length,
    pending: report.branches.filter((b) => !b.due).length,
    openPrs: report.branches.filter((b) => b.pr !== undefined).length,
    merged: report.branches.filter((b) => b.merged === true).length,
    deps,
    problems,
  };
}

export async function recordRun(redis: RedisConnection, status: Omit<RepoStatus, 'hasReport'>, report?: Report, cost?: RunCost): Promise<void> {
  const text = report ? JSON.stringify(report) : undefined;
  const keep = text !== undefined && text.length <= MAX_REPORT;
  const batch = redis.multi();
  batch.hset(STATUS_KEY, status.key, JSON.stringify({ ...status, hasReport: keep }));
  if (keep) batch.set(`${REPORT_PREFIX}${status.key}`, text);
  else batch.del(`${REPORT_PREFIX}${status.key}`);
  batch.hincrby(COUNTERS_KEY, 'runs', 1);
  if (status.outcome === 'failed') batch.hincrby(COUNTERS_KEY, 'failures', 1);
  if (status.outcome === 'error') batch.hincrby(COUNTERS_KEY, 'errors', 1);
  batch.hincrby(COUNTERS_KEY, 'updates_proposed', status.branches);
  batch.hincrby(COUNTERS_KEY, 'updates_merged', status.merged);
  if (cost) {
    batch.hincrbyfloat(COUNTERS_KEY, 'run_seconds', cost.seconds);
    batch.hincrby(COUNTERS_KEY, 'registry_requests', cost.requests);
    batch.hincrby(COUNTERS_KEY, 'cache_hits', cost.cacheHits);
    batch.hincrby(COUNTERS_KEY, 'cache_misses', cost.cacheMisses);
  }
  await batch.exec();
}

export async function readStatuses(redis: RedisConnection): Promise<RepoStatus[]> {
  const all = await redis.hgetall(STATUS_KEY);
  return Object.values(all)
    .map((v) => JSON.parse(v) as RepoStatus)
    .sort((a, b) => a.repository.localeCompare(b.repository));
}

export async function readReport(redis: RedisConnection, key: string): Promise<string | null> {
  return redis.get(`${REPORT_PREFIX}${key}`);
}

export async function readCounters(redis: RedisConnection): Promise<Record<Counter, number>> {
  const raw = await redis.hgetall(COUNTERS_KEY);
  const n = (k: Counter) => Number(raw[k] ?? 0);
  return {
    runs: n('runs'),
    failures: n('failures'),
    errors: n('errors'),
    updates_proposed: n('updates_proposed'),
    updates_merged: n('updates_merged'),
    run_seconds: n('run_seconds'),
    registry_requests: n('registry_requests'),
    cache_hits: n('cache_hits'),
    cache_misses: n('cache_misses'),
  };
}
