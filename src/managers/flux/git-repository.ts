/**
 * GitRepository `spec.url` with `spec.ref`, read in Flux's order of precedence:
 *
 *   commit            git-refs, currentDigest = the commit (currentValue = `ref.branch` when written)
 *   name refs/tags/x  like `tag: x`
 *   semver            the range as currentValue (`versioning: helm`: npm-style ranges), looked up among the tags
 *   tag               github-tags (`owner/repo`) for github.com, gitlab-tags for gitlab.com, else git-tags
 *   none / branch     listed as `unversioned-reference`
 *
 * depName is the GitRepository's `metadata.name`.
 */
import type { Dep, DatasourceId } from '../../deps/dep.js';
import { mapGet, scalarText, type ScalarText } from '../yaml/nodes.js';
import { skip, textProblem, warn, type FluxWalk, type Resource } from './common.js';

interface TagSource {
  datasource: DatasourceId;
  packageName: string;
  sourceUrl?: string;
}

/** `https://github.com/o/r(.git)`, `ssh://git@github.com/o/r`, `git@github.com:o/r` and the gitlab.com forms. */
const HOSTED = /^(?:(?:https?|ssh):\/\/(?:[^@/]+@)?|[^@/:]+@)(github\.com|gitlab\.com)(?::\d+\/|[/:])(.+?)(?:\.git)?\/?$/;

export function tagSource(url: string): TagSource {
  const hosted = HOSTED.exec(url);
  if (hosted) {
    const [, host, path] = hosted as unknown as [string, string, string];
    const segments = path.split('/').filter(Boolean);
    // GitHub repositories are `owner/repo`; GitLab projects may sit in nested groups.
    const project = host === 'github.com' ? segments.slice(0, 2).join('/') : segments.join('/');
    return {
      datasource: host === 'github.com' ? 'github-tags' : 'gitlab-tags',
      packageName: project,
      sourceUrl: `https://${host}/${project}`,
    };
  }
  const source: TagSource = { datasource: 'git-tags', packageName: url };
  if (/^https?:\/\//.test(url)) source.sourceUrl = url.replace(/\.git$/, '');
  return source;
}

function read(w: FluxWalk, map: unknown, key: string): ScalarText | null {
  const text = scalarText(mapGet(map, key, w.doc), w.yaml);
  return text && text.value.trim() !== '' ? text : null;
}

export function extractGitRepository(w: FluxWalk, res: Resource): void {
  const spec = mapGet(res.root, 'spec', w.doc);
  const url = read(w, spec, 'url');
  if (!url) {
    warn(w, spec ?? res.root, `${res.label}: spec.url is missing`);
    return;
  }
  const ref = mapGet(spec, 'ref', w.doc);
  const commit = read(w, ref, 'commit');
  const name = read(w, ref, 'name');
  const semver = read(w, ref, 'semver');
  const tag = read(w, ref, 'tag');
  const branch = read(w, ref, 'branch');
  // `ref.name: refs/tags/v1.2.3` names a tag; the value is what follows the prefix.
  const namedTag = name?.value.startsWith('refs/tags/') ? name : null;
  const dep: Dep = {
    manager: 'flux',
    file: w.file.path,
    line: w.file.lineAt((commit ?? name ?? semver ?? tag ?? url).span.start),
    depName: res.name ?? url.value,
    location: {},
  };
  w.deps.push(dep);
  const urlProblem = textProblem(url, 'spec.url');
  if (urlProblem && urlProblem.reason !== 'not-editable') {
    skip(dep, urlProblem);
    return;
  }

  if (commit) {
    dep.datasource = 'git-refs';
    dep.packageName = url.value;
    dep.currentDigest = commit.value;
    if (branch) dep.currentValue = branch.value;
    if (/^https?:\/\//.test(url.value)) dep.sourceUrl = url.value.replace(/\.git$/, '');
    const problem = textProblem(commit, 'spec.ref.commit');
    if (problem) skip(dep, problem);
    else dep.location = { digest: commit.span };
    return;
  }
  if (name && !namedTag) {
    skip(dep, { reason: 'unversioned-reference', detail: `spec.ref.name "${name.value}" is not a tag` });
    return;
  }
  const version = namedTag ?? semver ?? tag;
  if (!version) {
    const what = branch ? `follows branch "${branch.value}"` : 'has no spec.ref.tag, semver or commit';
    skip(dep, { reason: 'unversioned-reference', detail: `the GitRepository ${what}` });
    return;
  }
  const source = tagSource(url.value);
  dep.datasource = source.datasource;
  dep.packageName = source.packageName;
  if (source.sourceUrl) dep.sourceUrl = source.sourceUrl;
  const prefix = version === namedTag ? 'refs/tags/'.length : 0;
  dep.currentValue = version.value.slice(prefix);
  if (version === semver) dep.versioning = 'helm'; // npm-style ranges, as Flux reads them
  const problem = textProblem(version, `spec.ref.${version === namedTag ? 'name' : version === semver ? 'semver' : 'tag'}`);
  if (problem) skip(dep, problem);
  else dep.location = { value: { start: version.span.start + prefix, end: version.span.end } };
}
