/**
 * The dependency model shared by every stage: one `Dep` per image or chart reference found in a file.
 *
 * A dep records *where* its value and digest stand in the file (offsets into the file's text, UTF-16
 * code units as JavaScript strings count them), so an update is a splice of those ranges and never a
 * re-serialisation of the file.
 */

/** A half-open range `[start, end)` of offsets into a file's text. */
export interface Span {
  start: number;
  end: number;
}

/** Where a part that is not written yet would go: `before` + the new text + `after`, inserted at `at`. */
export interface Insertion {
  at: number;
  before: string;
  after?: string;
}

/**
 * Where a dep stands in its file. `value`/`digest` are the exact ranges of `currentValue` and
 * `currentDigest` as written (inside any quotes). The insertions say where a missing tag or digest
 * goes, e.g. `@sha256:…` right after a tag when a reference is pinned.
 */
export interface DepLocation {
  value?: Span;
  /**
   * When only part of `currentValue` is written at `value` and the rest is literal text elsewhere
   * (Dockerfile `ARG NODE=20.15.1` + `FROM node:${NODE}-alpine`): the parts before and after the span.
   * A new value must keep them; only the middle is written.
   */
  valueAffix?: { prefix: string; suffix: string };
  digest?: Span;
  valueInsert?: Insertion;
  digestInsert?: Insertion;
}

/** Why a reference was found but cannot be updated. Skipped deps are still listed. */
export type SkipReason =
  | 'contains-variable'
  | 'templated'
  | 'local-chart'
  | 'local-dependency'
  | 'invalid-ref'
  | 'invalid-value'
  | 'invalid-url'
  | 'invalid-dependency-specification'
  | 'unknown-registry'
  | 'no-repository'
  | 'placeholder-url'
  | 'unversioned-reference'
  | 'unsupported-datasource'
  | 'not-editable';

export type ManagerId =
  'kubernetes' | 'flux' | 'helm-values' | 'helmv3' | 'kustomize' | 'docker-compose' | 'dockerfile' | 'github-actions' | 'gitea-actions' | 'argocd';

/** How far an update moves a dep: Renovate's update types. */
export type UpdateType = 'major' | 'minor' | 'patch' | 'digest' | 'pin' | 'pinDigest';

export type DatasourceId = 'docker' | 'helm' | 'github-tags' | 'gitea-tags' | 'gitlab-tags' | 'git-tags' | 'git-refs';

export interface Dep {
  manager: ManagerId;
  /** Repository-relative path with `/` separators. */
  file: string;
  /** 1-based line of the reference (of its value when the reference spans lines). */
  line: number;
  datasource?: DatasourceId;
  /** The reference as written, without tag and digest (`nginx`, `ghcr.io/org/app`); the chart name for charts. */
  depName: string;
  /** Where the dep is looked up: the full image name after `registryAliases`, `owner/repo` for GitHub tags. */
  packageName?: string;
  currentValue?: string;
  currentDigest?: string;
  /** Helm repository URLs (`https://…`, `oci://…`) or other registry URLs. */
  registryUrls?: string[];
  /** What kind of reference inside the file: `stage`/`final`/`syntax` (Dockerfile), `HelmChart`, `action`, … */
  depType?: string;
  /** A versioning scheme the manager knows the value follows (e.g. `docker` for image tags). */
  versioning?: string;
  sourceUrl?: string;
  skipReason?: SkipReason;
  /** One line saying what exactly is wrong, when `skipReason` is set. */
  skipDetail?: string;
  /** Set by some managers when digest pinning makes no sense for the reference (e.g. OCI Helm charts). */
  pinDigests?: boolean;
  location: DepLocation;
}

/** A problem with one file that did not stop the run: always names the file, and the line where known. */
export interface ExtractWarning {
  file: string;
  line?: number;
  message: string;
}

export function formatWarning(w: ExtractWarning): string {
  return w.line !== undefined ? `${w.file}:${w.line}: ${w.message}` : `${w.file}: ${w.message}`;
}
