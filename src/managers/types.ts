/**
 * The manager plug-in contract. A manager turns one file into deps; managers that link resources
 * across files (flux: HelmRelease → HelmRepository) also return link data, resolved by `linkFiles`
 * after every file was read. A manager is a plain object: no module-level state.
 */
import type { Dep, ExtractWarning, ManagerId } from '../deps/dep.js';
import type { YamlFile } from './yaml/parse.js';

export interface ExtractOptions {
  /** alias → target: rewrites where an image is looked up (`packageName`), never what is written. */
  registryAliases?: Record<string, string>;
}

/** One file handed to managers. The YAML parse is done once, on first use, and shared. */
export interface PackageFile {
  /** Repository-relative path with `/` separators. */
  path: string;
  content: string;
  yaml(): YamlFile;
  /** 1-based line number of an offset. */
  lineAt(offset: number): number;
}

export interface FileExtract<L = unknown> {
  deps: Dep[];
  warnings: ExtractWarning[];
  /** Data for `linkFiles` (must be plain, structured-cloneable data). */
  link?: L;
}

export interface Manager<L = unknown> {
  readonly id: ManagerId;
  /** Default file patterns: globs, or `/regex/` strings. A user's patterns add to these. */
  readonly filePatterns: readonly string[];
  /** Read any `*.yaml`/`*.yml` that is a Kubernetes-style manifest (has `apiVersion` and `kind`). */
  readonly readsManifests: boolean;
  readonly datasources: readonly string[];
  /** Cheap text test: false means the file cannot hold anything for this manager (skips parsing). */
  mightContain?(content: string): boolean;
  extractFile(file: PackageFile, options: ExtractOptions): FileExtract<L>;
  /** Cross-file resolution, after every file was extracted. Mutates the deps of `files` in place. */
  linkFiles?(files: Array<FileExtract<L>>, options: ExtractOptions): void;
}
