/** What the extract stage is told: which managers and files, custom managers, aliases, limits. */
import type { RegexManagerDefinition } from '../deps/dep.js';
import type { ManagerSelectionConfig } from './manager-files.js';

export interface ExtractConfig extends ManagerSelectionConfig {
  ignorePaths?: string[];
  registryAliases?: Record<string, string>;
  /** Files larger than this are not read (bytes). */
  maxFileSize?: number;
  /** Worker threads for large repositories (default: one per core; 1 = in-process only). */
  workers?: number;
  /** The config's regex custom managers, in config order (plain data: worker threads get it as it is). */
  customManagers?: RegexManagerDefinition[];
  /** Names of the config's custom datasources: a custom manager's `custom.<name>` dep is then not skipped. */
  customDatasources?: string[];
}
