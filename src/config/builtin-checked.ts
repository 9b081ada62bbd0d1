/**
 * Built-in presets checked at build time. `config:recommended` alone brings some 500 presets (every
 * monorepo and replacement group), and checking each like a repository config was ~45 ms of a small
 * repository's run, spent again in every run on the same data. The build (scripts/check-builtin-presets.mjs)
 * checks each once and writes the results beside the code; a run takes a preset's result from there when
 * the table was made from the very same preset file (its SHA-256 is recorded), and checks it itself
 * otherwise — a file edited after the build, or no table (tests running from source).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { validateBuiltin, withoutDocs, type CheckedBuiltin } from './check-preset.js';
import { addProven, recordProven } from '../util/proven.js';

type Obj = Record<string, unknown>;

export interface CheckedTable {
  /** Namespace → SHA-256 of the preset file the entries were made from. */
  namespaces: Record<string, string>;
  /** `namespace:name` → the preset as checked (presets that take arguments are not in it). */
  presets: Record<string, CheckedBuiltin>;
  /** The value checks those presets passed (util/proven.ts): a run does not make them again. */
  proven?: string[];
}

export interface CheckedBuiltins {
  /** The checked form of preset `id`, used without arguments, when the table holds it for this file's `digest`. */
  get(namespace: string, digest: string, id: string): Promise<CheckedBuiltin | undefined>;
}

export const digestOf = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The table in `file` (read once, on first use); a missing or unreadable table holds nothing. */
export function checkedBuiltinsAt(file: URL | string): CheckedBuiltins {
  let table: Promise<CheckedTable | undefined> | undefined;
  return {
    async get(namespace, digest, id) {
      // Only an aid: a table that cannot be read or parsed is no table, and the run checks the presets itself.
      table ??= readFile(file, 'utf8')
        .then((text) => {
          const read = JSON.parse(text) as CheckedTable;
          if (Array.isArray(read.proven)) addProven(read.proven);
          return read;
        })
        .catch(() => undefined);
      const found = await table;
      if (found?.namespaces?.[namespace] !== digest || !found.presets || !Object.hasOwn(found.presets, id)) return undefined;
      // A copy: the run merges and labels what it is given.
      return structuredClone(found.presets[id]);
    },
  };
}

/** Every preset of the given namespace files, checked; presets with `{{argN}}` placeholders are left to the run. */
export function buildCheckedTable(files: ReadonlyArray<{ namespace: string; text: string }>): CheckedTable {
  const table: CheckedTable = { namespaces: {}, presets: {} };
  const { keys } = recordProven(() => {
    for (const { namespace, text } of files) {
      table.namespaces[namespace] = digestOf(text);
      for (const [name, content] of Object.entries(JSON.parse(text) as Obj)) {
        if (typeof content !== 'object' || content === null || Array.isArray(content)) continue;
        if (JSON.stringify(content).includes('{{arg')) continue;
        const id = `${namespace}:${name}`;
        table.presets[id] = validateBuiltin(withoutDocs(content as Obj), id);
      }
    }
  });
  table.proven = keys;
  return table;
}
