/**
 * vitest globalSetup: gives gates (`require.ts`) a file to note local skips in, and prints each noted
 * line once at the end of the run, however many test files skipped for the same missing program.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'upkeep-skips-'));
  const log = join(dir, 'skips.log');
  project.provide('upkeepSkipLog', log);
  return () => {
    let text = '';
    try {
      text = readFileSync(log, 'utf8');
    } catch {
      // nothing was skipped
    }
    rmSync(dir, { recursive: true, force: true });
    for (const line of new Set(text.split('\n').filter((l) => l !== ''))) process.stderr.write(`${line}\n`);
  };
}
