/**
 * A dep for an action or reusable workflow in a repository: `owner/repo[/path]@ref`, or on Gitea and
 * Forgejo `https://host/owner/repo[/path]@ref`.
 *
 * - `@v4` / `@main`: currentValue is the ref; the value span is the ref.
 * - `@<full sha> # v4.1.1`: currentDigest is the sha, currentValue the version in the comment; the value
 *   span is the comment's version text, the digest span the sha, so an update rewrites both together.
 * - `@<full sha>` alone: currentDigest only.
 */
import type { Dep, DepLocation, ManagerId } from '../../deps/dep.js';
import type { PackageFile } from '../types.js';
import type { ScalarText } from '../yaml/nodes.js';
import { readPinComment } from './pin-comment.js';
import { isFullCommitSha, isGitHubHost, isShortCommitSha, type RepositoryUses } from './uses-ref.js';

const TEMPLATE = /\{\{|\{%/;

/** Offset just after the value's closing quote (where a comment may follow). */
function valueEnd(text: ScalarText): number {
  return text.span.end + (text.quote === '"' || text.quote === "'" ? 1 : 0);
}

function skip(dep: Dep, reason: NonNullable<Dep['skipReason']>, detail: string): Dep {
  dep.skipReason = reason;
  dep.skipDetail = detail;
  return dep;
}

export function actionDep(manager: ManagerId, file: PackageFile, text: ScalarText, source: string, ref: RepositoryUses): Dep | null {
  // The name itself is an expression: nothing nameable to list.
  if (TEMPLATE.test(source.slice(0, ref.nameEnd))) return null;
  const packageName = `${ref.owner}/${ref.repo}`;
  const github = isGitHubHost(ref.hostname);
  const dep: Dep = {
    manager,
    file: file.path,
    line: file.lineAt(text.span.start),
    datasource: github ? 'github-tags' : 'gitea-tags',
    depName: ref.origin ? `${ref.origin}/${packageName}` : packageName,
    packageName,
    depType: 'action',
    location: {},
  };
  if (!github) dep.registryUrls = [ref.origin!];
  if (text.templated) return skip(dep, 'templated', `the ref of "${source}" is an expression`);
  if (ref.ref === undefined || ref.ref === '' || ref.refStart === undefined) {
    return skip(dep, 'unversioned-reference', `"${source}" names no ref: write @tag or @sha`);
  }
  const comment = readPinComment(file.content, valueEnd(text));
  const refSpan = { start: text.span.start + ref.refStart, end: text.span.start + ref.refStart + ref.ref.length };
  const location: DepLocation = {};
  if (isFullCommitSha(ref.ref)) {
    dep.currentDigest = ref.ref;
    location.digest = refSpan;
    if (comment.version) {
      dep.currentValue = comment.version.value;
      location.value = comment.version.span;
    } else if (!comment.hasComment && comment.lineEndsHere) {
      // A bare sha gains its version as a comment: `@<sha> # v4.1.1`.
      location.valueInsert = { at: valueEnd(text), before: ' # ' };
    }
  } else {
    dep.currentValue = ref.ref;
    if (isShortCommitSha(ref.ref) && comment.version) {
      return skip(dep, 'invalid-value', `"${ref.ref}" is an abbreviated commit sha; pin the full 40-character sha`);
    }
    location.value = refSpan;
    // Pinning writes `@<sha> # <tag>`; only possible when the comment can go outside the value.
    if (text.quote === '' && comment.lineEndsHere) location.digestInsert = { at: refSpan.start, before: '', after: ' # ' };
  }
  if (!text.editable) {
    return skip(dep, 'not-editable', 'the reference is written with escapes or folding and cannot be edited in place');
  }
  dep.location = location;
  return dep;
}
