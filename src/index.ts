/** Upkeep's public API. */
export type { Dep, DepLocation, Span, Insertion, SkipReason, ManagerId, DatasourceId, ExtractWarning } from './deps/dep.js';
export { parseImageRef, type ImageRef, type ParseImageRefOptions } from './images/image-ref.js';
export { extractRepository, type ExtractConfig, type ExtractResult } from './extract/extract-repository.js';
export { applyUpdate, type DepUpdate } from './edit/apply-update.js';
export { EditError, UpkeepError, InputError } from './util/errors.js';
export { getVersioning } from './versioning/registry.js';
export type { VersioningApi, NewValueConfig, RangeStrategy } from './versioning/types.js';
export { chooseUpdates, type ChooseUpdatesInput, type LookupOptions, type Update, type UpdateType } from './lookup/choose-updates.js';
