/**
 * The extract stage for a whole repository: walk the files, hand each to the managers that read it,
 * link what spans files (Flux), and return every dep, sorted by file and line. File contents are read
 * a few at a time and dropped once extracted, so a repository of any size fits in memory.
 */
import { readFile as readFileCallback } from 'node:fs';
import { promisify } from 'node:util';
import type { Dep, ExtractWarning } from '../deps/dep.js';
import { getManager } from '../managers/registry.js';
import { dedupeAcrossManagers } from '../managers/dedupe.js';
import type { FileExtract, Manager } from '../managers/types.js';
import { compileIgnoredDirectory, compileIgnorePaths } from '../config/file-patterns.js';
import { extractContent, type FileExtraction } from './extract-file.js';
import type { ExtractConfig } from './extract-config.js';
import { candidatesFor, selectManagers, type Candidate } from './manager-files.js';
import { walkFiles } from './walk-files.js';
import { defaultWorkerCount, ExtractPool, workersAvailable } from './worker-pool.js';

/** The callback form: for many small files it costs a third of fs/promises' FileHandle reads. */
const readFile = promisify(readFileCallback);

export type { ExtractConfig } from './extract-config.js';

/** Below this many candidate files, starting worker threads costs more than it saves. */
const WORKER_THRESHOLD = 200;

export interface ExtractResult {
  deps: Dep[];
  warnings: ExtractWarning[];
  /** How many files were read by at least one manager. */
  filesRead: number;
}

export const DEFAULT_IGNORE_PATHS = ['**/node_modules/**', '**/bower_components/**'];
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

export async function extractRepository(dir: string, config: ExtractConfig = {}): Promise<ExtractResult> {
  const selected = selectManagers(config);
  const ignorePatterns = config.ignorePaths ?? DEFAULT_IGNORE_PATHS;
  const ignored = compileIgnorePaths(ignorePatterns);
  const ignoredDir = compileIgnoredDirectory(ignorePatterns);
  const warnings: ExtractWarning[] = [];
  const perManager = new Map<Manager, FileExtract[]>();
  const perFile: Array<{ path: string; extracts: FileExtract[] }> = [];
  const inFlight = new Set<Promise<void>>();
  let filesRead = 0;
  let candidateFiles = 0;
  const workerCount = workersAvailable() ? (config.workers ?? defaultWorkerCount()) : 1;
  let pool: ExtractPool | undefined;

  const record = (slot: { extracts: FileExtract[] }, { results, warnings: fileWarnings }: FileExtraction) => {
    warnings.push(...fileWarnings);
    if (results.length > 0) filesRead++;
    for (const { manager, result } of results) {
      slot.extracts.push(result);
      const list = perManager.get(manager) ?? [];
      list.push(result);
      perManager.set(manager, list);
    }
  };

  const walker = walkFiles(dir, {
    maxFileSize: config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    enterDirectory: (path) => !ignoredDir(path),
    onProblem: ({ path, message }) => warnings.push({ file: path, message }),
  });
  try {
    for await (const entry of walker) {
      if (ignored(entry.path)) continue;
      const candidates = candidatesFor(entry.path, selected);
      if (candidates.length === 0) continue;
      if (entry.tooLarge) {
        warnings.push({ file: entry.path, message: entry.tooLarge });
        continue;
      }
      const slot = { path: entry.path, extracts: [] as FileExtract[] };
      perFile.push(slot);
      if (++candidateFiles > WORKER_THRESHOLD && workerCount > 1) pool ??= new ExtractPool(workerCount, config);
      const work = (
        pool
          ? extractInPool(pool, entry, candidates).then((reply) => {
              if (reply.error) warnings.push({ file: entry.path, message: reply.error });
              record(slot, { results: reply.results.map(({ manager, result }) => ({ manager: getManager(manager), result })), warnings: reply.warnings });
            })
          : readFile(entry.absolute, 'utf8').then(
              (content) => record(slot, extractContent(entry.path, content, candidates, config)),
              (err: NodeJS.ErrnoException) => {
                warnings.push({ file: entry.path, message: `cannot read: ${err.code ?? String(err)}` });
              },
            )
      ).finally(() => inFlight.delete(work));
      inFlight.add(work);
      // A few files in flight keep disk and workers busy; more would only hold more contents in memory.
      if (inFlight.size >= (pool ? 8 * workerCount : 8)) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } finally {
    await pool?.close();
  }

  for (const [manager, extracts] of perManager) {
    manager.linkFiles?.(extracts, { registryAliases: config.registryAliases });
  }
  const deps: Dep[] = [];
  for (const { extracts } of perFile) {
    const fileDeps = dedupeAcrossManagers(extracts.flatMap((e) => e.deps));
    deps.push(...fileDeps.sort((a, b) => a.line - b.line));
    for (const e of extracts) warnings.push(...e.warnings);
  }
  return { deps: sortDeps(deps), warnings: sortWarnings(warnings), filesRead };
}

function extractInPool(pool: ExtractPool, entry: { path: string; absolute: string }, candidates: readonly Candidate[]) {
  return pool.run({
    path: entry.path,
    absolute: entry.absolute,
    candidates: candidates.map((c) => ({ ...c, manager: c.manager.id })),
  });
}

function sortDeps(deps: Dep[]): Dep[] {
  return deps.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}

function sortWarnings(warnings: ExtractWarning[]): ExtractWarning[] {
  return warnings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)));
}
