import { describe, expect, it } from 'vitest';
import { planBranches } from '../../src/plan/plan-branches.js';
import { displayDigest, prBody, releaseNotesUrl, safeUrl, type PrBodyInput } from '../../src/plan/pr-body.js';
import { DIGEST_A, DIGEST_B, upgrade } from './upgrades.js';

const input = (over: Partial<PrBodyInput>): PrBodyInput => ({
  upgrades: [],
  baseBranch: 'main',
  header: '',
  footer: '',
  automerge: false,
  automergeType: 'pr',
  automergeStrategy: 'auto',
  platformAutomerge: true,
  automergeSchedule: ['at any time'],
  timezone: 'UTC',
  ...over,
});

describe('links', () => {
  it('safeUrl keeps http(s) only, drops user info and encodes what would break a markdown link or table', () => {
    expect(safeUrl('https://github.com/o/r')).toBe('https://github.com/o/r');
    expect(safeUrl('https://user:s3cret-token@github.com/o/r')).toBe('https://github.com/o/r');
    expect(safeUrl('https://example.com/a (b)|[c]')).toBe('https://example.com/a%20%28b%29%7C%5Bc%5D');
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('git@github.com:o/r.git')).toBeUndefined();
    expect(safeUrl('ftp://example.com/x')).toBeUndefined();
    expect(safeUrl(undefined)).toBeUndefined();
  });

  it.each([
    ['https://github.com/cert-manager/cert-manager', 'v1.14.0', 'https://github.com/cert-manager/cert-manager/releases?q=v1.14.0&expanded=true'],
    ['https://github.com/go-gitea/gitea.git', '1.21.4', 'https://github.com/go-gitea/gitea/releases?q=1.21.4&expanded=true'],
    ['https://github.com/bitnami/charts/tree/main/bitnami/redis', '18.6.1', 'https://github.com/bitnami/charts/releases?q=18.6.1&expanded=true'],
    ['http://GitHub.com/o/r/', '1.0.0+build 1', 'https://github.com/o/r/releases?q=1.0.0%2Bbuild%201&expanded=true'],
    ['https://codeberg.org/forgejo/forgejo', '7.0.0', 'https://codeberg.org/forgejo/forgejo/releases'],
    ['https://gitea.com/gitea/tea', '0.9.2', 'https://gitea.com/gitea/tea/releases'],
    ['https://gitlab.com/group/sub/project.git', '2.0.0', 'https://gitlab.com/group/sub/project/-/releases'],
    ['https://gitlab.com/group/project/-/tree/main', '2.0.0', 'https://gitlab.com/group/project/-/releases'],
  ])('%s @ %s → %s', (source, version, url) => {
    expect(releaseNotesUrl(source, version)).toBe(url);
  });

  it('gives no release notes link for other hosts, bare owners or no version', () => {
    expect(releaseNotesUrl('https://git.example.org/o/r', '1.0.0')).toBeUndefined();
    expect(releaseNotesUrl('https://github.com/cert-manager', '1.0.0')).toBeUndefined();
    expect(releaseNotesUrl('https://gitlab.com/solo', '1.0.0')).toBeUndefined();
    expect(releaseNotesUrl('https://github.com/o/r', '')).toBeUndefined();
    expect(releaseNotesUrl(undefined, '1.0.0')).toBeUndefined();
  });

  it('displayDigest shortens to the algorithm and 7 digits', () => {
    expect(displayDigest(DIGEST_A)).toBe('sha256:0a1b2c3…');
    expect(displayDigest('b4ffde65f46336ab88eb53be808477a3936bae11')).toBe('sha256:b4ffde6…');
  });
});

describe('body', () => {
  it('shows tag and digest changes; a pin adds the digest; no Type column when no dep has a type', () => {
    const body = prBody(
      input({
        upgrades: [
          upgrade({
            depName: 'nginx',
            file: 'a.yaml',
            currentValue: '1.25.3',
            currentDigest: DIGEST_A,
            updateType: 'minor',
            newValue: '1.26.0',
            newDigest: DIGEST_B,
          }),
          upgrade({ depName: 'redis', file: 'b.yaml', currentValue: '7.2', updateType: 'pinDigest', newValue: '7.2', newDigest: DIGEST_B }),
          upgrade({ depName: 'traefik', file: 'c.yaml', currentDigest: DIGEST_A, updateType: 'digest', newValue: '', newDigest: DIGEST_B }),
        ],
      }),
    );
    expect(body).toBe(
      [
        'This PR contains the following updates:',
        '',
        '| Package | Update | Change | File |',
        '|---|---|---|---|',
        '| nginx | minor | `1.25.3@sha256:0a1b2c3…` → `1.26.0@sha256:5c1d2a3…` | `a.yaml` |',
        '| redis | pinDigest | `7.2` → `7.2@sha256:5c1d2a3…` | `b.yaml` |',
        '| traefik | digest | `sha256:0a1b2c3…` → `sha256:5c1d2a3…` | `c.yaml` |',
        '',
        '**Automerge**: off. Merge this PR yourself when you are happy with it.',
        '',
        '**Files touched**:',
        '- `a.yaml`',
        '- `b.yaml`',
        '- `c.yaml`',
        '',
      ].join('\n'),
    );
  });

  it('escapes markdown in names and types, defuses mentions, and writes one row per distinct line', () => {
    const u = upgrade({
      depName: 'my_org/app|x',
      depType: '@team <b>',
      file: 'we`ird|file.yaml',
      currentValue: '1.0.0',
      updateType: 'minor',
      newValue: '1.1.0',
    });
    const body = prBody(input({ upgrades: [u, u] }));
    const rows = body.split('\n').filter((l) => l.startsWith('| my'));
    expect(rows).toEqual(["| my\\_org/app\\|x | @\u200bteam \\<b\\> | minor | `1.0.0` → `1.1.0` | `we'ird\\|file.yaml` |"]);
  });

  it('never shows credentials written in a source URL', () => {
    const u = upgrade({
      depName: 'app',
      sourceUrl: 'https://bot:ghp_s3cretT0ken@github.com/o/app',
      currentValue: '1.0.0',
      updateType: 'minor',
      newValue: '1.1.0',
    });
    const body = prBody(input({ upgrades: [u] }));
    expect(body).toContain('| [app](https://github.com/o/app) ([release notes](https://github.com/o/app/releases?q=1.1.0&expanded=true)) | minor |');
    expect(body).not.toContain('s3cret');
    expect(body).not.toContain('bot:');
  });

  it('sourceUrl and changelogUrl from the config: the links beside the dep (templates; credentials stripped)', () => {
    const cloudflared = (config: Record<string, unknown>, sourceUrl?: string) =>
      upgrade({
        depName: 'cloudflare/cloudflared',
        currentValue: '2024.1.0',
        updateType: 'minor',
        newValue: '2024.2.0',
        config,
        ...(sourceUrl ? { sourceUrl } : {}),
      });
    const rowOf = (u: ReturnType<typeof cloudflared>) =>
      planBranches([u])[0]!
        .prBody.split('\n')
        .find((l) => l.startsWith('| [') || l.startsWith('| cloudflare'));
    expect(rowOf(cloudflared({ changelogUrl: 'https://github.com/cloudflare/cloudflared/blob/master/RELEASE_NOTES' }))).toBe(
      '| cloudflare/cloudflared ([changelog](https://github.com/cloudflare/cloudflared/blob/master/RELEASE_NOTES)) | minor | `2024.1.0` → `2024.2.0` | `apps/web/deployment.yaml` |',
    );
    // The config's source wins over the registry's, and gives release notes on GitHub.
    expect(rowOf(cloudflared({ sourceUrl: 'https://github.com/{{{depName}}}' }, 'https://example.com/elsewhere'))).toBe(
      '| [cloudflare/cloudflared](https://github.com/cloudflare/cloudflared) ([release notes](https://github.com/cloudflare/cloudflared/releases?q=2024.2.0&expanded=true)) | minor | `2024.1.0` → `2024.2.0` | `apps/web/deployment.yaml` |',
    );
    const both = rowOf(
      cloudflared({ sourceUrl: 'https://github.com/cloudflare/cloudflared', changelogUrl: 'https://token:s3cret@example.com/{{{newVersion}}}.md' }),
    );
    expect(both).toContain(
      '([changelog](https://example.com/2024.2.0.md), [release notes](https://github.com/cloudflare/cloudflared/releases?q=2024.2.0&expanded=true))',
    );
    expect(both).not.toContain('s3cret');
  });

  it('branch automerge with a strategy, header and footer', () => {
    const body = prBody(
      input({
        upgrades: [upgrade({ depName: 'nginx', file: 'a.yaml', currentValue: '1.25.3', updateType: 'patch', newValue: '1.25.4' })],
        automerge: true,
        automergeType: 'branch',
        automergeStrategy: 'fast-forward',
        baseBranch: 'flux',
        header: '  Weekly image updates  ',
        footer: 'Questions? Ask #platform.',
        automergeSchedule: 'before 6am',
        timezone: 'Europe/Paris',
      }),
    );
    expect(body.split('\n\n')).toEqual([
      'Weekly image updates',
      'This PR contains the following updates:',
      '| Package | Update | Change | File |\n|---|---|---|---|\n| nginx | patch | `1.25.3` → `1.25.4` | `a.yaml` |',
      '**Automerge**: on. Upkeep merges the branch into `flux` (fast-forward) once its checks pass, without needing this PR. Merging happens only `before 6am` (Europe/Paris).',
      '**Files touched**:\n- `a.yaml`',
      '---',
      'Questions? Ask #platform.\n',
    ]);
  });
});
