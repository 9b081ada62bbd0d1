/**
 * Registry pull limits, read from the `RateLimit-Limit` / `RateLimit-Remaining` headers Docker Hub sends
 * (`100;w=21600`: 100 pulls per 21,600 s window) and kept in the shared cache per registry, so every run
 * and worker sees them. Docker Hub counts a manifest GET as a pull and a HEAD not.
 *
 * - None left: no more manifest requests to that registry until the window has passed
 *   (`RateLimitedError`); the lookup turns it into a warning instead of burning requests on 429s.
 * - Fewer than half left: optional reads that count (labels for a source URL, what an old pin was) are
 *   skipped, so the bot never eats the pulls a cluster on the same address needs.
 */
import type { HttpResponse } from '../../http/client.js';
import { RateLimitedError } from '../../util/errors.js';
import type { DatasourceContext } from '../types.js';
import type { RegistryTarget } from './registry-url.js';

interface PullBudget {
  limit?: number;
  remaining: number;
  /** Window in seconds, when the registry said. */
  window?: number;
  /** ms since epoch when the headers were read */
  seenAt: number;
}

const NAMESPACE = 'docker-rate-limit';
/** When a registry says none are left but not for how long. */
const DEFAULT_WINDOW_SECONDS = 3600;

function parseHeader(value: string | undefined): { count: number; window?: number } | undefined {
  const m = value ? /^\s*(\d+)(?:\s*;\s*w=(\d+))?/.exec(value) : null;
  if (!m) return undefined;
  return m[2] !== undefined ? { count: Number(m[1]), window: Number(m[2]) } : { count: Number(m[1]) };
}

/** Remember what a registry's answer says about its limit (no-op when it says nothing). */
export async function recordPullBudget(target: RegistryTarget, res: HttpResponse, ctx: DatasourceContext): Promise<void> {
  const remaining = parseHeader(res.headers['ratelimit-remaining']);
  if (!remaining) return;
  const limit = parseHeader(res.headers['ratelimit-limit']);
  const window = remaining.window ?? limit?.window;
  const budget: PullBudget = { remaining: remaining.count, seenAt: ctx.clock.now() };
  if (limit) budget.limit = limit.count;
  if (window !== undefined) budget.window = window;
  await ctx.cache.store.set(NAMESPACE, target.origin, budget, window ?? DEFAULT_WINDOW_SECONDS);
}

/** Whether the registry is known to count pulls: Docker Hub, or one whose answers carried a pull budget. */
export async function countsPulls(target: RegistryTarget, ctx: DatasourceContext): Promise<boolean> {
  return target.dockerHub || (await ctx.cache.store.get<PullBudget>(NAMESPACE, target.origin)) !== undefined;
}

/** Throws RateLimitedError while the registry has said that no pulls are left. */
export async function assertPullsLeft(target: RegistryTarget, ctx: DatasourceContext): Promise<void> {
  const budget = await ctx.cache.store.get<PullBudget>(NAMESPACE, target.origin);
  if (!budget || budget.remaining > 0) return;
  const window = budget.window ?? DEFAULT_WINDOW_SECONDS;
  const retryAfter = Math.max(1, Math.ceil((budget.seenAt + window * 1000 - ctx.clock.now()) / 1000));
  throw new RateLimitedError(
    target.registry,
    429,
    retryAfter,
    `${target.image}: ${target.registry} has no pulls left (RateLimit-Remaining: 0); not asking it again for ${retryAfter}s`,
  );
}

/** False when the registry said fewer than half its pulls are left: skip reads that are only nice to have. */
export async function sparePullsLeft(target: RegistryTarget, ctx: DatasourceContext): Promise<boolean> {
  const budget = await ctx.cache.store.get<PullBudget>(NAMESPACE, target.origin);
  if (!budget) return true;
  return budget.limit !== undefined ? budget.remaining > budget.limit / 2 : budget.remaining > 0;
}
