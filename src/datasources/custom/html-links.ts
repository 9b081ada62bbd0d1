/**
 * The links of an HTML page, in page order: what a custom datasource of `format: "html"` offers as
 * versions (a download page, a directory listing such as nginx's, whose links sit inside `<pre>`). Each
 * `<a href="…">` counts wherever it stands, as Renovate reads such pages; comments are skipped.
 *
 * A scanner, not a pattern: every character is looked at a bounded number of times, so a page of any
 * shape (a megabyte of `<a <a <a`) is read in linear time.
 */

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/gi, (all, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
    }
    return ENTITIES[name.toLowerCase()] ?? all;
  });
}

/** Where the tag that starts at `start` ends (the index after its `>`), quotes respected; -1 if it never does. */
function tagEnd(html: string, start: number): number {
  let quote: string | undefined;
  for (let i = start; i < html.length; i++) {
    const c = html[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i + 1;
  }
  return -1;
}

/** The value of the `href` attribute inside one tag's text (`<a class="x" href='y'>`). */
function hrefOf(tag: string): string | undefined {
  const m = /\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i.exec(tag);
  if (!m) return undefined;
  return decodeEntities((m[1] ?? m[2] ?? m[3] ?? '').trim());
}

/** Every non-empty `href` of an `<a>` element, in page order. */
export function extractLinks(html: string): string[] {
  const links: string[] = [];
  let i = 0;
  while (i < html.length) {
    const open = html.indexOf('<', i);
    if (open < 0) break;
    if (html.startsWith('<!--', open)) {
      const close = html.indexOf('-->', open + 4);
      if (close < 0) break;
      i = close + 3;
      continue;
    }
    const isAnchor = (html[open + 1] === 'a' || html[open + 1] === 'A') && /[\s>]/.test(html[open + 2] ?? '');
    if (!isAnchor) {
      i = open + 1;
      continue;
    }
    const end = tagEnd(html, open + 2);
    if (end < 0) break;
    const href = hrefOf(html.slice(open + 2, end - 1));
    if (href) links.push(href);
    i = end;
  }
  return links;
}
