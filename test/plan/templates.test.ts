import { describe, expect, it } from 'vitest';
import { createTemplateEngine, escapeHtml, templateProblem } from '../../src/plan/templates.js';
import { InputError } from '../../src/util/errors.js';

const engine = createTemplateEngine();
const render = (template: string, fields: Record<string, unknown> = {}): string => engine.render(template, fields, 'prTitle');

describe('values', () => {
  it('{{x}} escapes HTML like Handlebars, {{{x}}} does not', () => {
    const fields = { depName: `a&b<c>"d'e\`f=g` };
    expect(render('{{depName}}', fields)).toBe('a&amp;b&lt;c&gt;&quot;d&#x27;e&#x60;f&#x3D;g');
    expect(render('{{{depName}}}', fields)).toBe(`a&b<c>"d'e\`f=g`);
    expect(render('{{ depName }}|{{{ depName }}}', { depName: 'x' })).toBe('x|x');
  });

  it('renders missing fields as empty, numbers and booleans as text', () => {
    expect(render('[{{missing}}][{{{newMajor}}}][{{zero}}][{{flag}}][{{none}}]', { newMajor: 2, zero: 0, flag: false, none: null })).toBe('[][2][0][false][]');
  });

  it('reads only own fields: nothing from the prototype chain', () => {
    expect(render('[{{constructor}}][{{toString}}][{{__proto__}}][{{depName.length}}][{{a.b}}]', { depName: 'nginx', a: { b: 'deep' } })).toBe(
      '[][][][][deep]',
    );
  });

  it('leaves text without tags untouched', () => {
    expect(render('renovate/', {})).toBe('renovate/');
    expect(render('a } b { c', {})).toBe('a } b { c');
  });
});

describe('blocks', () => {
  const extra =
    'to {{#if isPinDigest}}{{{newDigestShort}}}{{else}}{{#if isMajor}}{{prettyNewMajor}}{{else}}{{#if isSingleVersion}}{{prettyNewVersion}}{{else}}{{#if newValue}}{{{newValue}}}{{else}}{{{newDigestShort}}}{{/if}}{{/if}}{{/if}}{{/if}}';

  it("renders Renovate's default commitMessageExtra for every branch", () => {
    expect(render(extra, { isPinDigest: true, newDigestShort: '5c1d2a3' })).toBe('to 5c1d2a3');
    expect(render(extra, { isMajor: true, prettyNewMajor: 'v2' })).toBe('to v2');
    expect(render(extra, { isSingleVersion: true, prettyNewVersion: 'v1.14.0' })).toBe('to v1.14.0');
    expect(render(extra, { newValue: '>=1.0.0 <2.0.0' })).toBe('to >=1.0.0 <2.0.0');
    expect(render(extra, { newDigestShort: 'abcdef0' })).toBe('to abcdef0');
  });

  it('treats false, 0, empty text and empty lists as false, as Handlebars does', () => {
    const t = '{{#if x}}yes{{else}}no{{/if}}';
    expect([false, 0, '', [], null, undefined, NaN].map((x) => render(t, { x }))).toEqual(['no', 'no', 'no', 'no', 'no', 'no', 'no']);
    expect([true, 1, 'a', ['a'], {}].map((x) => render(t, { x }))).toEqual(['yes', 'yes', 'yes', 'yes', 'yes']);
  });

  it('supports unless, else if chains and nesting', () => {
    expect(render('{{#unless isMajor}}minor{{else}}major{{/unless}}', { isMajor: true })).toBe('major');
    const chain = '{{#if isMajor}}M{{else if isMinor}}m{{else unless isPatch}}other{{else}}p{{/if}}';
    expect(render(chain, { isMajor: true })).toBe('M');
    expect(render(chain, { isMinor: true })).toBe('m');
    expect(render(chain, { isPatch: true })).toBe('p');
    expect(render(chain, {})).toBe('other');
    expect(render('{{#if a}}{{#if b}}ab{{else}}a{{/if}}{{/if}}', { a: true })).toBe('a');
  });

  it('drops comments and honours ~ whitespace control', () => {
    expect(render('a {{! note }}b {{!-- a }} long note --}}c')).toBe('a b c');
    expect(render('x   {{~#if y~}}   Y   {{~/if~}}   z', { y: true })).toBe('xYz');
  });
});

describe('helpers', () => {
  it('lowercase, encodeURIComponent, decodeURIComponent and replace (a bounded regular expression)', () => {
    const fields = { depName: 'GHCR.io/Org/App', url: 'a%2Fb' };
    expect(render('{{lowercase depName}}', fields)).toBe('ghcr.io/org/app');
    expect(render('{{{encodeURIComponent depName}}}', fields)).toBe('GHCR.io%2FOrg%2FApp');
    expect(render('{{{decodeURIComponent url}}}', fields)).toBe('a/b');
    expect(render('{{{replace "^ghcr\\.io/" "" (lowercase depName)}}}', fields)).toBe('org/app');
    expect(render("{{{replace '/' '-' depName}}}", fields)).toBe('GHCR.io-Org-App');
  });

  it('equals, containsString, includes, and, or in conditions', () => {
    const fields = { updateType: 'major', depName: 'ghcr.io/fluxcd/flux-cli', labels: ['deps'] };
    expect(render('{{#if (equals updateType "major")}}breaking{{/if}}', fields)).toBe('breaking');
    expect(render('{{#if (containsString depName "fluxcd")}}flux{{/if}}', fields)).toBe('flux');
    expect(render('{{#if (includes labels "deps")}}yes{{/if}}', fields)).toBe('yes');
    expect(render('{{#if (and (equals updateType "major") (containsString depName "nope"))}}a{{else}}b{{/if}}', fields)).toBe('b');
    expect(render('{{#if (or isPatch (equals updateType "major"))}}a{{/if}}', fields)).toBe('a');
  });

  it("split and Handlebars' lookup, as a real config's overridePackageName uses them; lookup reads own entries only", () => {
    const template =
      "{{#if (lookup (split packageName '/') 1)}}{{packageName}}{{else if (lookup (split packageName ':') 1)}}{{ lookup (split packageName ':') 1 }}/{{ lookup (split packageName ':') 1 }}{{else}}{{packageName}}/{{packageName}}{{/if}}";
    expect(render(template, { packageName: 'kubernetes/kubectl' })).toBe('kubernetes/kubectl');
    expect(render(template, { packageName: 'aqua:helm' })).toBe('helm/helm');
    expect(render(template, { packageName: 'flux' })).toBe('flux/flux');
    expect(render('[{{lookup a "constructor"}}][{{lookup o "toString"}}][{{lookup o "k"}}][{{lookup missing 0}}]', { a: ['x'], o: { k: 'v' } })).toBe(
      '[][][v][]',
    );
  });

  it('uppercase, base64, toJSON, toArray and distinct', () => {
    expect(render('{{uppercase depName}}|{{{encodeBase64 depName}}}|{{decodeBase64 "bmdpbng="}}', { depName: 'nginx' })).toBe('NGINX|bmdpbng=|nginx');
    expect(render('{{{toJSON labels}}}|{{{toJSON (distinct (toArray "a" "b" "a"))}}}', { labels: ['x'] })).toBe('["x"]|["a","b"]');
  });

  it('replace runs its pattern on RE2: every match, $n and $<name> in the replacement, no hang on (a+)+$', () => {
    expect(render('{{{replace "(a+)+$" "" depName}}}', { depName: 'baaaa' })).toBe('b');
    expect(render('{{{replace "(?<org>\\w+)/(\\w+)" "$2@$<org>" depName}}}', { depName: 'fluxcd/flux2 bitnami/redis' })).toBe('flux2@fluxcd redis@bitnami');
    expect(render('{{{replace pattern "x" depName}}}', { depName: `${'a'.repeat(40)}!-`, pattern: '(\\w*){9}!' })).toBe('x-');
  });

  it('strings are read as Handlebars reads them: only the quote is escaped, so a pattern keeps its backslashes', () => {
    expect(render('{{{replace "\\d+" "N" v}}}|{{{replace \'\\.\' "-" v}}}', { v: 'v1.25' })).toBe('vN.N|v1-25');
    expect(render('{{{replace "\\"" "" v}}}|{{{replace \'\\\'\' "" v}}}', { v: `a"b'c` })).toBe(`ab'c|a"bc`);
  });

  it('a replace pattern RE2 cannot run: a problem of the template when written in it, an error naming replace when it comes from a field', () => {
    expect(templateProblem('{{replace "(?<=v)1" "" depName}}')).toBe(
      'replace: invalid pattern "/(?<=v)1/g": error parsing regexp: invalid named capture: `(?<=v)1` (look-around is not supported: patterns run on RE2)',
    );
    expect(() => render('{{replace "(" "" depName}}', { depName: 'x' })).toThrow(
      'prTitle: bad template "{{replace \\"(\\" \\"\\" depName}}": replace: invalid pattern "/(/g": error parsing regexp: missing closing ): `(`',
    );
    expect(() => render('{{replace find "" depName}}', { depName: 'x', find: '(a)\\1' })).toThrow(
      new InputError(
        'replace: invalid pattern "/(a)\\\\1/g": error parsing regexp: invalid escape sequence: `\\1` (back-references are not supported: patterns run on RE2)',
      ),
    );
  });
});

describe('broken templates', () => {
  it.each([
    ['{{#if isMajor}}major', '{{#if}} is never closed'],
    ['{{/if}}', 'unexpected {{/if}}'],
    ['{{#each upgrades}}x{{/each}}', 'unsupported block {{#each}}'],
    ['{{frobnicate depName}}', 'unknown helper "frobnicate"'],
    ['{{depName', '"{{" at 0 is never closed'],
    ['{{#if a}}x{{/unless}}', '{{#if}} closed by {{/unless}}'],
    ['{{#if}}x{{/if}}', '{{#if}} needs a condition'],
    ['{{(lowercase depName}}', 'missing ")"'],
  ])('%s: %s', (template, problem) => {
    expect(templateProblem(template)).toContain(problem);
    let error: unknown;
    try {
      render(template, { depName: 'x', a: true });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(`prTitle: bad template ${JSON.stringify(template)}: ${templateProblem(template)}`);
  });

  it('accepts every built-in template', () => {
    expect(templateProblem('{{{depNameSanitized}}}-{{{newMajor}}}{{#if separateMinorPatch}}{{#if isPatch}}.{{{newMinor}}}{{/if}}{{/if}}.x')).toBeUndefined();
    expect(templateProblem('{{{depName}}}{{#if currentValue}}:{{{currentValue}}}{{/if}} Docker digest')).toBeUndefined();
  });
});

it('escapeHtml escapes exactly what Handlebars escapes', () => {
  expect(escapeHtml('&<>"\'`= /@:')).toBe('&amp;&lt;&gt;&quot;&#x27;&#x60;&#x3D; /@:');
});
