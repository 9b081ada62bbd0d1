/**
 * One JSONata expression of a custom datasource (`transformTemplates[i]`), evaluated within bounds: the
 * expression comes from a repository, so it must not hold a lookup (or a worker) for long, nor fill the
 * memory. Per evaluation:
 * - time: judged by the run's clock at every evaluation step (JSONata evaluates step by step, so an
 *   endless tail recursion or a long loop stops at the next step after the deadline);
 * - size: no step may produce a string or a list longer than the limits (checked as each step ends;
 *   lists built by ranges and paths are refused before they grow past the limit), `$pad` refuses a width
 *   past the string limit, and the result's JSON is bounded;
 * - depth: nested evaluation (recursion that is not a tail call) is bounded;
 * - regular expressions run on RE2 (regex-engine.ts), whose matching time is linear.
 * Every failure is an InputError naming the expression (`custom.k3s: transformTemplates[0]: …`).
 */
import type jsonataModule from 'jsonata';
import { onDemand } from '../../util/on-demand.js';
import { InputError } from '../../util/errors.js';
import { re2EngineFor } from './regex-engine.js';

const jsonata = onDemand<typeof jsonataModule>('jsonata');

export interface TransformLimits {
  /** Milliseconds one expression may run. */
  timeoutMs: number;
  /** Characters of the longest string a step may produce. */
  maxStringLength: number;
  /** Entries of the longest list a step may produce. */
  maxItems: number;
  /** Nesting depth of evaluation. */
  maxDepth: number;
  /** Characters of the JSON of the expression's result. */
  maxResultChars: number;
}

export const DEFAULT_TRANSFORM_LIMITS: Readonly<TransformLimits> = {
  timeoutMs: 5_000,
  maxStringLength: 4_000_000,
  maxItems: 100_000,
  maxDepth: 1_000,
  maxResultChars: 16_000_000,
};

export interface TransformOptions {
  /** Names the expression in errors: `custom.k3s: transformTemplates[0]`. */
  key: string;
  /** The run's clock (milliseconds). */
  now: () => number;
  limits?: Partial<TransformLimits>;
}

/** Thrown from inside the evaluation when a bound is crossed (JSONata passes it through unchanged). */
class BoundCrossed extends Error {}

type JsonataFailure = { message?: unknown; position?: unknown; code?: unknown };

/** A JSONata error as one line: its message and, when known, where in the expression. */
export function describeJsonataError(err: unknown): string {
  const e = (err ?? {}) as JsonataFailure;
  const message = typeof e.message === 'string' ? e.message : String(err);
  const where = typeof e.position === 'number' && e.position > 0 ? ` (at character ${e.position})` : '';
  return `${message.replace(/\s*\n\s*/g, ' ')}${where}`;
}

/** Parses `expression` (the check `upkeep validate` makes); throws an InputError naming `key`. */
export function parseTransform(expression: string, key: string): jsonataModule.Expression {
  try {
    return jsonata()(expression);
  } catch (err) {
    throw new InputError(`${key}: not a JSONata expression: ${describeJsonataError(err)}`);
  }
}

export async function evaluateTransform(expression: string, input: unknown, options: TransformOptions): Promise<unknown> {
  const limits: TransformLimits = { ...DEFAULT_TRANSFORM_LIMITS, ...options.limits };
  const { key, now } = options;
  let compiled: jsonataModule.Expression;
  try {
    compiled = jsonata()(expression, { RegexEngine: re2EngineFor(key), stack: limits.maxDepth, sequence: limits.maxItems });
  } catch (err) {
    throw new InputError(`${key}: not a JSONata expression: ${describeJsonataError(err)}`);
  }
  const deadline = now() + limits.timeoutMs;
  const assign = compiled.assign as (name: string | symbol, value: unknown) => void;
  assign(Symbol.for('jsonata.__evaluate_entry'), () => {
    if (now() > deadline) throw new BoundCrossed(`ran longer than ${limits.timeoutMs} ms`);
  });
  assign(Symbol.for('jsonata.__evaluate_exit'), (_expr: unknown, _input: unknown, _env: unknown, result: unknown) => checkSize(result, limits));
  compiled.registerFunction('pad', (str: string | undefined, width: number, char?: string) => pad(str, width, char, limits), '<s-ns?:s>');
  // $now() and $millis() read the run's clock, not the wall clock (one clock per run); like JSONata's own,
  // both give the same instant for the whole evaluation.
  const startedAt = Math.floor(now());
  compiled.registerFunction('millis', () => startedAt, '<:n>');
  compiled.registerFunction('now', (picture?: string, timezone?: string) => formatMillis(startedAt, picture, timezone), '<s?s?:s>');

  let result: unknown;
  try {
    result = await compiled.evaluate(input);
  } catch (err) {
    if (err instanceof BoundCrossed) throw new InputError(`${key}: stopped: ${err.message}`);
    if (err instanceof InputError) throw err;
    const code = (err as JsonataFailure | undefined)?.code;
    if (code === 'D1011' || code === 'D2014' || code === 'D2015') throw new InputError(`${key}: stopped: ${describeJsonataError(err)}`);
    throw new InputError(`${key}: ${describeJsonataError(err)}`);
  }
  if (result === undefined) return undefined;
  const json = JSON.stringify(result);
  if (json === undefined) return undefined;
  if (json.length > limits.maxResultChars) throw new InputError(`${key}: stopped: the result is larger than ${limits.maxResultChars} characters`);
  // A plain copy: JSONata's sequences carry extra properties, and functions are no data.
  return JSON.parse(json) as unknown;
}

/** JSONata's own `$fromMillis`, so `$now(picture, timezone)` formats exactly as JSONata's `$now` does. */
let fromMillis: jsonataModule.Expression | undefined;
function formatMillis(millis: number, picture: string | undefined, timezone: string | undefined): Promise<string> {
  fromMillis ??= jsonata()('$fromMillis($at, $picture, $timezone)');
  return fromMillis.evaluate(null, { at: millis, picture, timezone }) as Promise<string>;
}

function checkSize(result: unknown, limits: TransformLimits): void {
  if (typeof result === 'string' && result.length > limits.maxStringLength) {
    throw new BoundCrossed(`a string longer than ${limits.maxStringLength} characters`);
  }
  if (Array.isArray(result) && result.length > limits.maxItems) throw new BoundCrossed(`a list longer than ${limits.maxItems} entries`);
}

/** JSONata's `$pad` (padding of code points, `char` repeated and cut), refusing widths past the string limit. */
function pad(str: string | undefined, width: number, char: string | undefined, limits: TransformLimits): string | undefined {
  if (str === undefined) return undefined;
  const w = Math.trunc(width);
  if (Math.abs(w) > limits.maxStringLength) throw new BoundCrossed(`$pad to ${Math.abs(w)} characters (more than ${limits.maxStringLength})`);
  const filler = char === undefined || char.length === 0 ? ' ' : char;
  const missing = Math.abs(w) - Array.from(str).length;
  if (missing <= 0) return str;
  const padding = Array.from(filler.repeat(Math.ceil(missing / Array.from(filler).length)))
    .slice(0, missing)
    .join('');
  return w > 0 ? str + padding : padding + str;
}
