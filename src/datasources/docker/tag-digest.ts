/**
 * The digest a tag points at now, and the cache boundary that goes with it:
 *
 * - a tag is mutable, so its digest is never taken from the long cache (`ctx.cache`): it is asked with a
 *   HEAD and remembered in `ctx.runCache` only — one HEAD per tag per run, however many deps ask;
 * - without a `runCache`, only concurrent callers share a HEAD.
 *
 * What a digest stands for (manifest, config, dates, labels) is immutable and lives in the long cache.
 */
import type { DatasourceContext } from '../types.js';
import { headDigest } from './manifests.js';
import type { RegistryTarget } from './registry-url.js';

/** How long a run may last; the run cache is dropped with the run anyway. */
const RUN_TTL_SECONDS = 24 * 3600;

/** Chart versions may hold `+`, which OCI tags cannot: Helm pushes them with `_`. */
export const versionToTag = (version: string) => version.replaceAll('+', '_');

/** The digest this run has already found for a tag, if any (no request). */
export async function knownTagDigest(target: RegistryTarget, tag: string, ctx: DatasourceContext): Promise<string | undefined> {
  return (await ctx.runCache?.store.get<{ value: string }>('docker-tag-digest', `${target.key}:${tag}`))?.value;
}

/** What a tag's digest was found to be some other way (a GET by tag): this run asks no HEAD for it. */
export async function noteTagDigest(target: RegistryTarget, tag: string, digest: string, ctx: DatasourceContext): Promise<void> {
  await ctx.runCache?.set('docker-tag-digest', `${target.key}:${tag}`, digest, RUN_TTL_SECONDS);
}

export function tagDigest(target: RegistryTarget, tag: string, ctx: DatasourceContext): Promise<string> {
  const key = `${target.key}:${tag}`;
  const load = () => headDigest(target, tag, ctx);
  if (ctx.runCache) return ctx.runCache.remember('docker-tag-digest', key, RUN_TTL_SECONDS, load);
  return ctx.cache.get('docker-tag-digest', key, 0, async () => ({ value: await load(), fetchedAt: ctx.clock.now() }), 0);
}
