import type { Dep } from '../deps/dep.js';

/** Where a dep stands in its file: the start of its value, digest or insertion point. */
function placeOf(dep: Dep): number | undefined {
  const l = dep.location;
  return l.value?.start ?? l.digest?.start ?? l.valueInsert?.at ?? l.digestInsert?.at;
}

/**
 * Drop deps that stand at the same place in a file as an earlier one: an alias (`*img`) or a merge key
 * (`<<: *defaults`) reaches the anchor's text again, and two managers may read the same file.
 */
export function dedupeByLocation(deps: Dep[]): Dep[] {
  const seen = new Set<number>();
  return deps.filter((dep) => {
    const at = placeOf(dep);
    if (at === undefined) return true;
    if (seen.has(at)) return false;
    seen.add(at);
    return true;
  });
}

/** A custom-manager dep that can be looked up: not skipped, and a name without spaces. */
function usableCustom(dep: Dep): boolean {
  return dep.manager === 'regex' && dep.skipReason === undefined && !/\s/.test(dep.packageName ?? dep.depName);
}

/**
 * One dep per place of a file read by several managers (built-in managers first, then the config's
 * custom managers). The first is kept, as `dedupeByLocation` does, except that a custom manager's dep
 * replaces a built-in one when the repository's config tracks the value elsewhere: its datasource differs
 * (`custom.talos-factory` for a Talos installer image, `github-releases` for a chart version), or the
 * built-in reading is skipped. A custom dep naming the same datasource leaves the built-in reading in
 * place (it reads the digest and the image map whole), and so does one that cannot be looked up.
 */
export function dedupeAcrossManagers(deps: Dep[]): Dep[] {
  const first = new Map<number, Dep>();
  const winner = new Map<number, Dep>();
  for (const dep of deps) {
    const at = placeOf(dep);
    if (at === undefined) continue;
    const kept = first.get(at);
    if (kept === undefined) {
      first.set(at, dep);
      winner.set(at, dep);
    } else if (kept.manager !== 'regex' && winner.get(at) === kept && usableCustom(dep)) {
      if (kept.skipReason !== undefined || kept.datasource !== dep.datasource) winner.set(at, dep);
    }
  }
  return deps.filter((dep) => {
    const at = placeOf(dep);
    return at === undefined || winner.get(at) === dep;
  });
}
