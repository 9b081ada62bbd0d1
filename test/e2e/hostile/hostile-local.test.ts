/**
 * Hostile input through `upkeep run --platform local --dry-run` (runLocal), issue 12: a symlink to
 * /etc/passwd named like a manifest, a manifest that is not valid UTF-8, a registry offering 100,000 tags
 * for one repository and one whose tag list links to a next page forever. Each is a clear warning naming
 * the file or host; the run ends in bounded time and memory; nothing outside the
 * repository is read; the rest of the repository is still updated.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GlobalConfig } from '../../../src/config/global-config.js';
import { runLocal } from '../../../src/repo/local-run.js';
import { endlessTags, json, startFaultServer, type FaultServer } from '../../services/fault-server.js';
import { deployment } from '../faults/lib/loop.js';

const MANY = 100_000;

describe('hostile input, upkeep run --platform local --dry-run', () => {
  let registry: FaultServer;
  let dir: string;
  let global: GlobalConfig;
  const many = JSON.stringify({ name: 'home/many', tags: Array.from({ length: MANY }, (_, i) => `${Math.floor(i / 1000)}.${i % 1000}.0`) });

  beforeAll(async () => {
    registry = await startFaultServer({});
    registry.route({ path: '/v2/', handle: () => json({}) });
    registry.route({
      path: '/v2/home/many/tags/list',
      handle: () => ({ kind: 'respond', status: 200, headers: { 'content-type': 'application/json' }, body: many }),
    });
    registry.route(endlessTags('home/endless'));
    registry.route({ path: '/v2/home/web/tags/list', handle: () => json({ name: 'home/web', tags: ['1.25.3', '1.26.0'] }) });
    global = { hostRules: [{ matchHost: registry.host, insecureRegistry: true }], registryAliases: {} };

    dir = mkdtempSync(join(tmpdir(), 'upkeep-hostile-local-'));
    const write = (path: string, content: string | Buffer) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    };
    write('renovate.json', '{"prHourlyLimit": 0}\n');
    write('k8s/apps/web/deployment.yaml', deployment('web', `${registry.host}/home/web:1.25.3`));
    write('k8s/apps/many/deployment.yaml', deployment('many', `${registry.host}/home/many:0.1.0`));
    write('k8s/apps/endless/deployment.yaml', deployment('endless', `${registry.host}/home/endless:1.0.0`));
    // Latin-1 bytes where UTF-8 is expected (an é written by an old editor), inside a manifest.
    write(
      'k8s/apps/legacy/deployment.yaml',
      Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9, 0xff]), Buffer.from(`\n${deployment('legacy', `${registry.host}/home/web:1.25.3`)}`)]),
    );
    symlinkSync('/etc/passwd', join(dir, 'k8s/evil.yaml'));
  });

  afterAll(async () => {
    await registry?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names each problem, reads nothing outside the repository, and still proposes the real updates, in bounded time and memory', async () => {
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const { report } = await runLocal(dir, global);
    const seconds = (performance.now() - started) / 1000;
    const grownMiB = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    expect(seconds).toBeLessThan(30);
    expect(grownMiB).toBeLessThan(512);

    const text = JSON.stringify(report);
    expect(report.warnings).toContain('k8s/evil.yaml: symlink leaves the repository, not followed');
    expect(text).not.toMatch(/root:x:0:0|\/bin\/(ba)?sh/);

    const byFile = (file: string) => report.deps.find((d) => d.file === file)!;
    // 100,000 tags: all read; the newest minor and the newest major proposed.
    const titles = report.branches.map((b) => b.title);
    expect(titles).toContain(`Update ${registry.host}/home/many Docker tag to v0.999.0`);
    expect(titles).toContain(`Update ${registry.host}/home/many Docker tag to v99`);
    // A Link chain that never ends: the listing stops at its bound and says so, naming the host; what was
    // read is used.
    const endless = byFile('k8s/apps/endless/deployment.yaml');
    expect(endless.warnings).toContain(
      `${registry.host}/home/endless: tag list stopped after 100 page(s) and 10000 tags: the registry links to more than 100 pages`,
    );
    // Invalid UTF-8: the file is read (the bytes are not part of any reference) or named in a warning.
    const legacy = report.deps.find((d) => d.file === 'k8s/apps/legacy/deployment.yaml');
    expect(legacy !== undefined || report.warnings.some((w) => w.startsWith('k8s/apps/legacy/deployment.yaml'))).toBe(true);
    // The rest of the repository is updated as usual.
    expect(report.branches.map((b) => b.title)).toContain(`Update ${registry.host}/home/web Docker tag to v1.26.0`);
  }, 60_000);
});
