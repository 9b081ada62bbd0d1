import { describe, expect, it } from 'vitest';
import { cleanBranchName, groupSlugFor, sanitizeDepName, slugifyGroup } from '../../src/plan/branch-name.js';

describe('sanitizeDepName', () => {
  it.each([
    ['ghcr.io/fluxcd/flux-cli', 'ghcr.io-fluxcd-flux-cli'],
    ['gitea/gitea', 'gitea-gitea'],
    ['nginx', 'nginx'],
    ['docker.io/library/postgres', 'docker.io-library-postgres'],
    ['registry.local:5000/team/app', 'registry.local-5000-team-app'],
    ['ghcr.io/Home-Assistant/Home-Assistant', 'ghcr.io-home-assistant-home-assistant'],
    ['@types/node', 'node'],
    ['@org/pkg', 'org-pkg'],
    ['my chart', 'my-chart'],
    // Renovate collapses only the first run of dashes here; branch cleaning collapses the rest.
    ['a//b//c', 'a-b--c'],
  ])('%s → %s', (depName, sanitized) => {
    expect(sanitizeDepName(depName)).toBe(sanitized);
  });
});

describe('slugifyGroup (slugify, as Renovate)', () => {
  it.each([
    ['all non-major dependencies', 'all-non-major-dependencies'],
    ['Flux apps & tools', 'flux-apps-and-tools'],
    ['Pin Dependencies', 'pin-dependencies'],
    ['/My Group/', 'my-group'],
    ['cert-manager', 'cert-manager'],
    ['  spaced   out  ', 'spaced-out'],
    ['Kube Prometheus Stack 100%', 'kube-prometheus-stack-100percent'],
    ['.a-bad-  name:@.lock', '.a-bad-name:@.lock'],
  ])('%s → %s', (name, slug) => {
    expect(slugifyGroup(name)).toBe(slug);
  });
});

describe('groupSlugFor', () => {
  const base = { slug: 'Flux apps', updateType: 'minor', newMajor: 3, separateMajorMinor: true, separateMultipleMajor: false, separateMinorPatch: false };

  it('separates majors, each major with separateMultipleMajor, and patches with separateMinorPatch', () => {
    expect(groupSlugFor(base)).toBe('flux-apps');
    expect(groupSlugFor({ ...base, updateType: 'major' })).toBe('major-flux-apps');
    expect(groupSlugFor({ ...base, updateType: 'major', separateMultipleMajor: true })).toBe('major-3-flux-apps');
    expect(groupSlugFor({ ...base, updateType: 'major', separateMajorMinor: false })).toBe('flux-apps');
    expect(groupSlugFor({ ...base, updateType: 'patch' })).toBe('flux-apps');
    expect(groupSlugFor({ ...base, updateType: 'patch', separateMinorPatch: true })).toBe('patch-flux-apps');
    expect(groupSlugFor({ ...base, updateType: 'minor', separateMinorPatch: true })).toBe('flux-apps');
    expect(groupSlugFor({ ...base, updateType: 'digest' })).toBe('flux-apps');
  });
});

describe('cleanBranchName (what Renovate makes of a rendered name)', () => {
  it.each([
    ['renovate/bad-branch-name1..', 'renovate/bad-branch-name1'],
    ['renovate/~bad-branch-name2', 'renovate/bad-branch-name2'],
    ['renovate/bad-branch-^-name3', 'renovate/bad-branch-name3'],
    ['renovate/bad-branch-name : 4', 'renovate/bad-branch-name-4'],
    ['renovate/bad-branch-name5/', 'renovate/bad-branch-name5'],
    ['.bad-branch-name6', 'bad-branch-name6'],
    ['renovate/.bad-branch-name7', 'renovate/bad-branch-name7'],
    ['renovate/bad-branch-name9.', 'renovate/bad-branch-name9'],
    ['renovate/bad--branch---name11', 'renovate/bad-branch-name11'],
    ['renovate-/[start]-something-[end]', 'renovate/start-something-end'],
    ['renovate/invalid-branch-name.lock', 'renovate/invalid-branch-name'],
    ['renovate/.a-bad-name:@.lock', 'renovate/a-bad-name-@'],
    ['renovate/nginx-', 'renovate/nginx'],
    ['renovate/a//b', 'renovate/a//b'],
    ['upkeep/ghcr.io-fluxcd-flux-cli-2.x', 'upkeep/ghcr.io-fluxcd-flux-cli-2.x'],
  ])('%s → %s', (name, cleaned) => {
    expect(cleanBranchName(name)).toBe(cleaned);
  });
});
