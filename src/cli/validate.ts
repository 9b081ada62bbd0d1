/**
 * `upkeep validate [FILE]`: check a repository config — FILE, or the one discovered in the current
 * directory — and print every problem, one line each (`error: renovate.json:12: key: message`), in file
 * order, then a summary. Exit 1 when there is an error (or nothing to check), 0 otherwise: warnings
 * alone do not fail, so a Renovate config with options Upkeep ignores still passes.
 *
 * The check is the one every run makes (`repo/check-config.ts`): presets resolved and what each brings
 * checked, templates parsed, every problem at once — what passes here does not fail a run.
 */
import { CONFIG_FILE_NAMES } from '../config/discover.js';
import { formatProblem, type ConfigProblem } from '../config/validate.js';
import { checkRepositoryConfig } from '../repo/check-config.js';
import { loadGlobalConfig } from '../config/global-config.js';
import { createRunContext } from '../lookup/context.js';
import { repositoryReader } from '../repo/load-config.js';
import { createPresetReader } from '../repo/preset-reader.js';
import { repositoryNameAsker } from '../repo/repository-name.js';
import { print } from './output.js';

export interface ValidateOptions {
  /** `owner/name` of the repository the config is in (default: from the origin remote). */
  repository?: string;
  /** Read presets of other repositories through their forges; otherwise they are listed as not checked. */
  fetchPresets?: boolean;
  /** The global config file (endpoints and tokens for --fetch-presets). */
  config?: string;
}

/** Every problem with `file` (or the config discovered in `dir`): the same check every run makes. */
async function check(
  file: string | undefined,
  dir: string,
  options: ValidateOptions,
): Promise<{ file?: string; errors: ConfigProblem[]; warnings: ConfigProblem[] }> {
  const global = options.fetchPresets ? await loadGlobalConfig(options.config) : undefined;
  const ctx = global ? createRunContext(global) : undefined;
  try {
    const checked = await checkRepositoryConfig(dir, {
      readLocal: repositoryReader(dir),
      ...(global && ctx ? { readRemote: createPresetReader({ global, http: ctx.http, cache: ctx.cache }) } : {}),
      unreadable: 'skip',
      ...(options.repository !== undefined ? { repository: options.repository } : { repositoryName: repositoryNameAsker(dir) }),
      ...(file !== undefined ? { file } : {}),
    });
    return { ...(checked.file !== undefined ? { file: checked.file } : {}), errors: checked.errors, warnings: checked.warnings };
  } finally {
    await ctx?.close();
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export async function runValidate(file: string | undefined, dir = process.cwd(), options: ValidateOptions = {}): Promise<number> {
  const result = await check(file, dir, options);
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
