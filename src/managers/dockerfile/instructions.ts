/**
 * Split a Dockerfile into parser directives and logical instructions, the way BuildKit reads it:
 * a byte-order mark is ignored, `\r\n` and `\n` both end a line, the escape character (`\`, or a
 * backtick after `# escape=\``) at the end of a line continues the instruction on the next one,
 * comment and blank lines inside a continuation are dropped, and heredoc bodies (`RUN <<EOF … EOF`)
 * are not instructions. Every character of an instruction keeps its offset in the file, so a dep
 * found in it can point at the exact text to edit.
 */
import type { ExtractWarning } from '../../deps/dep.js';
import type { Chars } from './expand.js';

export interface Directive {
  /** Lower-case directive name (`syntax`, `escape`, `check`). */
  name: string;
  value: Chars;
  line: number;
}

export interface Instruction {
  /** Upper-case keyword (`FROM`, `ARG`, `COPY`, …). */
  keyword: string;
  /** Everything after the keyword, continuation lines joined, each character with its file offset. */
  args: Chars;
  /** 1-based line of the keyword. */
  line: number;
}

export interface ParsedDockerfile {
  directives: Directive[];
  escape: string;
  instructions: Instruction[];
  warnings: ExtractWarning[];
}

interface Line {
  text: string;
  start: number;
  number: number;
}

const DIRECTIVE = /^[ \t]*#[ \t]*([A-Za-z][A-Za-z0-9]*)[ \t]*=[ \t]*(.*)$/;
const HEREDOC = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);

function splitLines(content: string): Line[] {
  const lines: Line[] = [];
  let start = content.startsWith('\uFEFF') ? 1 : 0;
  let number = 1;
  while (start <= content.length) {
    const nl = content.indexOf('\n', start);
    const end = nl < 0 ? content.length : nl;
    const text = content.slice(start, end).replace(/\r$/, '');
    lines.push({ text, start, number });
    if (nl < 0) break;
    start = nl + 1;
    number++;
  }
  return lines;
}

const isBlank = (text: string) => text.trim() === '';
const isComment = (text: string) => /^[ \t]*#/.test(text);

/** Leading `# name=value` lines; they end at the first line of any other kind (blank lines too). */
function readDirectives(lines: Line[]): { directives: Directive[]; escape: string; next: number } {
  const directives: Directive[] = [];
  let escape = '\\';
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    const m = DIRECTIVE.exec(line.text);
    if (!m) break;
    const name = m[1]!.toLowerCase();
    if (directives.some((d) => d.name === name)) break;
    const text = m[2]!.trimEnd();
    const valueAt = line.text.length - m[2]!.length;
    const value = { text, offsets: Array.from({ length: text.length }, (_, k) => line.start + valueAt + k) };
    directives.push({ name, value, line: line.number });
    // BuildKit accepts only these two escape characters; anything else keeps the default.
    if (name === 'escape' && (text === '`' || text === '\\')) escape = text;
  }
  return { directives, escape, next: i };
}

/** Terminators of the heredocs an instruction opens, in order. */
function heredocs(keyword: string, args: string): Array<{ name: string; stripTabs: boolean }> {
  if (!HEREDOC_KEYWORDS.has(keyword)) return [];
  return [...args.matchAll(HEREDOC)].map((m) => ({ name: m[3]!, stripTabs: m[1] === '-' }));
}

export function parseDockerfile(content: string, file: string): ParsedDockerfile {
  const lines = splitLines(content);
  const { directives, escape, next } = readDirectives(lines);
  const continuation = new RegExp(`${escape === '\\' ? '\\\\' : escape}[ \\t]*$`);
  const instructions: Instruction[] = [];
  const warnings: ExtractWarning[] = [];

  let i = next;
  while (i < lines.length) {
    const first = lines[i++]!;
    if (isBlank(first.text) || isComment(first.text)) continue;
    const text: string[] = [];
    const offsets: number[] = [];
    let line: Line | undefined = first;
    while (line) {
      const cont = continuation.exec(line.text);
      const piece = cont ? line.text.slice(0, cont.index) : line.text;
      for (let k = 0; k < piece.length; k++) {
        text.push(piece[k]!);
        offsets.push(line.start + k);
      }
      if (!cont) break;
      line = undefined;
      // Comment and blank lines inside a continuation are skipped; the instruction goes on.
      while (i < lines.length && (isBlank(lines[i]!.text) || isComment(lines[i]!.text))) i++;
      if (i < lines.length) line = lines[i++];
    }
    const joined = text.join('');
    const m = /^[ \t]*([A-Za-z]+)(?:[ \t]+|$)/.exec(joined);
    if (!m) continue;
    const keyword = m[1]!.toUpperCase();
    const argsText = joined.slice(m[0].length);
    instructions.push({ keyword, args: { text: argsText, offsets: offsets.slice(m[0].length) }, line: first.number });

    for (const doc of heredocs(keyword, argsText)) {
      const opened = i;
      const ends = (l: Line) => (doc.stripTabs ? l.text.replace(/^\t+/, '') : l.text) === doc.name;
      while (i < lines.length && !ends(lines[i]!)) i++;
      if (i >= lines.length) {
        warnings.push({ file, line: lines[opened - 1]?.number ?? first.number, message: `heredoc <<${doc.name} is never closed` });
      }
      i++;
    }
  }
  return { directives, escape, instructions, warnings };
}
