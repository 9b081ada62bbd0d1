/**
 * A custom datasource's answer read in its `format`, into the data its transforms start from:
 * - `json`: the document;
 * - `yaml`: the document (one; aliases bounded by the yaml parser's own limit);
 * - `plain`: `{ releases: [{ version }] }`, one version per non-empty line (the answer must be text/…);
 * - `html`: `{ releases: [{ version }] }`, one per link on the page (html-links.ts).
 * What cannot be read is an ExternalHostError naming the datasource and the URL: the registry answered
 * something else than the config said.
 */
import { parse as parseYaml } from 'yaml';
import type { HttpResponse } from '../../http/client.js';
import { ExternalHostError, InputError } from '../../util/errors.js';
import { CUSTOM_FORMATS, type CustomFormat } from './definition.js';
import { extractLinks } from './html-links.js';

const ACCEPT: Readonly<Record<CustomFormat, string>> = {
  json: 'application/json',
  yaml: 'application/yaml, text/yaml, */*;q=0.5',
  plain: 'text/plain',
  html: 'text/html',
};

/** The format a definition names, checked (`json` when it names none). */
export function formatOf(format: string | undefined, key: string): CustomFormat {
  const f = format ?? 'json';
  if ((CUSTOM_FORMATS as readonly string[]).includes(f)) return f as CustomFormat;
  throw new InputError(`${key}: format "${f}" is not read by Upkeep (it reads ${CUSTOM_FORMATS.join(', ')})`);
}

export const acceptHeader = (format: CustomFormat): string => ACCEPT[format];

const versionsOf = (values: readonly string[]) => ({ releases: values.map((version) => ({ version })) });

/** The answer's data for the transforms; `what` names the datasource and URL in errors. */
export function readDocument(res: HttpResponse, format: CustomFormat, what: string): unknown {
  const host = new URL(res.url).host;
  const fail = (why: string) => new ExternalHostError(host, res.status, `${what}: ${why}`);
  switch (format) {
    case 'json':
      try {
        return JSON.parse(res.text()) as unknown;
      } catch (err) {
        throw fail(`the answer is not JSON (${(err as Error).message.split('\n')[0]})`);
      }
    case 'yaml':
      try {
        return parseYaml(res.text(), { maxAliasCount: 100 }) as unknown;
      } catch (err) {
        throw fail(`the answer is not YAML (${(err as Error).message.split('\n')[0]})`);
      }
    case 'plain': {
      const type = res.headers['content-type'];
      if (type !== undefined && !type.startsWith('text/')) throw fail(`the answer is ${type}, not text`);
      const lines = res
        .text()
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
      return versionsOf(lines);
    }
    case 'html':
      return versionsOf(extractLinks(res.text()));
  }
}
