import type { Dep } from '../deps/dep.js';

/**
 * Drop deps that stand at the same place in a file as an earlier one: an alias (`*img`) or a merge key
 * (`<<: *defaults`) reaches the anchor's text again, and two managers may read the same file.
 */
export function dedupeByLocation(deps: Dep[]): Dep[] {
  const seen = new Set<number>();
  return deps.filter((dep) => {
    const l = dep.location;
    const at = l.value?.start ?? l.digest?.start ?? l.valueInsert?.at ?? l.digestInsert?.at;
    if (at === undefined) return true;
    if (seen.has(at)) return false;
    seen.add(at);
    return true;
  });
}
