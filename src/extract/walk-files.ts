/**
 * List a repository's files without reading them: sorted, `.git` skipped, symlinks never followed (each
 * real file is read once, at its own path), files over the size limit marked instead of read.
 */
import { lstatSync, readdirSync, type Dirent } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';

export interface WalkedFile {
  /** Repository-relative path with `/` separators. */
  path: string;
  /** Absolute path to read from. */
  absolute: string;
  size: number;
  /**
   * Set when the file is over the size limit: it is listed, not read, and this says why — the caller
   * reports it only for files a manager would have read (a big archive nobody extracts is no news).
   */
  tooLarge?: string;
}

export interface WalkProblem {
  path: string;
  message: string;
}

export interface WalkOptions {
  maxFileSize: number;
  /** Called for each directory path (relative, `/`-separated): false skips the directory. */
  enterDirectory?: (path: string) => boolean;
  onProblem?: (problem: WalkProblem) => void;
}

function inside(root: string, target: string): boolean {
  return target === root || target.startsWith(root.endsWith(sep) ? root : root + sep);
}

export async function* walkFiles(dir: string, options: WalkOptions): AsyncGenerator<WalkedFile> {
  const root = await realpath(dir);
  const report = (path: string, message: string) => options.onProblem?.({ path, message });

  async function* walk(absDir: string, relDir: string): AsyncGenerator<WalkedFile> {
    // Synchronous directory and size reads: they are short, and Node's thread pool is better left to
    // the file reads (the promise versions cost more than they save, measured in bench/).
    let entries: Dirent[];
    try {
      entries = readdirSync(absDir, { withFileTypes: true });
    } catch (err) {
      report(relDir || '.', `cannot read directory: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name === '.git') continue;
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      const abs = join(absDir, entry.name);
      const isDir = entry.isDirectory();
      const isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        // Never followed: a directory link can loop (`dot -> .`) or show one file under many paths, and a
        // branch must edit a file at its one real path. A link inside the repository points at something
        // the walk reaches by its own path; one that leaves it or points nowhere is reported.
        let target: string;
        try {
          target = await realpath(abs);
        } catch {
          report(rel, 'broken symlink, not read');
          continue;
        }
        if (!inside(root, target)) report(rel, 'symlink leaves the repository, not followed');
        continue;
      }
      if (isDir) {
        if (options.enterDirectory && !options.enterDirectory(rel)) continue;
        yield* walk(abs, rel);
      } else if (isFile) {
        const size = lstatSync(abs).size;
        if (size > options.maxFileSize)
          yield { path: rel, absolute: abs, size, tooLarge: `${formatBytes(size)}, larger than the ${formatBytes(options.maxFileSize)} limit: not read` };
        else yield { path: rel, absolute: abs, size };
      }
    }
  }

  yield* walk(root, '');
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
