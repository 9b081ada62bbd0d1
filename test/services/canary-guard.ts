/**
 * Setup file of every test file (vitest.config.ts): watches what the file writes — console output and
 * the process's stdout and stderr — and fails the file if a canary secret (./canary.ts) shows up. Tests
 * that run the CLI as a child process check its output themselves.
 */
import { afterAll } from 'vitest';
import { SUITE_CANARY } from './canary.js';

const leaks: string[] = [];

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (value instanceof Error) return `${value.message}\n${value.stack ?? ''}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function watch(value: unknown): void {
  const s = text(value);
  const at = s.indexOf(SUITE_CANARY);
  if (at >= 0) leaks.push(s.slice(Math.max(0, at - 80), at + 40).replaceAll(SUITE_CANARY, '<canary>'));
}

for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
  const original = console[method].bind(console);
  console[method] = (...args: unknown[]) => {
    args.forEach(watch);
    original(...args);
  };
}
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    watch(chunk);
    return write(chunk, ...rest);
  }) as typeof stream.write;
}

afterAll(() => {
  if (leaks.length > 0) throw new Error(`a canary secret reached the test output ${leaks.length} time(s), e.g. …${leaks[0]}…`);
});
