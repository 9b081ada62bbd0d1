/**
 * A custom datasource (`custom.<name>`): the repository config's `customDatasources.<name>` asked like
 * any registry — Renovate's generic datasource for what has no datasource of its own (Grafana
 * dashboards, the Talos image factory, k3s channels, a download page).
 *
 * - URL: the dep's registryUrl, else `defaultRegistryUrlTemplate`; either is a template of `packageName`
 *   and `currentValue` (util/templates.ts: data, never code), and must be http(s).
 * - The answer is read in `format` (formats.ts), then each of `transformTemplates` (templates of the same
 *   fields first, as Renovate renders them) is evaluated on the previous result, bounded in time and size
 *   (transform.ts); the last result must be Renovate's release list (release-result.ts).
 * - Credentials from host rules for the URL (hostType `custom`, or rules without a type): a token as
 *   `Bearer` (or its authType), else username/password as Basic.
 * - The result is cached under the URL, the rendered transforms and who asked; once stale it is
 *   revalidated with the ETag the answer came with (a 304 keeps it without evaluating anything).
 * - 404 is "not found" (null); every other problem is an error naming the datasource.
 */
import { createHash } from 'node:crypto';
import { cachedGet } from '../../http/cached-get.js';
import { defaultVersioning } from '../../meta/datasources.js';
import { HttpStatusError, InputError } from '../../util/errors.js';
import { createTemplateEngine } from '../../util/templates.js';
import type { Datasource, DatasourceContext, PackageRef, ReleaseResult } from '../types.js';
import { CUSTOM_PREFIX, type CustomDatasourceDefinition } from './definition.js';
import { acceptHeader, formatOf, readDocument } from './formats.js';
import { toReleaseResult } from './release-result.js';
import { evaluateTransform, type TransformLimits } from './transform.js';

export interface CustomDatasourceOptions {
  ttlSeconds?: number;
  /** Largest answer read, in bytes. */
  maxBytes?: number;
  /** Bounds of each transform's evaluation (defaults in transform.ts). */
  limits?: Partial<TransformLimits>;
}

/** What the templates may read. `currentValue` when the lookup passes it along with the package. */
function fieldsOf(pkg: PackageRef): Record<string, string> {
  const currentValue = pkg.currentValue;
  return { packageName: pkg.packageName, currentValue: typeof currentValue === 'string' ? currentValue : '' };
}

function authorizationFor(url: string, ctx: DatasourceContext): string | undefined {
  const rule = ctx.http.hostRule(url, 'custom');
  if (rule.token) {
    ctx.http.redactor.add(rule.token);
    return `${rule.authType ?? 'Bearer'} ${rule.token}`;
  }
  if (rule.username && rule.password) {
    ctx.http.redactor.add(rule.password);
    return `Basic ${Buffer.from(`${rule.username}:${rule.password}`).toString('base64')}`;
  }
  return undefined;
}

export function createCustomDatasource(name: string, definition: CustomDatasourceDefinition, options: CustomDatasourceOptions = {}): Datasource {
  const id = `${CUSTOM_PREFIX}${name}` as const;
  const ttlSeconds = options.ttlSeconds ?? 15 * 60;
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;

  function urlOf(pkg: PackageRef, fields: Record<string, string>): string {
    const engine = createTemplateEngine();
    const template = pkg.registryUrl ?? definition.defaultRegistryUrlTemplate;
    if (!template) throw new InputError(`${id}: no URL to ask: the dep names no registryUrl and defaultRegistryUrlTemplate is not set`);
    const option = pkg.registryUrl ? `${id}: registryUrl` : `${id}: defaultRegistryUrlTemplate`;
    const rendered = engine.render(template, fields, option).trim();
    let url: URL;
    try {
      url = new URL(rendered);
    } catch {
      throw new InputError(`${option}: ${JSON.stringify(rendered.slice(0, 200))} is not a URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InputError(`${option}: only http(s) URLs are read, not ${url.protocol}`);
    return url.toString();
  }

  return {
    id,
    defaultVersioning: defaultVersioning(id),
    async getReleases(pkg, ctx): Promise<ReleaseResult | null> {
      const fields = fieldsOf(pkg);
      const url = urlOf(pkg, fields);
      const format = formatOf(definition.format, id);
      const engine = createTemplateEngine();
      const transforms = (definition.transformTemplates ?? []).map((t, i) => engine.render(t, fields, `${id}: transformTemplates[${i}]`));
      const headers: Record<string, string> = { accept: acceptHeader(format) };
      const authorization = authorizationFor(url, ctx);
      if (authorization) headers.authorization = authorization;
      const what = `${id}: GET ${ctx.http.redactor.redact(url)}`;
      const key = createHash('sha256')
        .update([format, authorization ?? '', ...transforms].join('\0'))
        .digest('hex')
        .slice(0, 24);
      try {
        const result = await cachedGet<ReleaseResult>(ctx.http, ctx.cache, url, {
          namespace: 'datasource-custom',
          key: `${url}|${key}`,
          ttlSeconds,
          headers,
          hostType: 'custom',
          maxBytes,
          parse: async (res) => {
            let data = readDocument(res, format, what);
            for (const [i, transform] of transforms.entries()) {
              data = await evaluateTransform(transform, data, {
                key: `${id}: transformTemplates[${i}]`,
                now: ctx.clock.now,
                ...(options.limits ? { limits: options.limits } : {}),
              });
            }
            return toReleaseResult(data, id);
          },
        });
        return { ...result, releases: result.releases.map((r) => ({ ...r })), registryUrl: url };
      } catch (err) {
        if (err instanceof HttpStatusError && err.status === 404) return null;
        throw err;
      }
    },
  };
}
