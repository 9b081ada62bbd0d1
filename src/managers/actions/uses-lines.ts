/**
 * `uses:` lines read from the text, for a workflow whose YAML does not parse. A stray tab or a bad
 * indent elsewhere in the file should not hide its actions (Renovate reads `uses:` lines the same way),
 * and such lines are unambiguous: one key, one value, an optional comment. Container and service
 * images need the YAML structure and are not read from broken files.
 */
import type { Site } from './workflow-sites.js';

const USES_LINE = /^[ \t]*(?:-[ \t]+)?uses[ \t]*:[ \t]*/;
const TEMPLATE = /\{\{|\{%/;

function siteOfLine(line: string, lineStart: number): Site | null {
  const key = USES_LINE.exec(line);
  if (!key) return null;
  const rest = line.slice(key[0].length);
  const first = rest[0];
  let value: string;
  let offset = key[0].length;
  let quote: '"' | "'" | '' = '';
  let editable = true;
  if (first === '"' || first === "'") {
    const close = rest.indexOf(first, 1);
    if (close < 0) return null;
    quote = first;
    value = rest.slice(1, close);
    offset += 1;
    // Escapes (`\"`, `''`) would make the text differ from the value.
    if ((quote === '"' && value.includes('\\')) || (quote === "'" && rest[close + 1] === "'")) editable = false;
  } else {
    value = rest.replace(/[ \t]+#.*$/, '').trimEnd();
    if (value === '' || value.startsWith('#')) return null;
  }
  const start = lineStart + offset;
  return {
    role: 'uses',
    text: {
      value,
      span: { start, end: start + value.length },
      quote,
      editable,
      templated: TEMPLATE.test(value),
      written: value,
    },
  };
}

/** Every `uses:` line of `content`, in order. */
export function usesLineSites(content: string): Site[] {
  const sites: Site[] = [];
  let lineStart = 0;
  for (const line of content.split('\n')) {
    const site = siteOfLine(line.replace(/\r$/, ''), lineStart);
    if (site) sites.push(site);
    lineStart += line.length + 1;
  }
  return sites;
}
