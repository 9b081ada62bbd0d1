/**
 * Tag listing: `GET /v2/<repository>/tags/list?n=<pageSize>`, following `Link: <…>; rel="next"` on the
 * same registry. Bounded: at most `maxPages` pages and about `maxBytes` in all (a page may end past it);
 * a chain that goes on, loops, or points at another host stops there with a warning, keeping the tags
 * read so far (a partial list hides updates; it never invents one).
 */
import { ExternalHostError } from '../../util/errors.js';
import type { DatasourceContext } from '../types.js';
import type { RegistryTarget } from './registry-url.js';
import { registryRequest } from './request.js';

export interface TagListLimits {
  /** `n=`: tags asked per page. */
  pageSize: number;
  maxPages: number;
  /** Bytes read over all pages before stopping. */
  maxBytes: number;
}

export interface TagList {
  tags: string[];
  pages: number;
  warnings: string[];
}

/** The `rel="next"` target of a `Link` header, if any. */
export function nextLink(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (m && /;\s*rel="?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(m[2]!)) return m[1];
  }
  return undefined;
}

export async function listTags(target: RegistryTarget, ctx: DatasourceContext, limits: TagListLimits): Promise<TagList> {
  const seen = new Set<string>();
  const tags = new Set<string>();
  const warnings: string[] = [];
  let url = `${target.origin}/v2/${target.repository}/tags/list?n=${limits.pageSize}`;
  let pages = 0;
  let bytes = 0;
  for (;;) {
    seen.add(url);
    const res = await registryRequest(target, { path: url, what: 'tag list', maxBytes: limits.maxBytes }, ctx);
    pages++;
    bytes += res.body.length;
    const body = res.json<{ tags?: unknown }>();
    if (body.tags !== null && body.tags !== undefined && !Array.isArray(body.tags)) {
      throw new ExternalHostError(target.registry, res.status, `${target.image}: tag list: the answer has no tags array`);
    }
    for (const tag of (body.tags as unknown[] | null | undefined) ?? []) if (typeof tag === 'string' && tag) tags.add(tag);

    const link = nextLink(res.headers.link);
    if (!link) break;
    const next = new URL(link, url);
    const stop = (why: string) => warnings.push(`${target.image}: tag list stopped after ${pages} page(s) and ${tags.size} tags: ${why}`);
    if (next.origin !== target.origin) {
      stop(`the next page is on another host (${next.host})`);
      break;
    }
    if (seen.has(next.toString())) {
      stop('the registry linked back to a page already read');
      break;
    }
    if (pages >= limits.maxPages) {
      stop(`the registry links to more than ${limits.maxPages} pages`);
      break;
    }
    if (bytes >= limits.maxBytes) {
      stop(`more than ${limits.maxBytes} bytes read`);
      break;
    }
    url = next.toString();
  }
  return { tags: [...tags], pages, warnings };
}
