/**
 * Worker thread for `extractRepository`: reads and extracts the files it is sent, so YAML parsing of a
 * large repository runs on every core. Answers each task with the per-manager results (plain data).
 */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { getManager } from '../managers/registry.js';
import { extractContent } from './extract-file.js';
import type { ExtractConfig } from './extract-config.js';
import type { WorkerReply, WorkerTask } from './worker-pool.js';

const config = workerData as ExtractConfig;

// Reads are synchronous: this thread has nothing else to do, and it keeps Node's thread pool free.
parentPort!.on('message', (task: WorkerTask) => {
  const reply: WorkerReply = { id: task.id, results: [], warnings: [] };
  try {
    const content = readFileSync(task.absolute, 'utf8');
    const candidates = task.candidates.map((c) => ({ ...c, manager: getManager(c.manager) }));
    const extraction = extractContent(task.path, content, candidates, config);
    reply.results = extraction.results.map(({ manager, result }) => ({ manager: manager.id, result }));
    reply.warnings = extraction.warnings;
  } catch (err) {
    reply.error = `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
  }
  parentPort!.postMessage(reply);
});
