/**
 * The updates each tool proposes, as one set of comparable lines, the differences between the sets, and
 * the reason for each difference (every one is explained in BENCHMARKS.md, "peer").
 *
 * A proposed update is `file · depName currentValue[@digest] → newValue[@digest] (updateType)`: the
 * same reference moved to the same place. Digests are shortened to 12 hex digits (both tools write the
 * whole one; the prefix is enough to tell two apart and keeps the listing readable).
 *
 *   Upkeep:   the dry-run report (`branches[].updates[]`, docs/DESIGN's contract)
 *   Renovate: its file report (`--report-type=file`): `repositories[*].packageFiles[manager][]
 *             .deps[].updates[]`
 */

const short = (digest) => (digest ? `@${digest.replace(/^sha256:/, '').slice(0, 12)}` : '');

/**
 * One comparable line for an update. A new digest counts only where one is written: a reference pinned
 * by digest, or a pin. (Renovate's report also carries the digest of a chart version from the Helm
 * index on every chart update, where nothing is pinned and the file only gets the version.)
 */
export function updateKey({ file, depName, currentValue, currentDigest, newValue, newDigest, updateType }) {
  const written = currentDigest || updateType === 'pin' || updateType === 'pinDigest' ? newDigest : undefined;
  const from = `${currentValue ?? ''}${short(currentDigest)}`;
  const to = `${newValue ?? currentValue ?? ''}${short(written)}`;
  return `${file} · ${depName} ${from} → ${to} (${updateType})`;
}

/** Upkeep's dry-run report → update line → the update. */
export function upkeepUpdates(report) {
  const updates = new Map();
  for (const branch of report.branches ?? []) for (const update of branch.updates ?? []) updates.set(updateKey(update), update);
  return updates;
}

/** Every dep of Renovate's report with its file (`packageFile`). */
function renovateDeps(report) {
  const deps = [];
  for (const repository of Object.values(report.repositories ?? {})) {
    for (const files of Object.values(repository.packageFiles ?? {})) {
      for (const packageFile of files) for (const dep of packageFile.deps ?? []) deps.push({ ...dep, file: packageFile.packageFile });
    }
  }
  return deps;
}

/** Renovate's file report → update line → the update (with its dep's fields). */
export function renovateUpdates(report) {
  const updates = new Map();
  for (const dep of renovateDeps(report)) {
    for (const update of dep.updates ?? []) {
      const entry = {
        file: dep.file,
        depName: dep.depName,
        currentValue: dep.currentValue,
        currentDigest: dep.currentDigest,
        newValue: update.newValue,
        newDigest: update.newDigest,
        updateType: update.updateType,
      };
      updates.set(updateKey(entry), entry);
    }
  }
  return updates;
}

export const renovateDepCount = (report) => renovateDeps(report).length;

/** Why the two tools differ on an update; the keys are explained in BENCHMARKS.md. */
export const REASONS = {
  'platform-pin':
    'deliberate: the reference is pinned to one platform’s manifest inside a multi-platform index; Upkeep moves the pin to the index (what `docker pull` resolves; its lookup warns so), Renovate keeps the platform’s manifest',
  'node-versioning':
    'Upkeep lacks a versioning: Renovate’s workarounds:nodeDockerVersioning (in config:recommended) gives `node` images node versioning, which does not take a two-part tag (11.5) as a version, so Renovate proposes nothing; Upkeep has no node versioning and compares them as docker tags (config/presets/workarounds.json says so)',
  'yaml-number':
    'Renovate’s bug: an unquoted tag such as `newTag: 4.6` or `tag: 13.0` is a number to a YAML parser; Renovate takes the number (4.6 → invalid-value, 13.0 → "13") and proposes nothing; Upkeep reads the text as written',
  'kustomize-tag-and-digest':
    'Renovate’s limitation: a Kustomize image with both newTag and digest is skipped (invalid-dependency-specification); Upkeep updates both',
  unexplained: 'not explained yet',
};

/**
 * The reason for one difference. `plan`: the registry's plan (tag → digest, index → its platform
 * manifests); `renovateDep(file, depName)`: Renovate's dep at that place, if any.
 */
function reasonFor(update, { childDigests, renovateDep }) {
  if (update.currentDigest && childDigests.has(update.currentDigest)) return 'platform-pin';
  const theirs = renovateDep(update.file, update.depName);
  if (/(^|\/)node$/.test(update.depName) && theirs && !/^\d+\.\d+\.\d+/.test(theirs.currentValue ?? '') && (theirs.updates ?? []).length === 0)
    return 'node-versioning';
  if (theirs && theirs.skipReason === 'invalid-dependency-specification' && theirs.currentDigest && /kustomization\.ya?ml$/.test(update.file))
    return 'kustomize-tag-and-digest';
  if (theirs && /^\d+(\.\d+)?$/.test(update.currentValue ?? '') && (theirs.skipReason === 'invalid-value' || theirs.currentValue !== update.currentValue))
    return 'yaml-number';
  return 'unexplained';
}

/**
 * `{ both, onlyUpkeep, onlyRenovate }`: the count in both, and each side's own lines (sorted) with the
 * reason for each. `plan`: the registry plan (bench/lib/registry-seed-fs.mjs); `renovateReport`: for the
 * deps Renovate skipped.
 */
export function compareUpdates(upkeep, renovate, { plan, renovateReport }) {
  const childDigests = new Set();
  for (const repository of Object.values(plan.repositories ?? {}))
    for (const kids of Object.values(repository.children ?? {})) for (const d of kids) childDigests.add(d);
  const deps = new Map(renovateDeps(renovateReport).map((d) => [`${d.file}\0${d.depName}`, d]));
  const ctx = { childDigests, renovateDep: (file, depName) => deps.get(`${file}\0${depName}`) };
  const own = (mine, other) =>
    [...mine]
      .filter(([key]) => !other.has(key))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([line, update]) => ({ line, reason: reasonFor(update, ctx) }));
  return { both: [...upkeep.keys()].filter((k) => renovate.has(k)).length, onlyUpkeep: own(upkeep, renovate), onlyRenovate: own(renovate, upkeep) };
}
