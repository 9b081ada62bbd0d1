import { describe, expect, it } from 'vitest';
import { assertCommands, installHint, missingCommands } from './commands.js';
import { isCI, requireCommands, requirePath, type TestApi } from './require.js';

const MISSING = 'upkeep-no-such-command';

type Registered = { kind: 'describe' | 'describe.skip' | 'it' | 'it.skip'; name: string; fn: () => unknown };

/** A stand-in for vitest's describe/it that records what a gate registers (describe bodies run at once). */
function recorder(): { api: TestApi; registered: Registered[] } {
  const registered: Registered[] = [];
  const describeFn = Object.assign((name: string, fn: () => void) => (registered.push({ kind: 'describe', name, fn }), fn()), {
    skip: (name: string, fn: () => void) => void registered.push({ kind: 'describe.skip', name, fn }),
  });
  const itFn = Object.assign((name: string, fn: () => unknown) => void registered.push({ kind: 'it', name, fn }), {
    skip: (name: string, fn: () => unknown) => void registered.push({ kind: 'it.skip', name, fn }),
  });
  return { api: { describe: describeFn, it: itFn }, registered };
}

function failureOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the registered test to fail');
}

describe('the service gate under CI', () => {
  it('fails instead of skipping when a command is missing: a failing test names it and the setup script', () => {
    const { api, registered } = recorder();
    const lines: string[] = [];
    const gate = requireCommands([MISSING], { env: { CI: 'true' }, api, report: (l) => lines.push(l) });
    expect(gate.verdict).toBe('fail');
    const body = () => {
      throw new Error('the gated suite must not be collected');
    };
    gate.describe('needs the command', body);
    gate.it('one case', body);
    expect(registered.map((r) => [r.kind, r.name])).toEqual([
      ['describe', 'needs the command'],
      ['it', `needs ${MISSING}`],
      ['it', 'one case'],
    ]);
    for (const test of registered.filter((r) => r.kind === 'it')) {
      expect(failureOf(test.fn)).toMatch(
        new RegExp(`^${MISSING} is missing; run scripts/setup-test-services\\.sh; under CI a missing service fails the tests instead of skipping them$`),
      );
    }
    expect(lines).toEqual([]);
  });

  it('fails for a missing path too (the ../shared comparison)', () => {
    const { api, registered } = recorder();
    const gate = requirePath('/nonexistent/upkeep-shared', '../shared/x', 'check out shared/', { env: { CI: 'true' }, api });
    gate.it('compares', () => undefined);
    expect(registered.map((r) => r.kind)).toEqual(['it']);
    expect(failureOf(registered[0]!.fn)).toMatch(/^\.\.\/shared\/x is missing; check out shared\/;/);
  });

  it('runs the tests unchanged when everything is there', () => {
    const { api, registered } = recorder();
    const gate = requireCommands(['sh'], { env: { CI: 'true' }, api });
    const body = () => undefined;
    gate.it('works', body);
    expect(gate.verdict).toBe('run');
    expect(registered).toEqual([{ kind: 'it', name: 'works', fn: body }]);
  });
});

describe('the service gate locally', () => {
  it('skips, with one loud line per missing command naming it and the setup script', () => {
    const { api, registered } = recorder();
    const lines: string[] = [];
    const gate = requireCommands([MISSING, 'sh', `${MISSING}-2`], { env: {}, api, report: (l) => lines.push(l) });
    gate.describe('suite', () => undefined);
    gate.it('case', () => undefined);
    expect(gate.verdict).toBe('skip');
    expect(registered.map((r) => r.kind)).toEqual(['describe.skip', 'it.skip']);
    expect(lines).toEqual([
      `⚠ SKIPPED, NOT PASSED: tests that need ${MISSING} did not run — ${MISSING} is missing; run scripts/setup-test-services.sh`,
      `⚠ SKIPPED, NOT PASSED: tests that need ${MISSING}-2 did not run — ${MISSING}-2 is missing; run scripts/setup-test-services.sh`,
    ]);
  });
});

describe('command checks', () => {
  it('takes CI as set unless empty, false or 0', () => {
    expect([{ CI: 'true' }, { CI: '1' }, { CI: 'yes' }].map(isCI)).toEqual([true, true, true]);
    expect([{}, { CI: '' }, { CI: 'false' }, { CI: '0' }].map(isCI)).toEqual([false, false, false, false]);
  });

  it('finds what is missing and says how to install it, without installing anything', () => {
    expect(missingCommands([MISSING, 'sh'])).toEqual([MISSING]);
    expect(() => assertCommands(['sh'])).not.toThrow();
    expect(() => assertCommands([MISSING])).toThrow(`${MISSING} not installed: run scripts/setup-test-services.sh`);
    expect(installHint(['htpasswd', 'redis-server', 'openssl'])).toBe(
      'run scripts/setup-test-services.sh (Debian: apt-get install apache2-utils redis-server openssl)',
    );
  });
});
