/**
 * `upkeep validate [FILE]`: check a repository config — FILE, or the one discovered in the current
 * directory — and print every problem, one line each (`error: renovate.json:12: key: message`), in file
 * order, then a summary. Exit 1 when there is an error (or nothing to check), 0 otherwise: warnings
 * alone do not fail, so a Renovate config with options Upkeep ignores still passes.
 *
 * Presets named in `extends` are resolved too (from config/presets/ and, for `local>`/relative ones,
 * from the current directory), so an unknown preset is reported here rather than at the next run.
 */
import { readFile, stat } from 'node:fs/promises';
import { CONFIG_FILE_NAMES, findConfigFiles, MAX_CONFIG_SIZE, readConfigFile } from '../config/discover.js';
import { locateKeys, parseConfigText } from '../config/parse.js';
import { resolvePresets } from '../config/presets.js';
import { formatProblem, validateRepoConfig, type ConfigProblem } from '../config/validate.js';
import { repositoryReader } from '../repo/load-config.js';
import { ConfigError } from '../util/errors.js';
import { print } from './output.js';

interface Found {
  file: string;
  content: string;
  warnings: ConfigProblem[];
}

async function readGivenFile(file: string): Promise<string> {
  const info = await stat(file).catch((err: NodeJS.ErrnoException) => {
    throw new ConfigError(file, `cannot be read (${err.code ?? 'error'})`);
  });
  if (!info.isFile()) throw new ConfigError(file, 'is not a file');
  if (info.size > MAX_CONFIG_SIZE) throw new ConfigError(file, `is larger than ${MAX_CONFIG_SIZE / 1024} KiB: not read`);
  return readFile(file, 'utf8');
}

async function findConfig(dir: string): Promise<Found | undefined> {
  const [file, ...others] = await findConfigFiles(dir);
  if (file === undefined) return undefined;
  const warnings = others.map((other) => ({ file: other, message: `ignored: ${file} comes first` }));
  return { file, content: await readConfigFile(dir, file), warnings };
}

/** A ConfigError as a problem; a key without a line (from presets.ts) gets its line in `content`. */
function problemFrom(err: ConfigError, content: string | undefined): ConfigProblem {
  const line = err.line ?? (err.key && content !== undefined ? locateKeys(content).lines.get(err.key) : undefined);
  return {
    file: err.file,
    ...(err.key ? { key: err.key } : {}),
    ...(line !== undefined ? { line } : {}),
    ...(err.column !== undefined ? { column: err.column } : {}),
    message: err.detail,
  };
}

/** Every problem with `file` (as the user named it), and whether there is a config to check at all. */
async function check(file: string | undefined, dir: string): Promise<{ file?: string; errors: ConfigProblem[]; warnings: ConfigProblem[] }> {
  const errors: ConfigProblem[] = [];
  const warnings: ConfigProblem[] = [];
  let name = file;
  let content: string | undefined;
  try {
    const found: Found | undefined = file !== undefined ? { file, content: await readGivenFile(file), warnings: [] } : await findConfig(dir);
    if (!found) return { errors, warnings };
    name = found.file;
    content = found.content;
    warnings.push(...found.warnings);
    const value = parseConfigText(found.file, found.content, warnings);
    const result = validateRepoConfig(value, found.file, found.content);
    errors.push(...result.errors);
    warnings.push(...result.warnings);
    if (result.errors.length === 0 && result.config.extends !== undefined) {
      const presets = await resolvePresets(result.config, { file: found.file, readLocal: repositoryReader(dir) });
      for (const message of presets.warnings) warnings.push({ file: found.file, message });
    }
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    errors.push(problemFrom(err, content));
  }
  return { ...(name !== undefined ? { file: name } : {}), errors, warnings };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export async function runValidate(file: string | undefined, dir = process.cwd()): Promise<number> {
  const result = await check(file, dir);
  if (result.file === undefined) {
    print(`error: no config file in ${dir} (looked for ${CONFIG_FILE_NAMES.slice(0, 4).join(', ')} and ${CONFIG_FILE_NAMES.length - 4} other names)\n`);
    return 1;
  }
  const lines = [
    ...result.errors.map((p) => ({ p, text: `error: ${formatProblem(p)}` })),
    ...result.warnings.map((p) => ({ p, text: `warning: ${formatProblem(p)}` })),
  ];
  // In file order; problems of the whole file (no line) last; other files (ignored ones) after.
  const rank = (p: ConfigProblem) => (p.file === result.file ? 0 : 1) * 1e9 + (p.line ?? 1e8);
  lines.sort((a, b) => rank(a.p) - rank(b.p));
  for (const { text } of lines) print(`${text}\n`);
  const { errors, warnings } = result;
  const verdict = errors.length > 0 ? plural(errors.length, 'error') : 'valid';
  print(`${result.file}: ${verdict}${warnings.length > 0 ? `, ${plural(warnings.length, 'warning')}` : ''}\n`);
  return errors.length > 0 ? 1 : 0;
}
