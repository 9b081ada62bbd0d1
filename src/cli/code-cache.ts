/**
 * Runs a CommonJS bundle with V8's code cache: the compiled code of a previous run, so a run does not
 * parse and compile ~2 MB of JavaScript again. Node 20 has no compile cache of its own, and Node 22's
 * (`module.enableCompileCache`) keeps only what is compiled before a module runs; this cache is taken
 * after a whole run, so it holds every function the run needed — some 80 ms of a small repository's
 * ~0.6 s on Node 20.
 *
 * Where the cache comes from, first found wins: beside the bundle (made by the build, for the Node that
 * built it: the container image's), then the user's cache directory (written after a run that had
 * none). The file name carries a hash of the bundle, the Node version and the architecture; V8 refuses
 * data made by another V8 or with other flags, and the run then compiles as usual and writes a new
 * cache. Only files owned by the user and writable by nobody else are read: cached code is code. Any
 * trouble with a cache is no trouble for the command: it runs compiled from source.
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, readdirSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

export interface CodeCacheOptions {
  /** The user's cache directory for Upkeep (default: `$XDG_CACHE_HOME/upkeep` or `~/.cache/upkeep`); null: none. */
  userDir?: string | null;
  /** Write the cache made by this run here, whatever was found (the build uses it). */
  writeTo?: string;
  /** When to save this run's cache (default: as the process exits, after the command). */
  saveWhen?: (save: () => void) => void;
}

/** What happened, for tests and `UPKEEP_CODE_CACHE=debug`. */
export type CacheOutcome = 'used' | 'rejected' | 'none';

/** `~/.cache/upkeep` (or `$XDG_CACHE_HOME/upkeep`); undefined without a usable home. */
export function defaultUserDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const base = env.XDG_CACHE_HOME || (homedir() && homedir() !== '/' ? join(homedir(), '.cache') : undefined);
  return base ? join(base, 'upkeep') : undefined;
}

/** The cache file name for `source` (the bundle's bytes): bundle name, a hash of it, and the runtime that can use it. */
export function cacheFileName(bundle: string, source: Buffer): string {
  const hash = createHash('sha256').update(source).update('\0').update(process.version).update('\0').update(process.arch).digest('hex').slice(0, 20);
  return `${basename(bundle)}.${hash}.codecache`;
}

/** The file's bytes when it is a regular file owned by `owner` (default: this user) and writable by nobody else. */
export function readTrusted(file: string, owner = process.getuid?.()): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const info = fstatSync(fd);
    if (!info.isFile() || (owner !== undefined && info.uid !== owner) || (info.mode & 0o022) !== 0) return undefined;
    const data = Buffer.allocUnsafe(info.size);
    let read = 0;
    while (read < info.size) {
      const n = readSync(fd, data, read, info.size - read, read);
      if (n === 0) return undefined;
      read += n;
    }
    return data;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Written whole or not at all (a temporary file renamed over), readable by the user only; errors ignored.
 * `data` is made only once the temporary file is open: a read-only home costs no cache-making.
 */
export function writeAtomically(file: string, data: () => Buffer): void {
  const temporary = `${file}.${process.pid}.tmp`;
  let fd: number | undefined;
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    fd = openSync(temporary, 'w', 0o600);
    writeFileSync(fd, data());
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, file);
  } catch {
    try {
      if (fd !== undefined) closeSync(fd);
      rmSync(temporary, { force: true });
    } catch {
      // nothing was written
    }
  }
}

/** Caches kept in the user's directory: one per version of Upkeep and of Node in use, the newest few. */
const KEEP_CACHES = 4;

/** Leaves the `keep` newest caches of `bundleName` in `dir` (older versions of Upkeep or of Node); errors ignored. */
export function pruneCaches(dir: string, bundleName: string, keep: number): void {
  try {
    const caches = readdirSync(dir)
      .filter((name) => name.startsWith(`${bundleName}.`) && name.endsWith('.codecache'))
      .map((name) => ({ path: join(dir, name), mtime: statSync(join(dir, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const { path } of caches.slice(keep)) rmSync(path, { force: true });
  } catch {
    // a cache directory that cannot be listed keeps what it has
  }
}

/**
 * Runs `bundle` (a CommonJS file) as Node would `require` it, with the code cache when one is found;
 * when none was usable, the cache of this run is written when the process exits.
 */
export function runWithCodeCache(bundle: string, options: CodeCacheOptions = {}): CacheOutcome {
  const bytes = readFileSync(bundle);
  // The build makes the bundle ASCII: read as Latin-1 it is the same text, made three times faster than UTF-8 decoding.
  const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  const name = cacheFileName(bundle, bytes);
  const userDir = options.userDir === undefined ? defaultUserDir() : (options.userDir ?? undefined);
  // Beside the bundle: trusted as the bundle is, when its owner wrote it (root, in the container image);
  // then the user's. One V8 refuses (other flags) does not hide the other.
  const candidates = [() => readTrusted(join(dirname(bundle), name), statSync(bundle).uid), () => (userDir ? readTrusted(join(userDir, name)) : undefined)];
  // The same wrapper Node puts around a CommonJS module, the #! line blanked (kept a line: stack traces' line numbers hold).
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source.replace(/^#!.*/, '')}\n})`;
  let script: Script | undefined;
  let outcome: CacheOutcome = 'none';
  for (const candidate of candidates) {
    const cachedData = candidate();
    if (!cachedData) continue;
    script = new Script(wrapped, { filename: bundle, cachedData });
    outcome = script.cachedDataRejected ? 'rejected' : 'used';
    if (outcome === 'used') break;
  }
  const compiled = script ?? new Script(wrapped, { filename: bundle });
  const target = options.writeTo ?? (outcome === 'used' ? undefined : userDir ? join(userDir, name) : undefined);
  // After the command, so the cache holds every function it compiled.
  if (target)
    (options.saveWhen ?? ((save) => process.once('exit', save)))(() => {
      writeAtomically(target, () => compiled.createCachedData());
      if (!options.writeTo) pruneCaches(dirname(target), basename(bundle), KEEP_CACHES);
    });
  const run = compiled.runInThisContext() as (exports: object, require: NodeRequire, module: object, filename: string, dirname: string) => void;
  const module = { exports: {}, filename: bundle, id: bundle, loaded: false };
  run.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  return outcome;
}
