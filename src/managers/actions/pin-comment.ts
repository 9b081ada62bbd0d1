/**
 * The rest of the line after a `uses:` value, and the version comment people write beside a sha pin:
 * `actions/checkout@<sha> # v4.1.1`. The forms users carry over from Renovate and Ratchet are read:
 * `# v4.1.1`, `#v4`, `# 1.2`, `# @v2.1.0`, `# pin @v2`, `# tag=v2`, `# renovate: tag=v2`,
 * `# ratchet:actions/checkout@v4`, prefixed tags (`# node/v20`, `# codeql-bundle-v2.15.0`), and
 * `# ref=<branch>` for refs that are not versions.
 */
import type { Span } from '../../deps/dep.js';

export interface LineRest {
  /** Offset where the rest of the line starts (right after the value and its closing quote). */
  start: number;
  text: string;
}

export interface PinComment {
  /** Whether a `#` comment follows the value on its line. */
  hasComment: boolean;
  /** True when nothing but whitespace or a comment follows the value: text may be added after it. */
  lineEndsHere: boolean;
  /** The version (or `ref=` name) written in the comment, with its exact range in the file. */
  version?: { value: string; span: Span };
}

export function lineRest(content: string, start: number): LineRest {
  let end = start;
  while (end < content.length && content[end] !== '\n' && content[end] !== '\r') end++;
  return { start, text: content.slice(start, end) };
}

const COMMENT_START = /^[ \t]+#[ \t]*/;
const PREFIX = /^(?:renovate[ \t]*:[ \t]*)?(?:pin[ \t]+|tag[ \t]*=[ \t]*|ratchet:[\w.-]+\/[\w./-]+@)?@?/;
// [prefix- or prefix/]v?1[.2[.3…]][-pre][+build], ending at whitespace, `,`, `;`, `)` or the line end.
const VERSION = /^(?:[\w.-]*[-/])?v?\d+(?:\.\d+)*(?:-[0-9A-Za-z][0-9A-Za-z.-]*)?(?:\+[0-9A-Za-z.-]+)?(?=$|[\s,;)])/;
const REF_NAME = /^ref[ \t]*=[ \t]*([A-Za-z0-9][\w./-]*)(?=$|\s)/;

export function readPinComment(content: string, valueEnd: number): PinComment {
  const rest = lineRest(content, valueEnd);
  const lineEndsHere = /^[ \t]*(?:#.*)?$/.test(rest.text);
  const opener = COMMENT_START.exec(rest.text);
  if (!opener) return { hasComment: false, lineEndsHere };
  const bodyStart = rest.start + opener[0].length;
  const body = content.slice(bodyStart, rest.start + rest.text.length);
  const ref = REF_NAME.exec(body);
  if (ref) {
    const start = bodyStart + ref[0].length - ref[1]!.length;
    return { hasComment: true, lineEndsHere, version: { value: ref[1]!, span: { start, end: start + ref[1]!.length } } };
  }
  const prefix = PREFIX.exec(body)![0];
  const version = VERSION.exec(body.slice(prefix.length));
  if (!version) return { hasComment: true, lineEndsHere };
  const start = bodyStart + prefix.length;
  return { hasComment: true, lineEndsHere, version: { value: version[0], span: { start, end: start + version[0].length } } };
}
