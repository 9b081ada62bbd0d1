/**
 * Writing an update into a file a regex custom manager read: the new value and digest are spliced into
 * exactly the ranges their groups matched — or, when the definition has an `autoReplaceStringTemplate`,
 * the matched text is replaced by the rendered template — and the file is read back with the same
 * definition, which must find the dep again with the new value and nothing else changed in what it finds.
 * Nothing outside the matched ranges is ever written.
 */
import type { CustomLocation, Dep, Span } from '../../deps/dep.js';
import { EditError, InputError } from '../../util/errors.js';
import { createTemplateEngine } from '../../util/templates.js';
import { createPackageFile } from '../package-file.js';
import { extractWithDefinition } from './regex.js';

export interface CustomUpdate {
  newValue?: string;
  newDigest?: string;
  /** The version the new value stands for (`1.2.3` for `v1.2.3`), for templates that write it; default: `newValue`. */
  newVersion?: string;
}

interface Splice extends Span {
  text: string;
}

const sameSpan = (a?: Span, b?: Span) => a?.start === b?.start && a?.end === b?.end;

/** Renovate's `indentation`: whitespace only, anything else is no indentation. */
const indentation = (text: string | undefined) => (text !== undefined && /^\s*$/.test(text) ? text : '');

function templateSplice(dep: Dep, update: CustomUpdate, custom: CustomLocation, template: string): Splice {
  const { groups, match } = custom;
  const newValue = update.newValue ?? dep.currentValue;
  const fields: Record<string, unknown> = {
    ...groups,
    indentation: indentation(groups.indentation),
    depName: dep.depName,
    packageName: dep.packageName ?? dep.depName,
    currentValue: dep.currentValue,
    currentDigest: dep.currentDigest,
    newValue,
    newVersion: update.newVersion ?? newValue,
    newDigest: update.newDigest,
    datasource: dep.datasource,
    versioning: dep.versioning,
    depType: dep.depType,
  };
  try {
    return { ...match, text: createTemplateEngine().render(template, fields, `${custom.definition.key}.autoReplaceStringTemplate`) };
  } catch (err) {
    if (err instanceof InputError) throw new EditError(dep.file, dep.line, `${dep.depName}: ${err.message}`);
    throw err;
  }
}

function planSplices(content: string, dep: Dep, update: CustomUpdate): Splice[] {
  const fail = (message: string): never => {
    throw new EditError(dep.file, dep.line, `${dep.depName}: ${message}`);
  };
  const { value, digest, custom } = dep.location;
  if (value && content.slice(value.start, value.end) !== dep.currentValue)
    fail(`the file changed since extraction (expected "${dep.currentValue}" at offset ${value.start})`);
  if (digest && content.slice(digest.start, digest.end) !== dep.currentDigest)
    fail(`the file changed since extraction (expected digest at offset ${digest.start})`);
  const newValue = update.newValue !== dep.currentValue ? update.newValue : undefined;
  const newDigest = update.newDigest !== dep.currentDigest ? update.newDigest : undefined;
  if (newValue === undefined && newDigest === undefined) return [];
  if (newValue !== undefined && newValue.trim() === '') fail('refusing to write an empty value');
  if (newDigest !== undefined && /\s/.test(newDigest)) fail(`"${newDigest}" is not a digest`);
  const template = custom?.definition.autoReplaceStringTemplate;
  if (template !== undefined && custom) return [templateSplice(dep, update, custom, template)];
  const splices: Splice[] = [];
  if (newValue !== undefined)
    splices.push(
      value
        ? { ...value, text: newValue }
        : fail('its value is not written where the match strings read it (a currentValueTemplate); an autoReplaceStringTemplate can write it'),
    );
  if (newDigest !== undefined)
    splices.push(digest ? { ...digest, text: newDigest } : fail('its digest cannot be written: the match strings read no currentDigest'));
  return splices;
}

/** `content` with `dep` (of the regex manager) set to the update; throws `EditError` when it cannot be made or verified. */
export function applyCustomUpdate(content: string, dep: Dep, update: CustomUpdate): string {
  const custom = dep.location.custom;
  if (dep.skipReason) throw new EditError(dep.file, dep.line, `${dep.depName}: cannot be updated (${dep.skipReason})`);
  if (!custom) throw new EditError(dep.file, dep.line, `${dep.depName}: not found by a custom manager`);
  const splices = planSplices(content, dep, update);
  if (splices.length === 0) return content;

  const read = (text: string) => extractWithDefinition(custom.definition, createPackageFile(dep.file, text)).deps;
  const before = read(content);
  const index = before.findIndex(
    (d) =>
      d.depName === dep.depName &&
      sameSpan(d.location.custom?.match, custom.match) &&
      sameSpan(d.location.value, dep.location.value) &&
      sameSpan(d.location.digest, dep.location.digest),
  );
  if (index < 0) throw new EditError(dep.file, dep.line, `${dep.depName}: not found in the file any more`);

  let next = content;
  for (const s of [...splices].sort((a, b) => b.start - a.start)) next = next.slice(0, s.start) + s.text + next.slice(s.end);

  const after = read(next);
  const edited = after[index];
  const wantValue = update.newValue ?? dep.currentValue;
  const wantDigest = update.newDigest ?? dep.currentDigest;
  if (
    after.length !== before.length ||
    !edited ||
    edited.depName !== dep.depName ||
    edited.currentValue !== wantValue ||
    edited.currentDigest !== wantDigest ||
    edited.skipReason !== before[index]!.skipReason
  ) {
    const got = edited ? `${edited.depName} ${edited.currentValue ?? ''}${edited.currentDigest ? `@${edited.currentDigest}` : ''}` : 'nothing';
    throw new EditError(dep.file, dep.line, `${dep.depName}: the edit could not be verified (read back ${got.trim()})`);
  }
  return next;
}
