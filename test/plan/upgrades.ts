/**
 * Upgrades as the plan stage receives them, written by hand for realistic GitOps deps.
 */
import { DEFAULT_OPTIONS } from '../../src/config/defaults.js';
import type { EffectiveOptions } from '../../src/config/schema.js';
import type { Dep } from '../../src/deps/dep.js';
import type { Update, UpdateType } from '../../src/lookup/choose-updates.js';
import type { Upgrade } from '../../src/plan/types.js';

export const DIGEST_A = 'sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9';
export const DIGEST_B = 'sha256:5c1d2a3b4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9';
export const DIGEST_C = 'sha256:def5678b4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9';

export interface UpgradeSpec {
  depName: string;
  file?: string;
  line?: number;
  manager?: Dep['manager'];
  datasource?: Dep['datasource'];
  depType?: string;
  packageName?: string;
  currentValue?: string;
  currentDigest?: string;
  sourceUrl?: string;
  updateType: UpdateType;
  newValue: string;
  newDigest?: string;
  /** Defaults to newValue without a `-suffix` (docker's valueToVersion). */
  newVersion?: string;
  newMajor?: number | null;
  newMinor?: number | null;
  newPatch?: number | null;
  config?: Partial<EffectiveOptions>;
  baseBranch?: string;
}

/** Renovate's prefix, for tests that compare with names and titles Renovate produces. */
export const RENOVATE = { branchPrefix: 'renovate/' } as const;

export function upgrade(spec: UpgradeSpec): Upgrade {
  const newVersion = spec.newVersion ?? spec.newValue.replace(/^v/, '').replace(/-.*$/, '');
  const [major, minor, patch] = newVersion.split('.').map((n) => (/^\d+$/.test(n) ? Number(n) : null));
  const datasource = spec.datasource ?? 'docker';
  const dep: Upgrade['dep'] = {
    manager: spec.manager ?? (datasource === 'helm' ? 'flux' : 'kubernetes'),
    file: spec.file ?? 'apps/web/deployment.yaml',
    line: spec.line ?? 10,
    datasource,
    depName: spec.depName,
    ...(spec.packageName !== undefined ? { packageName: spec.packageName } : {}),
    ...(spec.currentValue !== undefined ? { currentValue: spec.currentValue } : {}),
    ...(spec.currentDigest !== undefined ? { currentDigest: spec.currentDigest } : {}),
    ...(spec.depType !== undefined ? { depType: spec.depType } : {}),
    ...(spec.sourceUrl !== undefined ? { sourceUrl: spec.sourceUrl } : {}),
    location: {},
  };
  const update: Update = {
    updateType: spec.updateType,
    newValue: spec.newValue,
    ...(spec.newDigest !== undefined ? { newDigest: spec.newDigest } : {}),
    newVersion,
    newMajor: spec.newMajor !== undefined ? spec.newMajor : (major ?? null),
    newMinor: spec.newMinor !== undefined ? spec.newMinor : (minor ?? null),
    newPatch: spec.newPatch !== undefined ? spec.newPatch : (patch ?? null),
    isBreaking: spec.updateType === 'major',
  };
  return { dep, update, config: { ...DEFAULT_OPTIONS, ...spec.config }, baseBranch: spec.baseBranch ?? 'main' };
}
