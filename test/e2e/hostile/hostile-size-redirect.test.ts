/**
 * Hostile input through the built CLI (`upkeep run --platform local --dry-run`), issue 12: a 200 MB
 * manifest (skipped with a warning naming it, without being read: memory stays bounded) and a registry
 * that redirects its tag list to another host (followed, but the operator's credentials stay behind).
 * Each run still proposes the repository's real updates, and nothing it prints or writes shows a secret.
 */
import { createWriteStream, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultServer } from '../../services/fault-server.js';
import { redirect, status } from '../../services/fault-server.js';
import { deployment } from '../faults/lib/loop.js';
import { BASIC, basicRegistry, operatorConfig, runCli, secretsIn, writeRepo } from './lib/hostile.js';

const HUGE_BYTES = 200 * 1024 * 1024;

interface Report {
  branches: Array<{ updates: Array<{ file: string; depName: string; currentValue: string; newValue: string }> }>;
  warnings: string[];
}

const updatesOf = (report: Report) => report.branches.flatMap((b) => b.updates.map((u) => `${u.file} ${u.currentValue}→${u.newValue}`));

/** Writes `bytes` of a manifest that is one long list of containers (streamed: the test stays small). */
async function writeHugeManifest(path: string, image: string, bytes: number): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  out.write('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: huge\nspec:\n  template:\n    spec:\n      containers:\n');
  const block = Buffer.from(Array.from({ length: 4096 }, (_, i) => `        - name: c${i}\n          image: ${image}\n`).join(''));
  for (let written = 0; written < bytes; written += block.length) {
    if (!out.write(block)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

describe('hostile input through the CLI: size and redirects', () => {
  let registry: FaultServer;
  let elsewhere: Server;
  let elsewhereHost: string;
  const seenElsewhere: IncomingHttpHeaders[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    registry = await basicRegistry({ 'home/web': ['1.25.3', '1.26.0'], 'home/api': ['2.0.0', '2.1.0'] });
    // Another host: 127.0.0.2 is loopback too on Linux, but not the host the operator's credentials are for.
    elsewhere = createServer((req, res) => {
      seenElsewhere.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'home/api', tags: ['2.0.0', '2.1.0', '2.2.0'] }));
    });
    elsewhere.listen(0, '127.0.0.2');
    await once(elsewhere, 'listening');
    elsewhereHost = `127.0.0.2:${(elsewhere.address() as { port: number }).port}`;
    // The registry, once it has checked the operator's credentials, sends the tag list elsewhere.
    registry.route({
      path: '/v2/home/api/tags/list',
      handle: (req) =>
        req.headers.authorization === BASIC
          ? redirect(`http://${elsewhereHost}/v2/home/api/tags/list`, 302)
          : status(401, { errors: [{ code: 'UNAUTHORIZED' }] }, { 'www-authenticate': 'Basic realm="registry"' }),
    });
  });

  afterAll(async () => {
    await registry?.stop();
    elsewhere?.closeAllConnections();
    await new Promise((resolve) => elsewhere?.close(resolve));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const run = async (dir: string) => {
    const config = join(dir, '..', `${dir.split('/').pop()}-global.json`);
    writeFileSync(config, JSON.stringify(operatorConfig(registry)));
    const reportPath = join(dir, '..', `${dir.split('/').pop()}-report.json`);
    dirs.push(config, reportPath);
    const result = await runCli(['run', '--platform', 'local', '--dry-run', dir, '--report', reportPath, '--config', config], { timeoutMs: 60_000 });
    const reportText = readFileSync(reportPath, 'utf8');
    return { ...result, reportText, report: JSON.parse(reportText) as Report };
  };

  it('a 200 MB manifest is skipped unread with a warning naming it; the other files are updated, in bounded time and memory', async () => {
    const dir = writeRepo({ 'renovate.json': '{"prHourlyLimit": 0}\n', 'k8s/apps/web/deployment.yaml': deployment('web', `${registry.host}/home/web:1.25.3`) });
    dirs.push(dir);
    await writeHugeManifest(join(dir, 'k8s/apps/huge/deployment.yaml'), `${registry.host}/home/web:1.25.3`, HUGE_BYTES);

    const result = await run(dir);

    expect(result.code, result.stderr).toBe(0);
    expect(result.report.warnings).toContainEqual(
      expect.stringMatching(/^k8s\/apps\/huge\/deployment\.yaml: 200\.0 MB, larger than the 10\.0 MB limit: not read$/),
    );
    expect(updatesOf(result.report)).toEqual(['k8s/apps/web/deployment.yaml 1.25.3→1.26.0']);
    // Bounded: the file is never loaded (a Node process alone is ~60 MiB; reading it would take > 200).
    expect(result.seconds).toBeLessThan(30);
    if (result.peakRssMiB !== undefined) expect(result.peakRssMiB).toBeLessThan(200);
    expect(secretsIn(`${result.stdout}\n${result.stderr}\n${result.reportText}`)).toEqual([]);
  });

  it('a tag list redirected to another host is followed without the operator credentials', async () => {
    const dir = writeRepo({ 'renovate.json': '{"prHourlyLimit": 0}\n', 'k8s/apps/api/deployment.yaml': deployment('api', `${registry.host}/home/api:2.0.0`) });
    dirs.push(dir);

    const result = await run(dir);

    expect(result.code, result.stderr).toBe(0);
    // The registry saw the credentials; the host it redirected to answered, and never saw them.
    expect(registry.requestsTo('/v2/home/api/tags/list').some((r) => r.headers.authorization === BASIC)).toBe(true);
    expect(seenElsewhere.length).toBeGreaterThan(0);
    for (const headers of seenElsewhere) {
      expect(headers.authorization).toBeUndefined();
      expect(secretsIn(JSON.stringify(headers))).toEqual([]);
    }
    expect(updatesOf(result.report)).toEqual(['k8s/apps/api/deployment.yaml 2.0.0→2.2.0']);
    expect(secretsIn(`${result.stdout}\n${result.stderr}\n${result.reportText}`)).toEqual([]);
  });
});
