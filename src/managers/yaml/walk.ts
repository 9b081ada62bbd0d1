/** What a YAML manager carries while it walks one document: the file, its parse, and what it found. */
import type { Document } from 'yaml';
import type { Dep, ExtractWarning } from '../../deps/dep.js';
import type { ExtractOptions, PackageFile } from '../types.js';
import type { YamlFile } from './parse.js';

export interface YamlWalk {
  file: PackageFile;
  yaml: YamlFile;
  doc: Document;
  options: ExtractOptions;
  deps: Dep[];
}

/** A walk that also reports problems (wrong types, missing keys) as warnings naming file and line. */
export interface WarningWalk extends YamlWalk {
  warnings: ExtractWarning[];
}
