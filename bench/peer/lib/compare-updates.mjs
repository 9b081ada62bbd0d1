/**
 * The updates each tool proposes, as one set of comparable lines, and the differences between the sets.
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

/** Upkeep's dry-run report → the set of update lines. */
export function upkeepUpdates(report) {
  const keys = new Set();
  for (const branch of report.branches ?? []) for (const update of branch.updates ?? []) keys.add(updateKey(update));
  return keys;
}

/** Renovate's file report → the set of update lines (every repository in it; here there is one). */
export function renovateUpdates(report) {
  const keys = new Set();
  for (const repository of Object.values(report.repositories ?? {})) {
    for (const files of Object.values(repository.packageFiles ?? {})) {
      for (const packageFile of files) {
        for (const dep of packageFile.deps ?? []) {
          for (const update of dep.updates ?? []) {
            keys.add(
              updateKey({
                file: packageFile.packageFile,
                depName: dep.depName,
                currentValue: dep.currentValue,
                currentDigest: dep.currentDigest,
                newValue: update.newValue,
                newDigest: update.newDigest,
                updateType: update.updateType,
              }),
            );
          }
        }
      }
    }
  }
  return keys;
}

/** Deps Renovate found and what it said about them (skip reasons, warnings), for explaining differences. */
export function renovateDepCount(report) {
  let deps = 0;
  for (const repository of Object.values(report.repositories ?? {})) {
    for (const files of Object.values(repository.packageFiles ?? {})) for (const packageFile of files) deps += (packageFile.deps ?? []).length;
  }
  return deps;
}

/** `{ both, onlyUpkeep, onlyRenovate }`: counts and the lines of each side's own (sorted). */
export function compareUpdates(upkeep, renovate) {
  const onlyUpkeep = [...upkeep].filter((k) => !renovate.has(k)).sort();
  const onlyRenovate = [...renovate].filter((k) => !upkeep.has(k)).sort();
  return { both: [...upkeep].filter((k) => renovate.has(k)).length, onlyUpkeep, onlyRenovate };
}
