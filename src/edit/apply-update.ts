/**
 * The edit engine: write a new tag and/or digest into a file by splicing only the ranges the dep
 * recorded, then read the file back and check it yields the dep with the new value. Comments, quoting,
 * key order, indentation, other documents and line ends are untouched because nothing else is written.
 */
import type { Dep, DepLocation, Insertion, Span } from '../deps/dep.js';
import { getManager } from '../managers/registry.js';
import { applyCustomUpdate } from '../managers/custom/apply.js';
import { createPackageFile } from '../managers/package-file.js';
import { EditError } from '../util/errors.js';

export interface DepUpdate {
  newValue?: string;
  newDigest?: string;
  /** The version `newValue` stands for (`1.2.3` for `v1.2.3`), for custom managers' replacement templates. */
  newVersion?: string;
}

interface Splice {
  start: number;
  end: number;
  text: string;
  /** Order among splices at the same offset: higher goes first in the file. */
  rank: number;
}

function sameLocation(a: DepLocation, b: DepLocation): boolean {
  const span = (x?: Span, y?: Span) => x?.start === y?.start && x?.end === y?.end;
  const ins = (x?: Insertion, y?: Insertion) => x?.at === y?.at && x?.before === y?.before && x?.after === y?.after;
  const affix = (x?: DepLocation['valueAffix'], y?: DepLocation['valueAffix']) => x?.prefix === y?.prefix && x?.suffix === y?.suffix;
  return (
    affix(a.valueAffix, b.valueAffix) &&
    span(a.value, b.value) &&
    span(a.digest, b.digest) &&
    ins(a.valueInsert, b.valueInsert) &&
    ins(a.digestInsert, b.digestInsert)
  );
}

function planSplices(content: string, dep: Dep, update: DepUpdate): Splice[] {
  const fail = (message: string): never => {
    throw new EditError(dep.file, dep.line, `${dep.depName}: ${message}`);
  };
  const { location } = dep;
  const splices: Splice[] = [];
  const wantsValue = update.newValue !== undefined && update.newValue !== dep.currentValue;
  const wantsDigest = update.newDigest !== undefined && update.newDigest !== dep.currentDigest;
  const affix = location.valueAffix ?? { prefix: '', suffix: '' };
  const inner = (value: string) => value.slice(affix.prefix.length, value.length - affix.suffix.length);
  if (location.value && content.slice(location.value.start, location.value.end) !== inner(dep.currentValue ?? '')) {
    fail(`the file changed since extraction (expected "${dep.currentValue}" at offset ${location.value.start})`);
  }
  if (location.digest && content.slice(location.digest.start, location.digest.end) !== (dep.currentDigest ?? '')) {
    fail(`the file changed since extraction (expected digest at offset ${location.digest.start})`);
  }
  if (wantsValue) {
    const value = update.newValue!;
    if (value.length <= affix.prefix.length + affix.suffix.length) fail('refusing to write an empty value');
    if (!value.startsWith(affix.prefix) || !value.endsWith(affix.suffix)) {
      fail(`"${value}" does not keep "${affix.prefix}…${affix.suffix}", which is written elsewhere in the file`);
    }
    const text = inner(value);
    if (location.value) splices.push({ ...location.value, text, rank: 1 });
    else if (location.valueInsert) splices.push(insertion(location.valueInsert, text, 1));
    else fail('its value cannot be edited in place');
  }
  if (wantsDigest) {
    const text = update.newDigest!;
    if (!isDigest(text, dep)) fail(`"${text}" is not a digest`);
    if (location.digest) splices.push({ ...location.digest, text, rank: 0 });
    else if (location.digestInsert) splices.push(insertion(location.digestInsert, text, 0));
    else fail('its digest cannot be edited in place');
  }
  return splices;
}

const IMAGE_DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-f0-9]{32,}$/;
const COMMIT_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** Image digests are `algorithm:hex`; git-based deps (actions, GitRepository) pin a full commit sha. */
function isDigest(text: string, dep: Dep): boolean {
  return dep.datasource === 'docker' || dep.datasource === undefined ? IMAGE_DIGEST.test(text) : COMMIT_SHA.test(text);
}

function insertion(ins: Insertion, text: string, rank: number): Splice {
  return { start: ins.at, end: ins.at, text: `${ins.before}${text}${ins.after ?? ''}`, rank };
}

function extractDeps(dep: Dep, content: string): Dep[] {
  return getManager(dep.manager).extractFile(createPackageFile(dep.file, content), {}).deps;
}

/**
 * Return `content` with `dep` set to `newValue` / `newDigest`. Throws `EditError` when the dep is
 * skipped, the file no longer matches the dep, or the edited file does not read back as intended.
 * Returns `content` itself (byte-identical) when nothing changes.
 */
export function applyUpdate(content: string, dep: Dep, update: DepUpdate): string {
  if (dep.skipReason) {
    throw new EditError(dep.file, dep.line, `${dep.depName}: cannot be updated (${dep.skipReason})`);
  }
  // A custom manager's dep is read back with its own definition (and may be written by a template).
  if (dep.location.custom) return applyCustomUpdate(content, dep, update);
  const splices = planSplices(content, dep, update);
  if (splices.length === 0) return content;

  const before = extractDeps(dep, content);
  const index = before.findIndex((d) => d.depName === dep.depName && sameLocation(d.location, dep.location));
  if (index < 0) throw new EditError(dep.file, dep.line, `${dep.depName}: not found in the file any more`);

  // Splice from the end of the file backwards so earlier offsets stay valid. At one offset a replacement
  // goes first, so an insertion there lands before the new text instead of inside the old span.
  splices.sort((a, b) => b.start - a.start || b.end - b.start - (a.end - a.start) || a.rank - b.rank);
  let next = content;
  for (const s of splices) next = next.slice(0, s.start) + s.text + next.slice(s.end);

  const after = extractDeps(dep, next);
  const edited = after[index];
  const wantValue = update.newValue ?? dep.currentValue;
  const wantDigest = update.newDigest ?? dep.currentDigest;
  if (
    after.length !== before.length ||
    !edited ||
    edited.depName !== dep.depName ||
    edited.currentValue !== wantValue ||
    edited.currentDigest !== wantDigest ||
    // Read back alone, a dep may lack what other files or options resolve (a HelmRepository elsewhere, a
    // registry alias): only an edit that changes how the file itself reads is refused.
    edited.skipReason !== before[index]!.skipReason
  ) {
    const got = edited ? `${edited.depName} ${edited.currentValue ?? ''}${edited.currentDigest ? `@${edited.currentDigest}` : ''}` : 'nothing';
    throw new EditError(dep.file, dep.line, `${dep.depName}: the edit could not be verified (read back ${got.trim()})`);
  }
  return next;
}
