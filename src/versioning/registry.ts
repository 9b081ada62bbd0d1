// PLACEHOLDER: the versioning helper replaces this file (docker, semver, loose, helm, regex:…).
import type { VersioningApi } from './types.js';

export function getVersioning(name: string): VersioningApi {
  throw new Error(`unknown versioning "${name}"`);
}
