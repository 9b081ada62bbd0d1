/**
 * A small pool of extraction worker threads. Used by `extractRepository` once a repository turns out to
 * have many candidate files; small repositories never pay for starting threads.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ExtractWarning, ManagerId } from '../deps/dep.js';
import type { FileExtract } from '../managers/types.js';
import type { ExtractConfig } from './extract-config.js';

export interface WorkerTask {
  id: number;
  path: string;
  absolute: string;
  /** `custom`: the custom manager's index in the config's `customManagers`. */
  candidates: Array<{ manager: ManagerId; needsManifest: boolean; custom?: number }>;
}

export interface WorkerReply {
  id: number;
  results: Array<{ manager: ManagerId; result: FileExtract }>;
  warnings: ExtractWarning[];
  error?: string;
}

const WORKER_FILE = fileURLToPath(new URL('./extract-worker.js', import.meta.url));

/**
 * Workers only run from the compiled JavaScript — tsc's modules, the ES module bundle, the local-command
 * CommonJS bundle (`.cjs`, whose worker file is the ES module bundle's) — not under a TypeScript test runner.
 */
export function workersAvailable(): boolean {
  return /\.c?js$/.test(import.meta.url);
}

export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(availableParallelism(), 8));
}

export class ExtractPool {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve: (r: WorkerReply) => void; reject: (e: Error) => void }>();
  private readonly load: number[] = [];
  private nextId = 0;

  constructor(size: number, config: ExtractConfig) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(WORKER_FILE, { workerData: config });
      worker.on('message', (reply: WorkerReply) => {
        this.load[i]!--;
        const pending = this.waiting.get(reply.id);
        this.waiting.delete(reply.id);
        pending?.resolve(reply);
      });
      worker.on('error', (err) => {
        for (const { reject } of this.waiting.values()) reject(err);
        this.waiting.clear();
      });
      this.workers.push(worker);
      this.load.push(0);
    }
  }

  /** Tasks in flight, across all workers. */
  get inFlight(): number {
    return this.waiting.size;
  }

  run(task: Omit<WorkerTask, 'id'>): Promise<WorkerReply> {
    const id = this.nextId++;
    // Send to the least loaded worker so one slow file does not hold up a queue.
    let best = 0;
    for (let i = 1; i < this.load.length; i++) if (this.load[i]! < this.load[best]!) best = i;
    this.load[best]!++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.workers[best]!.postMessage({ id, ...task } satisfies WorkerTask);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
