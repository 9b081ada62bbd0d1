/**
 * The files a branch changes: each planned update spliced into the base branch's file by the edit engine
 * (which reads the file back to verify), several updates in one file applied from its end backwards so
 * every update's recorded offsets stay valid. An update that cannot be verified fails the whole branch:
 * nothing half-written is ever pushed.
 */
import type { Dep } from '../deps/dep.js';
import { applyUpdate } from '../edit/apply-update.js';
import type { Upgrade } from '../plan/types.js';

/** Where a dep's edit starts in its file (its value or digest, or where one is inserted). */
function firstOffset(dep: Dep): number {
  const { location } = dep;
  const offsets = [location.value?.start, location.digest?.start, location.valueInsert?.at, location.digestInsert?.at, location.custom?.match.start].filter(
    (n): n is number => n !== undefined,
  );
  return offsets.length > 0 ? Math.min(...offsets) : 0;
}

/**
 * The new content of every file the branch edits, from `read` (the base branch's content). Files whose
 * content would not change are left out. Throws `EditError` naming the file and dep when an edit cannot
 * be made or verified.
 */
export async function branchFiles(upgrades: readonly Upgrade[], read: (path: string) => Promise<string>): Promise<Map<string, string>> {
  const byFile = new Map<string, Upgrade[]>();
  for (const upgrade of upgrades) byFile.set(upgrade.dep.file, [...(byFile.get(upgrade.dep.file) ?? []), upgrade]);
  const files = new Map<string, string>();
  for (const [file, inFile] of byFile) {
    const original = await read(file);
    let content = original;
    const ordered = [...inFile].sort((a, b) => firstOffset(b.dep) - firstOffset(a.dep));
    for (const { dep, update } of ordered) {
      content = applyUpdate(content, dep, {
        newValue: update.newValue,
        newVersion: update.newVersion,
        ...(update.newDigest ? { newDigest: update.newDigest } : {}),
      });
    }
    if (content !== original) files.set(file, content);
  }
  return files;
}
