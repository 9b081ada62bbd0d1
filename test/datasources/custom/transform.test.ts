import { describe, expect, it } from 'vitest';
import { evaluateTransform, parseTransform } from '../../../src/datasources/custom/transform.js';
import { createClock } from '../../../src/util/clock.js';
import { InputError } from '../../../src/util/errors.js';

const KEY = 'custom.demo: transformTemplates[0]';
const run = (expression: string, input: unknown, limits = {}) => evaluateTransform(expression, input, { key: KEY, now: createClock().now, limits });

describe('JSONata transforms', () => {
  it("turn an answer into Renovate's release list", async () => {
    const input = {
      data: [
        { id: 'stable', latest: 'v1.30.2+k3s1' },
        { id: 'latest', latest: 'v1.31.0+k3s1' },
      ],
    };
    const expression = '{"releases": [{"version": $$.(data[id = \'stable\'].latest)}], "homepage": "https://k3s.io/"}';
    expect(await run(expression, input)).toEqual({ releases: [{ version: 'v1.30.2+k3s1' }], homepage: 'https://k3s.io/' });
  });

  it('map over a list, with regular expressions on RE2', async () => {
    const input = [{ version: 'nginx-1.27.0.tar.gz' }, { version: 'nginx-1.26.1.tar.gz' }, { version: 'README' }];
    const expression = '{ "releases": $.{ "version": $match(version, /^nginx-(.+)\\.tar\\.gz$/).groups[0] }[version] }';
    expect(await run(expression, input)).toEqual({ releases: [{ version: '1.27.0' }, { version: '1.26.1' }] });
    expect(await run('$replace("v1.2.3", /^v/, "")', null)).toBe('1.2.3');
    expect(await run('$split("a1b22c", /[0-9]+/)', null)).toEqual(['a', 'b', 'c']);
  });

  it('a pattern RE2 cannot run is an error naming the expression', async () => {
    await expect(run('$match("abc", /(?=a)b/)', null)).rejects.toThrow(/^custom\.demo: transformTemplates\[0\]: invalid pattern .*look-around/);
  });

  it('an expression that runs too long is stopped, not waited for', async () => {
    const started = performance.now();
    const endless = '($f := function($n) { $f($n + 1) }; $f(0))';
    await expect(run(endless, null, { timeoutMs: 200 })).rejects.toThrow(new InputError(`${KEY}: stopped: ran longer than 200 ms`));
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('an expression that builds too much is stopped', async () => {
    await expect(run('[1..1000000]', null, { maxItems: 1000 })).rejects.toThrow(/^custom\.demo: transformTemplates\[0\]: stopped: .*1000/);
    const doubling = '($f := function($s, $n) { $n = 0 ? $s : $f($s & $s, $n - 1) }; $f("x", 40))';
    await expect(run(doubling, null, { maxStringLength: 100_000 })).rejects.toThrow(`${KEY}: stopped: a string longer than 100000 characters`);
    await expect(run('$pad("x", 1000000000)', null)).rejects.toThrow(/stopped: \$pad to 1000000000 characters/);
    await expect(run('$ ~> $map(function($v) { $string($v) & $string($v) })', ['y'.repeat(1000)], { maxResultChars: 1000 })).rejects.toThrow(
      `${KEY}: stopped: the result is larger than 1000 characters`,
    );
  });

  it('$pad keeps its meaning within the bound', async () => {
    expect(await run('$pad("5", -3, "0")', null)).toBe('005');
    expect(await run('$pad("ab", 5, "xy")', null)).toBe('abxyx');
  });

  it('deep recursion is stopped at the depth bound', async () => {
    const deep = '($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))';
    await expect(run(deep, null, { maxDepth: 200 })).rejects.toThrow(/^custom\.demo: transformTemplates\[0\]: stopped: Stack overflow/);
  });

  it('a syntax error names the expression and the position', () => {
    expect(() => parseTransform('{"releases": [', 'customDatasources.x.transformTemplates[0]')).toThrow(
      /^customDatasources\.x\.transformTemplates\[0\]: not a JSONata expression: .*\(at character \d+\)$/,
    );
  });

  it("$now() and $millis() read the run's clock, one instant per evaluation", async () => {
    const clock = createClock(new Date('2031-02-03T04:05:06.000Z'));
    const result = (await evaluateTransform('{"now": $now(), "millis": $millis(), "day": $now("[Y0001]-[M01]-[D01]"), "same": $millis() = $millis()}', null, {
      key: KEY,
      now: clock.now,
    })) as { now: string; millis: number; day: string; same: boolean };
    expect(result.day).toBe('2031-02-03');
    expect(Date.parse(result.now)).toBe(result.millis);
    expect(result.millis - Date.parse('2031-02-03T04:05:06.000Z')).toBeLessThan(60_000);
    expect(result.same).toBe(true);
  });
});
