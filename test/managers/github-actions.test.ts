import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dep } from '../../src/deps/dep.js';
import { applyUpdate, type DepUpdate } from '../../src/edit/apply-update.js';
import { compileBuiltinPattern as compilePattern } from '../../src/config/file-patterns.js';
import { giteaActionsManager, githubActionsManager } from '../../src/managers/github-actions.js';
import { createPackageFile } from '../../src/managers/package-file.js';
import type { ExtractOptions, Manager } from '../../src/managers/types.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/github-actions');
const NEW_SHA = '11bd71901bbe5b1630ceea73d27597364c9af683';
const NEW_IMAGE_DIGEST = 'sha256:4f1e4b2d8f0c6a3e9b7d5c1a0e2f4b6d8c0a2e4f6b8d0c2e4a6f8b0d2c4e6a8f';

const fixture = (path: string) => readFileSync(resolve(FIXTURES, path), 'utf8');

function managerFor(path: string): Manager {
  return /(?:^|\/)\.(?:gitea|forgejo)\//.test(path) ? giteaActionsManager : githubActionsManager;
}

function extractAll(path: string, content = fixture(path), options: ExtractOptions = {}) {
  return managerFor(path).extractFile(createPackageFile(path, content), options);
}

/** Actions and images only: runner labels (`runs-on:`) have their own tests below, tool inputs in actions/tool-input-dep.test.ts. */
function extract(path: string, content = fixture(path), options: ExtractOptions = {}) {
  const { deps, warnings } = extractAll(path, content, options);
  return { deps: deps.filter((d) => d.depType !== 'github-runner' && d.depType !== 'uses-with'), warnings };
}

const brief = (d: Dep) => {
  const out: Record<string, unknown> = { line: d.line, depType: d.depType, depName: d.depName };
  for (const key of ['currentValue', 'currentDigest', 'skipReason'] as const) if (d[key] !== undefined) out[key] = d[key];
  return out;
};

/** Replace the first occurrence of `from` by `to`, failing when `from` is absent (the expected file). */
function expectedEdit(content: string, from: string, to: string): string {
  expect(content).toContain(from);
  return content.replace(from, to);
}

/**
 * `applyUpdate`, except while the shared engine still refuses a git commit sha as a digest (it only
 * accepts `algorithm:hex`; the change is requested in the report): then the dep's recorded spans are
 * spliced by hand the way the engine would, and the result is verified by re-extraction the same way.
 * Any other error fails the test.
 */
function update(content: string, dep: Dep, u: DepUpdate): string {
  try {
    return applyUpdate(content, dep, u);
  } catch (err) {
    if (!/^[0-9a-f]{40}$/.test(u.newDigest ?? '') || !String(err).includes('is not a digest')) throw err;
  }
  const { location: l } = dep;
  const edits: Array<{ start: number; end: number; text: string }> = [];
  if (u.newValue !== undefined && u.newValue !== dep.currentValue) {
    if (l.value) edits.push({ ...l.value, text: u.newValue });
    else edits.push({ start: l.valueInsert!.at, end: l.valueInsert!.at, text: `${l.valueInsert!.before}${u.newValue}${l.valueInsert!.after ?? ''}` });
  }
  if (u.newDigest !== dep.currentDigest) {
    if (l.digest) edits.push({ ...l.digest, text: u.newDigest! });
    else edits.push({ start: l.digestInsert!.at, end: l.digestInsert!.at, text: `${l.digestInsert!.before}${u.newDigest}${l.digestInsert!.after ?? ''}` });
  }
  // From the end backwards; at one offset the replacement first, so an insertion lands before it.
  edits.sort((a, b) => b.start - a.start || b.end - b.start - (a.end - a.start));
  let next = content;
  for (const e of edits) next = next.slice(0, e.start) + e.text + next.slice(e.end);
  const before = extract(dep.file, content).deps;
  const after = extract(dep.file, next).deps;
  const index = before.findIndex((d) => JSON.stringify(d.location) === JSON.stringify(l));
  expect(after).toHaveLength(before.length);
  expect(after[index]).toMatchObject({ depName: dep.depName, currentValue: u.newValue ?? dep.currentValue, currentDigest: u.newDigest });
  return next;
}

describe('file patterns', () => {
  const claims = (m: Manager, path: string) => m.filePatterns.some((p) => compilePattern(p)(path));
  const owner = (path: string) =>
    [githubActionsManager, giteaActionsManager]
      .filter((m) => claims(m, path))
      .map((m) => m.id)
      .join(',') || 'none';

  it('gives GitHub files to github-actions and .gitea/.forgejo files to gitea-actions, never both', () => {
    const paths = {
      '.github/workflows/ci.yml': 'github-actions',
      '.github/workflows/release.yaml': 'github-actions',
      'workflow-templates/node.yml': 'github-actions',
      '.github/actions/setup-pnpm/action.yml': 'github-actions',
      'action.yml': 'github-actions',
      'actions/lint/action.yaml': 'github-actions',
      '.gitea/workflows/build.yaml': 'gitea-actions',
      '.forgejo/workflows/test.yml': 'gitea-actions',
      '.forgejo/actions/deploy/action.yml': 'gitea-actions',
      'sub/.gitea/actions/x/action.yaml': 'gitea-actions',
      '.github/dependabot.yml': 'none',
      '.github/workflows/README.md': 'none',
      'docs/workflows/ci.yml': 'none',
      'my-action.yml': 'none',
    };
    expect(Object.fromEntries(Object.keys(paths).map((p) => [p, owner(p)]))).toEqual(paths);
  });

  it('skips files that cannot name anything', () => {
    expect(githubActionsManager.mightContain!('name: x\non: push\n')).toBe(false);
    expect(githubActionsManager.mightContain!('steps:\n  - uses: a/b@v1\n')).toBe(true);
    expect(giteaActionsManager.mightContain!('jobs:\n  a:\n    container: node:20\n')).toBe(true);
  });
});

describe('github-actions extraction', () => {
  it('finds actions, a reusable workflow, the job container, services and a docker:// step in a CI workflow', () => {
    const { deps, warnings } = extract('.github/workflows/ci.yml');
    expect(warnings).toEqual([]);
    expect(deps.map(brief)).toEqual([
      { line: 22, depType: 'action', depName: 'actions/checkout', currentValue: 'v4' },
      { line: 23, depType: 'action', depName: 'actions/setup-node', currentValue: 'v4.0.2' },
      { line: 28, depType: 'action', depName: 'actions/cache', currentValue: 'v4' },
      { line: 38, depType: 'container', depName: 'node', currentValue: '20.11.1-bookworm' },
      { line: 42, depType: 'service', depName: 'postgres', currentValue: '16.2-alpine' },
      {
        line: 50,
        depType: 'service',
        depName: 'redis',
        currentValue: '7.2.4',
        currentDigest: 'sha256:3134997edb04277814aa51a4175a588d45eb4299272f8eff2307bbf8b39e4d43',
      },
      { line: 55, depType: 'action', depName: 'actions/checkout', currentValue: 'v4' },
      { line: 61, depType: 'docker', depName: 'hadolint/hadolint', currentValue: 'v2.12.0' },
      { line: 64, depType: 'action', depName: 'codecov/codecov-action', currentValue: 'v4.1.0' },
      { line: 76, depType: 'action', depName: 'actions/checkout', currentValue: 'main' },
      { line: 81, depType: 'action', depName: 'octo-org/shared-workflows', currentValue: 'v2.3.0' },
    ]);
    const actions = deps.filter((d) => d.depType === 'action');
    expect(actions.every((d) => d.datasource === 'github-tags' && d.packageName === d.depName && !d.registryUrls)).toBe(true);
    expect(deps.filter((d) => d.depType !== 'action').every((d) => d.datasource === 'docker')).toBe(true);
    expect(deps.every((d) => d.manager === 'github-actions' && d.file === '.github/workflows/ci.yml')).toBe(true);
  });

  it('reads sha pins with their version comment in every common form', () => {
    const content = fixture('.github/workflows/release.yml');
    const { deps, warnings } = extract('.github/workflows/release.yml', content);
    expect(warnings).toEqual([]);
    expect(deps.map((d) => [d.line, d.depName, d.currentValue, d.currentDigest])).toEqual([
      [16, 'actions/checkout', 'v4.1.1', 'b4ffde65f46336ab88eb53be808477a3936bae11'],
      [19, 'actions/setup-go', 'v5.0.0', '0c52d547c9bc32b1aa3301fd7a9cb496313a4491'],
      [23, 'docker/setup-qemu-action', 'v3.0.0', '68827325e0b33c7199eb31dd4e31fbe9023e06e3'],
      [25, 'docker/setup-buildx-action', 'v3.0.0', 'f95db51fddba0c2d1ec667646a06c2ce06100226'],
      [26, 'sigstore/cosign-installer', 'v3.4.0', 'e1523de7571e31dbe865fd2e80c5c7c23ae71eb4'],
      [27, 'github/codeql-action', 'codeql-bundle-v2.16.3', 'cdcdbb579706841c47f7063dda365e292e5cad7a'],
      [28, 'github/codeql-action', undefined, 'cdcdbb579706841c47f7063dda365e292e5cad7a'],
      [29, 'goreleaser/goreleaser-action', 'v5.0.0', '7ec5c2b0c6cdda6e8bbb49444bc797dd33d74dd8'],
      [35, 'actions/attest-build-provenance', 'v1', 'bdd51370e0416ac948727f861e03c2f05d32d78e'],
      [38, 'softprops/action-gh-release', undefined, '9d7c94cfd0a1f3ed45544c887983e9fa900f0564'],
    ]);
    expect(deps.every((d) => !d.skipReason)).toBe(true);
    // The value span is the comment's version text, the digest span the sha.
    const buildx = deps[3]!;
    expect(content.slice(buildx.location.value!.start, buildx.location.value!.end)).toBe('v3.0.0');
    expect(content.slice(buildx.location.value!.start - 8, buildx.location.value!.start)).toBe('#   tag=');
    expect(content.slice(buildx.location.digest!.start, buildx.location.digest!.end)).toBe(buildx.currentDigest);
    // A bare sha can gain its version comment; one with another comment cannot.
    expect(deps[6]!.location.valueInsert).toEqual({ at: deps[6]!.location.digest!.end, before: ' # ' });
    expect(deps[9]!.location).toEqual({ digest: { start: content.indexOf('9d7c94cf'), end: content.indexOf('9d7c94cf') + 40 } });
  });

  it('reads composite actions and container actions', () => {
    expect(extract('.github/actions/setup-pnpm/action.yml').deps.map(brief)).toEqual([
      { line: 10, depType: 'action', depName: 'pnpm/action-setup', currentValue: 'v3.0.0', currentDigest: 'a3252b78c470c02df07e9d59298aecedc3ccdd6d' },
      { line: 13, depType: 'action', depName: 'actions/setup-node', currentValue: 'v4' },
    ]);
    expect(extract('docker-action/action.yaml').deps.map(brief)).toEqual([
      { line: 13, depType: 'docker', depName: 'jnorwood/helm-docs', currentValue: 'v1.13.1' },
    ]);
    expect(extract('action.yml', 'name: x\nruns:\n  using: docker\n  image: Dockerfile\n').deps).toEqual([]);
  });

  it('reads Gitea workflows: short names from GitHub, full URLs from their forge', () => {
    const { deps, warnings } = extract('.gitea/workflows/build.yaml');
    expect(warnings).toEqual([]);
    expect(deps.map((d) => [d.line, d.datasource, d.depName, d.packageName, d.registryUrls, d.currentValue, d.currentDigest])).toEqual([
      [10, 'docker', 'catthehacker/ubuntu', 'catthehacker/ubuntu', undefined, 'act-22.04', undefined],
      [12, 'github-tags', 'actions/checkout', 'actions/checkout', undefined, 'v4', undefined],
      [13, 'gitea-tags', 'https://gitea.com/actions/setup-go', 'actions/setup-go', ['https://gitea.com'], 'v5', undefined],
      [16, 'github-tags', 'https://github.com/docker/login-action', 'docker/login-action', undefined, 'v3.1.0', undefined],
      [
        21,
        'gitea-tags',
        'https://git.example.org/infra/actions',
        'infra/actions',
        ['https://git.example.org'],
        'v1.4.2',
        '2f1b3e4d5c6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c',
      ],
    ]);
    expect(deps.every((d) => d.manager === 'gitea-actions')).toBe(true);
  });

  it('reads Forgejo workflows and actions', () => {
    expect(extract('.forgejo/workflows/test.yml').deps.map((d) => [d.depType, d.datasource, d.depName, d.currentValue, d.registryUrls])).toEqual([
      ['container', 'docker', 'code.forgejo.org/oci/node', '20-bookworm', undefined],
      ['service', 'docker', 'mariadb', '11.3', undefined],
      ['action', 'gitea-tags', 'https://code.forgejo.org/actions/checkout', 'v4', ['https://code.forgejo.org']],
      ['action', 'gitea-tags', 'https://code.forgejo.org/actions/setup-go', 'v5', ['https://code.forgejo.org']],
    ]);
    expect(extract('.forgejo/actions/deploy/action.yml').deps.map(brief)).toEqual([
      { line: 6, depType: 'action', depName: 'https://code.forgejo.org/actions/setup-forgejo', currentValue: 'v2.0.4' },
      { line: 7, depType: 'docker', depName: 'bitnami/kubectl', currentValue: '1.29.3' },
    ]);
  });

  it('lists what it cannot update with a reason, never a wrong dep, and warns about wrong types', () => {
    const { deps, warnings } = extract('.github/workflows/odd.yml');
    expect(deps.map(brief)).toEqual([
      { line: 7, depType: 'action', depName: 'actions/checkout', skipReason: 'unversioned-reference' },
      { line: 8, depType: 'action', depName: 'actions/setup-python', skipReason: 'templated' },
      { line: 10, depType: 'action', depName: 'not-an-action', skipReason: 'invalid-ref' },
      { line: 11, depType: 'action', depName: 'actions/checkout', currentValue: 'a81bbbf', skipReason: 'invalid-value' },
      { line: 12, depType: 'action', depName: 'actions/upload-artifact', currentValue: 'v4' },
      { line: 13, depType: 'action', depName: 'actions/cache', currentValue: 'v4', skipReason: 'not-editable' },
      { line: 17, depType: 'docker', depName: 'alpine', skipReason: 'templated' },
      { line: 34, depType: 'container', depName: 'node', skipReason: 'templated' },
      { line: 38, depType: 'action', depName: 'actions/checkout', currentValue: 'v4' },
    ]);
    expect(deps.filter((d) => d.skipReason).every((d) => d.skipDetail && !d.skipDetail.includes('\n'))).toBe(true);
    expect(deps[3]!.skipDetail).toContain('abbreviated commit sha');
    // A flow-mapping step can be updated but not pinned: a comment would swallow the rest of the line.
    expect(deps[4]!.location.value).toBeDefined();
    expect(deps[4]!.location.digestInsert).toBeUndefined();
    expect(warnings).toEqual([
      { file: '.github/workflows/odd.yml', line: 14, message: 'jobs.refs.steps[7].uses is empty' },
      { file: '.github/workflows/odd.yml', line: 15, message: 'uses: docker:// names no image' },
      { file: '.github/workflows/odd.yml', line: 20, message: 'jobs.wrong-types.container should be an image or a map with an image, found a list' },
      { file: '.github/workflows/odd.yml', line: 23, message: 'jobs.wrong-types.services.db.image should be a string, found a map' },
      { file: '.github/workflows/odd.yml', line: 24, message: 'jobs.wrong-types.services.cache should be an image or a map with an image, found a list' },
      { file: '.github/workflows/odd.yml', line: 26, message: 'jobs.wrong-types.steps[0].uses should be a string, found a list' },
      { file: '.github/workflows/odd.yml', line: 27, message: 'jobs.wrong-types.steps[1] should be a map, found a scalar' },
      { file: '.github/workflows/odd.yml', line: 30, message: 'jobs.no-steps.steps should be a list of steps, found a scalar' },
    ]);
  });

  it('still reads uses: lines of a workflow whose YAML is broken, with one warning', () => {
    const { deps, warnings } = extract('.github/workflows/broken.yml');
    expect(deps.map(brief)).toEqual([
      { line: 7, depType: 'action', depName: 'actions/checkout', currentValue: 'v4' },
      { line: 8, depType: 'action', depName: 'actions/setup-python', currentValue: 'v5.1.0' },
      { line: 9, depType: 'action', depName: 'docker/build-push-action', currentValue: 'v5.1.0', currentDigest: '4a13e500e55cf31b7a5d59a38ab2040ab0f42f56' },
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ file: '.github/workflows/broken.yml', line: 8 });
    expect(warnings[0]!.message).toMatch(/^not valid YAML, skipped: .*\(uses: lines were still read\)$/);
    expect(extract('.github/workflows/x.yml', 'jobs: [\n').deps).toEqual([]);
  });

  it('lists an anchored action once, applies registryAliases to images, and ignores other YAML', () => {
    const anchored = 'jobs:\n  a:\n    steps:\n      - uses: &co actions/checkout@v4\n      - uses: *co\n';
    expect(extract('.github/workflows/a.yml', anchored).deps.map(brief)).toEqual([
      { line: 4, depType: 'action', depName: 'actions/checkout', currentValue: 'v4' },
    ]);
    const aliased = extract('.github/workflows/a.yml', 'jobs:\n  a:\n    container: hub/node:20\n', {
      registryAliases: { hub: 'registry.example.com/mirror' },
    });
    expect(aliased.deps.map((d) => [d.depName, d.packageName, d.currentValue])).toEqual([['hub/node', 'registry.example.com/mirror/node', '20']]);
    expect(extract('roles/web/action.yml', '- name: restart nginx\n  service: { name: nginx }\n')).toEqual({ deps: [], warnings: [] });
    expect(extract('.github/workflows/empty.yml', '')).toEqual({ deps: [], warnings: [] });
  });

  it('rejects a ref with a comment written inside the quotes', () => {
    const content = 'jobs:\n  a:\n    steps:\n      - uses: "actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.1.1"\n';
    const [dep] = extract('.github/workflows/a.yml', content).deps;
    expect(brief(dep!)).toEqual({
      line: 4,
      depType: 'action',
      depName: 'actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.1.1',
      skipReason: 'invalid-ref',
    });
    expect(dep!.skipDetail).toBe('the ref "b4ffde65f46336ab88eb53be808477a3936bae11 # v4.1.1" contains whitespace');
  });

  it('is deterministic', () => {
    expect(extract('.github/workflows/ci.yml')).toEqual(extract('.github/workflows/ci.yml'));
  });
});

describe('applyUpdate on workflows', () => {
  const ci = fixture('.github/workflows/ci.yml');
  const release = fixture('.github/workflows/release.yml');
  const ciDeps = extract('.github/workflows/ci.yml', ci).deps;
  const releaseDeps = extract('.github/workflows/release.yml', release).deps;
  const find = (deps: Dep[], name: string, line: number) => deps.find((d) => d.depName === name && d.line === line)!;

  it('changes the tag of an action and nothing else', () => {
    const out = applyUpdate(ci, find(ciDeps, 'actions/setup-node', 23), { newValue: 'v4.1.0' });
    expect(out).toBe(expectedEdit(ci, 'uses: actions/setup-node@v4.0.2\n', 'uses: actions/setup-node@v4.1.0\n'));
  });

  it('changes the ref of a reusable workflow and of a full-URL action on another forge', () => {
    const out = applyUpdate(ci, find(ciDeps, 'octo-org/shared-workflows', 81), { newValue: 'v2.4.0' });
    expect(out).toBe(expectedEdit(ci, 'docker-build.yml@v2.3.0\n', 'docker-build.yml@v2.4.0\n'));
    const gitea = fixture('.gitea/workflows/build.yaml');
    const setupGo = extract('.gitea/workflows/build.yaml', gitea).deps[2]!;
    expect(applyUpdate(gitea, setupGo, { newValue: 'v5.1.0' })).toBe(
      expectedEdit(gitea, 'https://gitea.com/actions/setup-go@v5\n', 'https://gitea.com/actions/setup-go@v5.1.0\n'),
    );
  });

  it('changes sha and comment version of a pin together', () => {
    const checkout = find(releaseDeps, 'actions/checkout', 16);
    const out = update(release, checkout, { newValue: 'v4.2.0', newDigest: NEW_SHA });
    expect(out).toBe(expectedEdit(release, 'actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.1.1\n', `actions/checkout@${NEW_SHA} # v4.2.0\n`));
  });

  it('changes only the sha, or only the comment, of a pin', () => {
    const setupGo = find(releaseDeps, 'actions/setup-go', 19);
    expect(update(release, setupGo, { newDigest: NEW_SHA })).toBe(
      expectedEdit(release, '@0c52d547c9bc32b1aa3301fd7a9cb496313a4491 # v5.0.0\n', `@${NEW_SHA} # v5.0.0\n`),
    );
    expect(applyUpdate(release, setupGo, { newValue: 'v5.0.1' })).toBe(
      expectedEdit(release, '@0c52d547c9bc32b1aa3301fd7a9cb496313a4491 # v5.0.0\n', '@0c52d547c9bc32b1aa3301fd7a9cb496313a4491 # v5.0.1\n'),
    );
  });

  it('keeps quotes, spacing and comment prefixes of quoted pins', () => {
    const qemu = find(releaseDeps, 'docker/setup-qemu-action', 23);
    expect(update(release, qemu, { newValue: 'v3.2.0', newDigest: NEW_SHA })).toBe(
      expectedEdit(release, `'docker/setup-qemu-action@68827325e0b33c7199eb31dd4e31fbe9023e06e3' # v3.0.0`, `'docker/setup-qemu-action@${NEW_SHA}' # v3.2.0`),
    );
    const buildx = find(releaseDeps, 'docker/setup-buildx-action', 25);
    expect(update(release, buildx, { newValue: 'v3.3.0', newDigest: NEW_SHA })).toBe(
      expectedEdit(
        release,
        `"docker/setup-buildx-action@f95db51fddba0c2d1ec667646a06c2ce06100226"   #   tag=v3.0.0`,
        `"docker/setup-buildx-action@${NEW_SHA}"   #   tag=v3.3.0`,
      ),
    );
  });

  it('pins a tag-only action to a sha, keeping the tag as a comment', () => {
    const checkout = find(ciDeps, 'actions/checkout', 22);
    expect(update(ci, checkout, { newDigest: NEW_SHA })).toBe(expectedEdit(ci, '- uses: actions/checkout@v4\n', `- uses: actions/checkout@${NEW_SHA} # v4\n`));
    expect(update(ci, checkout, { newValue: 'v4.2.0', newDigest: NEW_SHA })).toBe(
      expectedEdit(ci, '- uses: actions/checkout@v4\n', `- uses: actions/checkout@${NEW_SHA} # v4.2.0\n`),
    );
  });

  it('adds the version comment to a bare sha', () => {
    const analyze = find(releaseDeps, 'github/codeql-action', 28);
    expect(update(release, analyze, { newValue: 'v3.24.6', newDigest: NEW_SHA })).toBe(
      expectedEdit(release, 'analyze@cdcdbb579706841c47f7063dda365e292e5cad7a\n', `analyze@${NEW_SHA} # v3.24.6\n`),
    );
  });

  it('changes docker:// steps, job containers and services like any image reference', () => {
    const hadolint = find(ciDeps, 'hadolint/hadolint', 61);
    expect(applyUpdate(ci, hadolint, { newValue: 'v2.12.1-beta' })).toBe(
      expectedEdit(ci, 'docker://hadolint/hadolint:v2.12.0\n', 'docker://hadolint/hadolint:v2.12.1-beta\n'),
    );
    expect(applyUpdate(ci, hadolint, { newDigest: NEW_IMAGE_DIGEST })).toBe(
      expectedEdit(ci, 'docker://hadolint/hadolint:v2.12.0\n', `docker://hadolint/hadolint:v2.12.0@${NEW_IMAGE_DIGEST}\n`),
    );
    const node = find(ciDeps, 'node', 38);
    expect(applyUpdate(ci, node, { newValue: '20.12.0-bookworm' })).toBe(expectedEdit(ci, 'image: node:20.11.1-bookworm\n', 'image: node:20.12.0-bookworm\n'));
    const redis = find(ciDeps, 'redis', 50);
    expect(applyUpdate(ci, redis, { newValue: '7.2.5', newDigest: NEW_IMAGE_DIGEST })).toBe(
      expectedEdit(ci, `"redis:7.2.4@${redis.currentDigest}"`, `"redis:7.2.5@${NEW_IMAGE_DIGEST}"`),
    );
    const forgejo = fixture('.forgejo/workflows/test.yml');
    const container = extract('.forgejo/workflows/test.yml', forgejo).deps[0]!;
    expect(applyUpdate(forgejo, container, { newValue: '22-bookworm' })).toBe(
      expectedEdit(forgejo, `image: 'code.forgejo.org/oci/node:20-bookworm'\n`, `image: 'code.forgejo.org/oci/node:22-bookworm'\n`),
    );
  });

  it('keeps CRLF line ends', () => {
    const crlf = release.replace(/\n/g, '\r\n');
    const deps = extract('.github/workflows/release.yml', crlf).deps;
    expect(deps.map((d) => [d.currentValue, d.currentDigest])).toEqual(releaseDeps.map((d) => [d.currentValue, d.currentDigest]));
    expect(update(crlf, deps[0]!, { newValue: 'v4.2.0', newDigest: NEW_SHA })).toBe(
      expectedEdit(crlf, 'checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.1.1\r\n', `checkout@${NEW_SHA} # v4.2.0\r\n`),
    );
    expect(update(crlf, deps[6]!, { newValue: 'v3.24.6' })).toBe(
      expectedEdit(crlf, 'analyze@cdcdbb579706841c47f7063dda365e292e5cad7a\r\n', 'analyze@cdcdbb579706841c47f7063dda365e292e5cad7a # v3.24.6\r\n'),
    );
    const ciCrlf = ci.replace(/\n/g, '\r\n');
    const setupNode = extract('.github/workflows/ci.yml', ciCrlf).deps[1]!;
    expect(applyUpdate(ciCrlf, setupNode, { newValue: 'v4.1.0' })).toBe(expectedEdit(ciCrlf, 'setup-node@v4.0.2\r\n', 'setup-node@v4.1.0\r\n'));
  });

  it('edits a workflow whose YAML is broken through its uses: lines', () => {
    const broken = fixture('.github/workflows/broken.yml');
    const python = extract('.github/workflows/broken.yml', broken).deps[1]!;
    expect(applyUpdate(broken, python, { newValue: 'v5.2.0' })).toBe(
      expectedEdit(broken, '"actions/setup-python@v5.1.0" # tabs', '"actions/setup-python@v5.2.0" # tabs'),
    );
  });

  it('leaves other documents untouched', () => {
    const content = 'runs:\n  using: composite\n  steps:\n    - uses: actions/cache@v3 # cache\n---\n# second\nruns:\n  steps:\n    - uses: actions/cache@v3\n';
    const deps = extract('action.yml', content).deps;
    expect(deps.map((d) => d.line)).toEqual([4, 9]);
    expect(applyUpdate(content, deps[1]!, { newValue: 'v4' })).toBe(content.slice(0, -3) + 'v4\n');
  });

  it('returns the identical string for a no-op and refuses skipped deps', () => {
    expect(applyUpdate(ci, ciDeps[0]!, { newValue: 'v4' })).toBe(ci);
    const pin = releaseDeps[0]!;
    expect(applyUpdate(release, pin, { newValue: pin.currentValue!, newDigest: pin.currentDigest! })).toBe(release);
    const odd = fixture('.github/workflows/odd.yml');
    const unversioned = extract('.github/workflows/odd.yml', odd).deps[0]!;
    expect(() => applyUpdate(odd, unversioned, { newValue: 'v4' })).toThrow(/cannot be updated \(unversioned-reference\)/);
  });
});

describe('runs-on: runner labels', () => {
  const platforms = fixture('.github/workflows/platforms.yml');
  const runners = (path: string, content = fixture(path)) => extractAll(path, content).deps.filter((d) => d.depType === 'github-runner');

  it('lists GitHub-hosted runner images as github-runners deps, and only them', () => {
    const { deps, warnings } = extractAll('.github/workflows/platforms.yml', platforms);
    expect(warnings).toEqual([]);
    expect(deps.filter((d) => d.depType === 'github-runner').map((d) => [d.line, d.depName, d.currentValue, d.skipReason])).toEqual([
      [9, 'ubuntu', '22.04', undefined],
      [15, 'ubuntu', '22.04-arm', undefined],
      [29, 'windows', '2022', undefined],
      [34, 'macos', '14-large', undefined],
      [39, 'ubuntu', 'latest', 'invalid-version'],
      [58, 'ubuntu', '24.04', undefined],
    ]);
    const runnerDeps = deps.filter((d) => d.depType === 'github-runner');
    expect(runnerDeps.every((d) => d.manager === 'github-actions' && d.datasource === 'github-runners' && d.packageName === d.depName)).toBe(true);
    // Only the version is written over: the operating system and any quotes stay.
    for (const d of runnerDeps.filter((x) => !x.skipReason)) expect(platforms.slice(d.location.value!.start, d.location.value!.end)).toBe(d.currentValue);
    expect(runnerDeps[4]!.skipDetail).toBe("runs-on: ubuntu-latest moves with GitHub's newest image; pin a version (ubuntu-<version>) to have it updated");
  });

  it('reads runner labels of Gitea and Forgejo workflows too', () => {
    expect(runners('.gitea/workflows/build.yaml').map((d) => [d.manager, d.depName, d.currentValue, d.skipReason])).toEqual([
      ['gitea-actions', 'ubuntu', 'latest', 'invalid-version'],
    ]);
    expect(runners('.forgejo/workflows/test.yml')).toEqual([]);
    const forgejo = 'on: [push]\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: make\n';
    expect(runners('.forgejo/workflows/ci.yaml', forgejo).map((d) => [d.manager, d.depName, d.currentValue])).toEqual([['gitea-actions', 'ubuntu', '24.04']]);
  });

  it('finds a workflow that names only a runner', () => {
    const content = 'on: [push]\njobs:\n  a:\n    runs-on: macos-15\n    steps:\n      - run: make\n';
    expect(githubActionsManager.mightContain!(content)).toBe(true);
    expect(runners('.github/workflows/a.yml', content).map((d) => `${d.depName}-${d.currentValue}`)).toEqual(['macos-15']);
  });

  it('updates a runner label in place and reads the new image back', () => {
    const lint = runners('.github/workflows/platforms.yml', platforms)[0]!;
    const out = applyUpdate(platforms, lint, { newValue: '24.04' });
    expect(out).toBe(expectedEdit(platforms, '    runs-on: ubuntu-22.04\n', '    runs-on: ubuntu-24.04\n'));
    expect(runners('.github/workflows/platforms.yml', out).map((d) => [d.line, d.currentValue])[0]).toEqual([9, '24.04']);
    const arm = runners('.github/workflows/platforms.yml', platforms)[1]!;
    expect(applyUpdate(platforms, arm, { newValue: '24.04-arm' })).toBe(
      expectedEdit(platforms, 'runs-on: ubuntu-22.04-arm # the arm64 image\n', 'runs-on: ubuntu-24.04-arm # the arm64 image\n'),
    );
    const windows = runners('.github/workflows/platforms.yml', platforms)[2]!;
    expect(applyUpdate(platforms, windows, { newValue: '2025' })).toBe(expectedEdit(platforms, 'runs-on: "windows-2022"\n', 'runs-on: "windows-2025"\n'));
    const latest = runners('.github/workflows/platforms.yml', platforms)[4]!;
    expect(() => applyUpdate(platforms, latest, { newValue: '24.04' })).toThrow(/cannot be updated \(invalid-version\)/);
  });
});
