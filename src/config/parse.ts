/**
 * Reading a repository config file's text: JSON or JSON5 (as Renovate: JSON5 for `.json5`, `.jsonc` and
 * `.renovaterc`; a `.json` file that is only valid as JSON5 is read with a warning), a byte-order mark
 * skipped, an empty file meaning `{}`. A syntax error names the file, line and column.
 *
 * `locateKeys` maps each key path (`packageRules[2].matchUpdateTypes[0]`) to its line, so validation
 * problems can say where they are, and finds keys written twice in one object (the last one wins in
 * JSON, silently — a common way to lose half a config).
 */
import JSON5 from 'json5';
import { ConfigError } from '../util/errors.js';
import type { ConfigProblem } from './problem.js';

/** The text without a leading byte-order mark. */
export function stripBom(content: string): string {
  return content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
}

/** `.json` files are JSON (JSON5 accepted with a warning); every other name is JSON5. */
export function isStrictJsonName(file: string): boolean {
  return /\.json$/i.test(file);
}

interface Json5SyntaxError extends SyntaxError {
  lineNumber?: number;
  columnNumber?: number;
}

function syntaxError(file: string, err: unknown, kind: string): ConfigError {
  const e = err as Json5SyntaxError;
  // json5 says "JSON5: invalid character 'x' at 3:5": keep the description, the position goes in front.
  const detail = String(e.message ?? err)
    .replace(/^JSON5: /, '')
    .replace(/ at \d+:\d+$/, '')
    .replace(/'\\(["'])'/, "'$1'");
  return new ConfigError(file, `not valid ${kind}: ${detail}`, { line: e.lineNumber, column: e.columnNumber });
}

/**
 * The value in a config file's text. Throws a `ConfigError` with file, line and column on a syntax
 * error; `warnings` (when given) receives the problems that do not stop the file from being read.
 */
export function parseConfigText(file: string, content: string, warnings?: ConfigProblem[]): unknown {
  const value = parseText(file, content, warnings);
  // Validation and preset expansion walk the value recursively: a file nested thousands deep would overflow them.
  if (nestedDeeperThan(value, MAX_DEPTH)) throw new ConfigError(file, `nested more than ${MAX_DEPTH} levels deep: not read`);
  return value;
}

/** Deeper than any real config (`packageRules[0].group.commitMessageTopic` is 3 levels), far shallower than the stack. */
const MAX_DEPTH = 64;

/** Whether objects or arrays in `value` nest more than `limit` levels (looks no deeper than that). */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (limit === 0) return true;
  return Object.values(value).some((child) => nestedDeeperThan(child, limit - 1));
}

function parseText(file: string, content: string, warnings?: ConfigProblem[]): unknown {
  const text = stripBom(content);
  if (text.trim() === '') return {};
  if (isStrictJsonName(file)) {
    try {
      return JSON.parse(text);
    } catch (jsonError) {
      let value: unknown;
      try {
        value = JSON5.parse(text);
      } catch (err) {
        throw syntaxError(file, err, 'JSON');
      }
      const position = /position (\d+)/.exec((jsonError as Error).message);
      warnings?.push({
        file,
        ...(position ? { line: lineAt(lineStarts(text), Number(position[1])) } : {}),
        message:
          'JSON5 syntax (comments, trailing commas, unquoted keys or single quotes) in a .json file: read as JSON5, as Renovate does; name the file .json5 to say so',
      });
      return value;
    }
  }
  try {
    return JSON5.parse(text);
  } catch (err) {
    if (isBlankJson5(text)) return {};
    throw syntaxError(file, err, 'JSON5');
  }
}

/** A JSON5 text holding only comments and white space (an "empty" renovate.json5). */
function isBlankJson5(text: string): boolean {
  return (
    text
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/[^\n]*/g, '')
      .trim() === ''
  );
}

export interface KeyLocations {
  /** Line (1-based) of each key path and each array item: `packageRules[2].matchUpdateTypes[0]`. */
  lines: Map<string, number>;
  /** Keys written twice in the same object: the path and the line of the earlier (ignored) one. */
  duplicates: Array<{ path: string; line: number; laterLine: number }>;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function lineAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/** The offset of the next character that is not white space or a comment. */
function skipBlank(text: string, from: number): number {
  let j = from;
  for (;;) {
    while (j < text.length && /\s/.test(text[j]!)) j++;
    if (text[j] === '/' && text[j + 1] === '/') while (j < text.length && text[j] !== '\n') j++;
    else if (text[j] === '/' && text[j + 1] === '*') j = text.indexOf('*/', j + 2) < 0 ? text.length : text.indexOf('*/', j + 2) + 2;
    else return j;
  }
}

type Frame = { kind: 'object'; path: string; key: string | undefined; seen: Map<string, number> } | { kind: 'array'; path: string; index: number };

/**
 * Where each key and array item of a JSON or JSON5 text stands. Meant for text that parsed: on
 * anything else it returns what it found so far.
 */
export function locateKeys(content: string): KeyLocations {
  const text = stripBom(content);
  const starts = lineStarts(text);
  const out: KeyLocations = { lines: new Map(), duplicates: [] };
  const stack: Frame[] = [];
  let i = 0;

  /** The path of a value starting now (an array item, or the value of the object's current key). */
  const valuePath = (): string | undefined => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    if (top.kind === 'array') {
      const path = joinPath(top.path, top.index);
      out.lines.set(path, lineAt(starts, i));
      return path;
    }
    return top.key === undefined ? undefined : joinPath(top.path, top.key);
  };

  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === '{' || c === '[') {
      const path = valuePath() ?? '';
      stack.push(c === '{' ? { kind: 'object', path, key: undefined, seen: new Map() } : { kind: 'array', path, index: 0 });
      i++;
    } else if (c === '}' || c === ']') {
      stack.pop();
      i++;
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'array') top.index++;
      else if (top) top.key = undefined;
      i++;
    } else if (c === ':') {
      i++;
    } else {
      const start = i;
      if (c === '"' || c === "'") {
        i++;
        while (i < text.length && text[i] !== c) i += text[i] === '\\' ? 2 : 1;
        i++;
      } else {
        while (i < text.length && !/[\s,:\]}/]/.test(text[i]!)) i++;
      }
      const top = stack[stack.length - 1];
      if (top?.kind === 'object' && top.key === undefined && text[skipBlank(text, i)] === ':') {
        const token = text.slice(start, i);
        const key = c === '"' || c === "'" ? String(JSON5.parse(token)) : token;
        const path = joinPath(top.path, key);
        const line = lineAt(starts, start);
        const earlier = top.seen.get(key);
        if (earlier !== undefined) out.duplicates.push({ path, line: earlier, laterLine: line });
        top.seen.set(key, line);
        out.lines.set(path, line);
        top.key = key;
      } else {
        const saved = i;
        i = start;
        valuePath();
        i = saved;
      }
    }
  }
  return out;
}
