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
  /** Deps of a custom manager: how the file was read, so an edit reads it back the same way. */
  custom?: CustomLocation;
}

/** The custom-manager templates that set a dep field (Renovate's `<field>Template` options). */
export const CUSTOM_TEMPLATE_FIELDS = [
  'depName',
  'packageName',
  'currentValue',
  'currentDigest',
  'datasource',
  'versioning',
  'extractVersion',
  'registryUrl',
  'depType',
  'indentation',
] as const;
export type CustomTemplateField = (typeof CUSTOM_TEMPLATE_FIELDS)[number];

/**
 * One regex custom manager (`customManagers[i]` with `customType: "regex"`, or an old `regexManagers`
 * entry), as plain data: what the extract stage is told and what a custom dep carries for its edit.
 */
export interface RegexManagerDefinition {
  /** Where it stands in the config, for messages (`customManagers[2]`). */
  key: string;
  /** Renovate's legacy file patterns: regular expressions without slashes. */
  fileMatch?: string[];
  /** `/regex/` or glob entries. */
  managerFilePatterns?: string[];
  matchStrings: string[];
  matchStringsStrategy?: 'any' | 'recursive' | 'combination';
  /** `depNameTemplate`, `datasourceTemplate`, … by field name. */
  templates?: Partial<Record<CustomTemplateField, string>>;
  autoReplaceStringTemplate?: string;
}

/** Where a custom-manager dep was matched and how it is written back. */
export interface CustomLocation {
  definition: RegexManagerDefinition;
  /** The text the match strings matched (Renovate's `replaceString`). */
  match: Span;
  /** The named groups of the match, for `autoReplaceStringTemplate`. */
  groups: Record<string, string>;
}

/** Why a reference was found but cannot be updated. Skipped deps are still listed. */
export type SkipReason =
  | 'contains-variable'
  | 'templated'
  | 'local-chart'
  | 'local-dependency'
  | 'invalid-ref'
  | 'invalid-value'
  /** A value that names no version to compare (a moving label such as `ubuntu-latest`), as Renovate calls it. */
  | 'invalid-version'
  | 'invalid-url'
  | 'invalid-dependency-specification'
  | 'unknown-registry'
  | 'no-repository'
  | 'placeholder-url'
  | 'unversioned-reference'
  | 'unsupported-datasource'
  /** Nothing pins a version (an `apt-get install` package, a setup action without its version input). */
  | 'unspecified-version'
  | 'not-editable';

export type ManagerId =
  | 'kubernetes'
  | 'flux'
  | 'helm-values'
  | 'helmv3'
  | 'kustomize'
  | 'docker-compose'
  | 'dockerfile'
  | 'github-actions'
  | 'gitea-actions'
  | 'argocd'
  | 'helmfile'
  /** Deps of the config's regex custom managers (Renovate's `custom.regex`). */
  | 'regex';

/** How far an update moves a dep: Renovate's update types. */
export type UpdateType = 'major' | 'minor' | 'patch' | 'digest' | 'pin' | 'pinDigest';

/** The datasources Upkeep has (each with an entry in meta/datasources.ts). */
export type BuiltinDatasourceId =
  | 'docker'
  | 'helm'
  | 'github-tags'
  | 'gitea-tags'
  | 'gitlab-tags'
  | 'git-tags'
  | 'git-refs'
  | 'github-releases'
  | 'gitea-releases'
  | 'gitlab-releases'
  | 'github-runners';

/** A built-in datasource, or one of the repository config's `customDatasources` (`custom.<name>`). */
export type DatasourceId = BuiltinDatasourceId | `custom.${string}`;

export interface Dep {
  manager: ManagerId;
  /** Repository-relative path with `/` separators. */
  file: string;
  /** 1-based line of the reference (of its value when the reference spans lines). */
  line: number;
  /**
   * A datasource Upkeep has, or — from a custom manager — one it lacks (`github-releases`,
   * `custom.<name>`), kept as named with `skipReason: 'unsupported-datasource'`.
   */
  datasource?: DatasourceId | (string & {});
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
  /** A pattern whose `version` group is the version in each registry tag (`^v(?<version>.+)$`); custom managers set it. */
  extractVersion?: string;
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
