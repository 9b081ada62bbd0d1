/**
 * Fault 8 of issue 12: the disk fills while the repository is cloned. The run's working directory is a
 * 1 MiB tmpfs and the repository holds a few MiB of firmware blobs: the run stops with one clean line
 * naming what failed, pushes nothing, writes nothing on the forge, and leaves no half clone behind. With
 * room again, the same run succeeds.
 *
 * Mounting a tmpfs needs root (as this project's CI machines run); elsewhere the test is skipped with a
 * note, and under CI a machine that cannot mount fails it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForgeWorld } from '../../platforms/world.js';
import { forge, homelabFiles, makeWorld, memoryRegistry, openPrs, runLoop } from './lib/loop.js';

function mountTmpfs(dir: string): string | undefined {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'pipe' });
    return undefined;
  } catch (err) {
    return (err as Error).message.split('\n')[0];
  }
}

const mountPoint = mkdtempSync(join(tmpdir(), 'upkeep-full-disk-'));
const cannotMount = mountTmpfs(mountPoint);
if (cannotMount && process.env.CI === 'true') throw new Error(`the disk-full test needs a tmpfs mount (root): ${cannotMount}`);
if (cannotMount) console.warn(`skipped: disk-full fault test (cannot mount a tmpfs: ${cannotMount})`);

describe.skipIf(cannotMount !== undefined)('the disk fills while cloning', () => {
  let w: ForgeWorld;
  const tags = memoryRegistry({ nginx: ['1.25.3', '1.26.0'] });

  beforeAll(async () => {
    // Incompressible blobs, as a repository with firmware images or backups has.
    const blobs: Record<string, string> = {};
    for (let i = 0; i < 3; i++) blobs[`firmware/zigbee-${i}.ota.b64`] = randomBytes(768 * 1024).toString('base64');
    w = await makeWorld(forge('gitea'), { ...homelabFiles({ web: 'nginx:1.25.3' }), ...blobs });
  }, 60_000);

  afterAll(async () => {
    w?.fake.server.assertNoViolations();
    await w?.close();
    if (!cannotMount) execFileSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  it('a clean one-line error, nothing pushed or written, no half clone left; with room the run succeeds', async () => {
    const counters = w.fake.model.startRun();
    let error: Error | undefined;
    try {
      const result = await runLoop(w, tags, { workDir: mountPoint });
      expect(result.failed).toBe(true);
    } catch (err) {
      error = err as Error;
    }
    expect(error).toBeDefined();
    expect(error!.message).toMatch(/No space left on device|ENOSPC/i);
    expect(error!.message).not.toContain('\n');
    expect(error!.message).not.toContain(w.token);
    expect(counters.pushes).toBe(0);
    expect(counters.snapshot().writeLog).toEqual([]);
    expect(readdirSync(mountPoint)).toEqual([]);

    const roomy = await runLoop(w, tags);
    expect(roomy.failed).toBe(false);
    expect(await openPrs(w)).toEqual(['upkeep/nginx-1.x → main: Update nginx Docker tag to v1.26.0']);
  }, 60_000);
});
