/**
 * `customDatasources` in a repository config (config/schema.ts, config/check-values.ts): what validates,
 * and what each problem says. Kept beside the datasource's tests: the checks run the same JSONata parser
 * and RE2 patterns the datasource runs.
 */
import { describe, expect, it } from 'vitest';
import { statusOf } from '../../../src/config/compatibility.js';
import { formatProblem, validateRepoConfig } from '../../../src/config/validate.js';

function checkValue(value: unknown) {
  const content = JSON.stringify(value, null, 2);
  const result = validateRepoConfig(value, 'renovate.json', content);
  return { config: result.config, errors: result.errors.map(formatProblem), warnings: result.warnings.map(formatProblem) };
}

const K3S = {
  defaultRegistryUrlTemplate: 'https://update.k3s.io/v1-release/channels',
  transformTemplates: ['{"releases":[{"version": $$.(data[id = \'stable\'].latest)}],"homepage":"https://k3s.io/"}'],
};

describe('customDatasources in the config', () => {
  it('the corpus forms validate with no problem and are kept as written', () => {
    const value = {
      customDatasources: {
        k3s: K3S,
        'grafana-dashboards': {
          defaultRegistryUrlTemplate: 'https://grafana.com/api/dashboards/{{packageName}}',
          format: 'json',
          transformTemplates: ['{"releases":[{"version": $string(revision)}]}'],
        },
        nginx: { defaultRegistryUrlTemplate: 'https://nginx.org/download', format: 'html' },
        talos: {
          defaultRegistryUrlTemplate: 'https://factory.talos.dev/versions',
          transformTemplates: ['{ "releases": $map($, function($v) { { "version": $match($v, /^v(\\d+\\.\\d+\\.\\d+)$/).match } }) }'],
        },
        nexus: {
          defaultRegistryUrlTemplate: 'https://nexus.example.com/repository/{{packageName}}/versions.txt',
          format: 'plain',
          transformTemplates: ['{ "releases": releases[$contains(version, "{{currentValue}}") = false] }'],
        },
      },
    };
    const { config, errors, warnings } = checkValue(value);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(config.customDatasources).toEqual(value.customDatasources);
  });

  it('is acted on (no "does not act on" warning)', () => {
    expect(statusOf('customDatasources')).toMatchObject({ status: 'acted' });
  });

  it('a transform that is no JSONata expression is an error at its key, with where it breaks', () => {
    const { errors } = checkValue({ customDatasources: { k3s: { ...K3S, transformTemplates: ['{"releases": ['] } } });
    expect(errors).toEqual([
      expect.stringMatching(/^renovate\.json:\d+: customDatasources\.k3s\.transformTemplates\[0\]: not a JSONata expression: .+\(at character \d+\)$/),
    ]);
  });

  it('a regular expression RE2 cannot run, a broken template, a file: URL: errors naming the key', () => {
    const { errors } = checkValue({
      customDatasources: {
        a: { defaultRegistryUrlTemplate: 'https://x.example/{{#if packageName}}', transformTemplates: ['$match(version, /(?<=v)1/)'] },
        b: { defaultRegistryUrlTemplate: 'file://dependencies/{{packageName}}/versions.json' },
      },
    });
    expect(errors).toEqual([
      expect.stringMatching(/customDatasources\.a\.defaultRegistryUrlTemplate: bad template: /),
      expect.stringMatching(/customDatasources\.a\.transformTemplates\[0\]: invalid pattern \/\(\?<=v\)1\/: .*look-around/),
      expect.stringMatching(/customDatasources\.b\.defaultRegistryUrlTemplate: only http\(s\) URLs are read, not file:$/),
    ]);
  });

  it('toml and unknown keys are warnings; a format Renovate does not have is an error', () => {
    const { errors, warnings } = checkValue({
      customDatasources: { t: { defaultRegistryUrlTemplate: 'https://x.example/v.toml', format: 'toml', transformTemplate: [] } },
    });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      expect.stringMatching(/customDatasources\.t\.format: toml answers are not read by Upkeep/),
      expect.stringMatching(/customDatasources\.t\.transformTemplate: unknown option of a custom datasource, ignored \(did you mean "transformTemplates"\?\)$/),
    ]);
    expect(checkValue({ customDatasources: { x: { format: 'xml' } } }).errors).toEqual([expect.stringMatching(/customDatasources\.x\.format/)]);
  });
});
