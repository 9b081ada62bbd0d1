/**
 * The one policy for tests that need something outside the repository (a program that
 * `scripts/setup-test-services.sh` installs, or the `../shared` folder beside the checkout):
 *
 *   requireCommands(['redis-server']).describe('…', () => { … });
 *   requirePath(SHARED_DIR, '../shared/conformance', 'check out shared/ beside this repository').it('…', () => { … });
 *
 * - all there: the tests run as usual;
 * - missing under CI (`CI` set and not `false`/`0`): the tests are replaced by one test that FAILS naming
 *   what is missing and how to get it, so CI cannot go green by skipping;
 * - missing locally: the tests are skipped, and one loud line per missing thing is printed once per run
 *   (collected by `skip-report.ts`, the vitest globalSetup; printed at once when run without it).
 */
import { appendFileSync, existsSync } from 'node:fs';
import { describe, inject, it } from 'vitest';
import { installHint, missingCommands } from './commands.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** File where gates append their skip lines; `skip-report.ts` prints them once at the end of the run. */
    upkeepSkipLog?: string;
  }
}

type Body = () => void | Promise<void>;

/** The parts of vitest's API a gate uses (injectable so the gate itself can be tested). */
export interface TestApi {
  describe: { (name: string, fn: () => void): void; skip(name: string, fn: () => void): void };
  it: { (name: string, fn: Body, timeout?: number): void; skip(name: string, fn: Body, timeout?: number): void };
}

export interface GateOptions {
  env?: NodeJS.ProcessEnv;
  api?: TestApi;
  /** Receives the loud line of a local skip (default: the run's skip log). */
  report?: (line: string) => void;
}

export interface Missing {
  /** What is missing, e.g. `redis-server`. */
  what: string;
  /** How to get it, e.g. `run scripts/setup-test-services.sh`. */
  how: string;
}

export interface Gate {
  readonly verdict: 'run' | 'skip' | 'fail';
  /** One line naming what is missing and how to get it ('' when nothing is). */
  readonly message: string;
  describe(name: string, fn: () => void): void;
  it(name: string, fn: Body, timeout?: number): void;
}

export function isCI(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

const reportedHere = new Set<string>();

function reportSkip(line: string): void {
  let log: string | undefined;
  try {
    log = inject('upkeepSkipLog');
  } catch {
    log = undefined;
  }
  if (log) appendFileSync(log, `${line}\n`);
  else if (!reportedHere.has(line)) {
    reportedHere.add(line);
    console.warn(line);
  }
}

/** The gate for a list of missing things (empty: everything is there). */
export function gate(missing: Missing[], options: GateOptions = {}): Gate {
  const api = options.api ?? { describe, it };
  if (missing.length === 0) return { verdict: 'run', message: '', describe: (n, fn) => api.describe(n, fn), it: (n, fn, t) => api.it(n, fn, t) };
  const what = missing.map((m) => m.what).join(', ');
  const message = `${what} is missing; ${[...new Set(missing.map((m) => m.how))].join('; ')}`;
  if (isCI(options.env ?? process.env)) {
    const fail = () => {
      throw new Error(`${message}; under CI a missing service fails the tests instead of skipping them`);
    };
    return {
      verdict: 'fail',
      message,
      describe: (name) => api.describe(name, () => api.it(`needs ${what}`, fail)),
      it: (name) => api.it(name, fail),
    };
  }
  const report = options.report ?? reportSkip;
  for (const m of missing) report(`⚠ SKIPPED, NOT PASSED: tests that need ${m.what} did not run — ${m.what} is missing; ${m.how}`);
  return { verdict: 'skip', message, describe: (n, fn) => api.describe.skip(n, fn), it: (n, fn, t) => api.it.skip(n, fn, t) };
}

/** Gate on installed programs (`git http-backend` counts as one). */
export function requireCommands(commands: string[], options: GateOptions = {}): Gate {
  return gate(
    missingCommands(commands).map((c) => ({ what: c, how: installHint([c]) })),
    options,
  );
}

/** Gate on a path outside the repository; `label` names it in messages, `how` says how to get it. */
export function requirePath(path: string | URL, label: string, how: string, options: GateOptions = {}): Gate {
  return gate(existsSync(path) ? [] : [{ what: label, how }], options);
}
