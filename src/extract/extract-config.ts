/** What the extract stage is told: which managers and files, aliases, limits. */
import type { ManagerSelectionConfig } from './manager-files.js';

export interface ExtractConfig extends ManagerSelectionConfig {
  ignorePaths?: string[];
  registryAliases?: Record<string, string>;
  /** Files larger than this are not read (bytes). */
  maxFileSize?: number;
  /** Worker threads for large repositories (default: one per core; 1 = in-process only). */
  workers?: number;
}
