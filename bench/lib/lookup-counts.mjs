/**
 * Counting the registry requests of a lookup run by method and kind (tag list, manifest by tag, manifest
 * by digest, blob, the `/v2/` challenge), and what the docker datasource's contract says they should be.
 *
 * Counted at the client, by wrapping the `fetch` the `HttpClient` uses (its `fetch` option): every attempt
 * that reaches the network is one call, so retries and pages count, and the URL tells the kind. The
 * registry's access log gives the same figures from the other end (checked by the benchmark).
 */

/** The kind of a registry API path. */
export function requestKind(path) {
  if (/^\/v2\/?$/.test(path)) return 'challenge';
  if (/\/tags\/list$/.test(path)) return 'tag list';
  const manifest = /\/manifests\/([^/]+)$/.exec(path);
  if (manifest) return manifest[1].startsWith('sha256:') ? 'manifest by digest' : 'manifest by tag';
  if (/\/blobs\/sha256:[a-f0-9]{64}$/.test(path)) return 'blob';
  return 'other';
}

/** A `fetch` that tallies `METHOD kind` before passing the call on. */
export function countingFetch(counts, inner = fetch) {
  return (input, init) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const key = `${init?.method ?? 'GET'} ${requestKind(url.pathname)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return inner(input, init);
  };
}

/** The same tally from the registry's access log entries. */
export function tallyAccessLog(entries) {
  const counts = new Map();
  for (const { method, path } of entries) {
    const key = `${method} ${requestKind(path.split('?')[0])}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export const sortedObject = (map) => Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)));
export const total = (map) => [...map.values()].reduce((n, v) => n + v, 0);

const VERSION_UPDATES = new Set(['major', 'minor', 'patch']);

/**
 * The manifest HEADs a run needs, per the docker datasource's design: the digest of every (image, tag)
 * asked once per run — for each pinned reference its current tag and each version it may move to (the
 * update writes that version's digest, which must be today's), and on a first run (tag list not cached)
 * each image's newest tag, whose labels give the source URL. Returns the distinct total and its parts,
 * each (image, tag) counted in the first part it falls in.
 *
 * @param deps the lookup's output (deps with `updates`)
 * @param newestTagOf repository → the tag the datasource reads labels from (undefined: none needed)
 */
export function neededHeads(deps, newestTagOf) {
  const seen = new Set();
  const parts = { newestTag: 0, pinnedCurrentTag: 0, pinnedCandidateTag: 0 };
  const need = (part, key) => {
    if (seen.has(key)) return;
    seen.add(key);
    parts[part]++;
  };
  const docker = deps.filter((d) => d.datasource === 'docker' && !d.skipReason);
  for (const dep of docker) {
    const newest = newestTagOf(dep.packageName);
    if (newest !== undefined) need('newestTag', `${dep.packageName}:${newest}`);
  }
  for (const dep of docker.filter((d) => d.currentDigest)) need('pinnedCurrentTag', `${dep.packageName}:${dep.currentValue ?? 'latest'}`);
  for (const dep of docker.filter((d) => d.currentDigest)) {
    for (const u of dep.updates) if (VERSION_UPDATES.has(u.updateType)) need('pinnedCandidateTag', `${dep.packageName}:${u.newValue}`);
  }
  return { total: seen.size, ...parts };
}

/** What the lookup decided: deps, distinct images, updates by type, warnings. */
export function summariseDeps(deps) {
  const updates = {};
  for (const d of deps) for (const u of d.updates) updates[u.updateType] = (updates[u.updateType] ?? 0) + 1;
  const warnings = deps.flatMap((d) => d.warnings.map((w) => `${d.depName}:${d.currentValue ?? ''}: ${w}`));
  return {
    deps: deps.length,
    images: new Set(deps.map((d) => d.packageName)).size,
    pinned: deps.filter((d) => d.currentDigest).length,
    withUpdates: deps.filter((d) => d.updates.length > 0).length,
    updates: Object.fromEntries(Object.entries(updates).sort()),
    warnings: warnings.length,
    warningSamples: warnings.slice(0, 6),
  };
}
