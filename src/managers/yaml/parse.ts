/**
 * Parse a YAML file into documents whose nodes carry source ranges, for managers that read YAML.
 *
 * Go/Jinja template actions (`{{ … }}`, `{% … %}`, GitHub's `${{ … }}`) are blanked before parsing, in
 * place, so offsets still match the original text and a document such as an Argo CD ApplicationSet with
 * `{{path}}` placeholders still parses. A document that is not valid YAML is dropped with one warning for
 * the file; the other documents are still read. An alias key written `*app:` is read as the Go YAML
 * parser reads it (library-parse.ts).
 */
import { Document, type Node } from 'yaml';
import { fastParseDocuments } from './fast-parse.js';
import { parseWithLibrary } from './library-parse.js';
import type { ExtractWarning } from '../../deps/dep.js';

export interface YamlDoc {
  /** The document's root node (null for an empty document). */
  root: Node | null;
  doc: Document.Parsed;
}

export interface YamlFile {
  /** The original text (offsets of every node refer to it). */
  content: string;
  docs: YamlDoc[];
  /** Ranges `[start, end)` of template actions that were blanked. Empty for plain YAML. */
  templates: Array<[number, number]>;
  /** One warning when a document could not be parsed. */
  warning?: ExtractWarning;
}

const TEMPLATE_ACTION = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g;

/**
 * Replace template actions with text of the same length. An action alone on its line (`{{- if .x }}`,
 * `{{ toYaml . | nindent 8 }}`) becomes a comment, `#` then spaces: between keys it is nothing, and as
 * the first line of a block scalar (a Taskfile `cmd: |`, an Alertmanager template) it still sets the
 * scalar's indentation, where a line of spaces longer than the next line's indentation is an error.
 * An action that is part of a value or key (`image: repo:{{ .Values.tag }}`, `{{ $k }}: v`) becomes
 * `_`, so the line stays valid YAML.
 *
 * Only characters are replaced: line breaks stay, and so does the indentation of every line an action
 * continues on. An action written over several lines (`if: >-` then `${{` … `}}` in a workflow, a long
 * `{{ $labels.cluster` wrapped inside an alert's text) then leaves its lines inside the scalar that
 * holds it, instead of starting them at column 0 and ending that scalar.
 */
export function blankTemplates(content: string): { text: string; templates: Array<[number, number]> } {
  if (!content.includes('{{') && !content.includes('{%')) return { text: content, templates: [] };
  const templates: Array<[number, number]> = [];
  const text = content.replace(TEMPLATE_ACTION, (match, offset: number) => {
    templates.push([offset, offset + match.length]);
    const end = offset + match.length;
    const lineStart = content.lastIndexOf('\n', offset - 1) + 1;
    const lineEnd = content.indexOf('\n', end) < 0 ? content.length : content.indexOf('\n', end);
    const blank = (text: string) => text.replace(TEMPLATE_ACTION, '').trim() === '';
    const alone = blank(content.slice(lineStart, offset)) && blank(content.slice(end, lineEnd));
    return alone ? `#${blankInPlace(match.slice(1), ' ')}` : blankInPlace(match, '_');
  });
  return { text, templates };
}

/** `text` with every character replaced by `fill`, except line breaks and the indentation after them. */
function blankInPlace(text: string, fill: string): string {
  return text.replace(/(\r?\n[ \t]*)|[^\r\n]/g, (_, lineBreak: string | undefined) => lineBreak ?? fill);
}

export function lineOf(content: string, offset: number): number {
  let line = 1;
  for (let i = content.indexOf('\n'); i >= 0 && i < offset; i = content.indexOf('\n', i + 1)) line++;
  return line;
}

export function parseYaml(content: string, file: string): YamlFile {
  const { text, templates } = blankTemplates(content);
  const roots = fastParseDocuments(text);
  if (roots) {
    const docs = roots.map((root) => {
      const doc = new Document() as Document.Parsed;
      doc.contents = root as Document.Parsed['contents'];
      return { root, doc };
    });
    return { content, docs, templates };
  }
  const docs = parseWithLibrary(text);
  const result: YamlFile = { content, docs: [], templates };
  let firstError: { offset: number; message: string } | undefined;
  let failed = 0;
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      failed++;
      const err = doc.errors[0]!;
      if (!firstError) firstError = { offset: err.pos[0], message: err.message.split('\n')[0] ?? 'invalid YAML' };
      continue;
    }
    result.docs.push({ root: doc.contents as Node | null, doc });
  }
  if (firstError) {
    const what = failed === docs.length ? 'not valid YAML, skipped' : `${failed} of ${docs.length} YAML documents are not valid and were skipped`;
    result.warning = {
      file,
      line: lineOf(content, firstError.offset),
      message: `${what}: ${firstError.message}`,
    };
  }
  return result;
}
