/**
 * The small template language of Renovate's text options (`branchTopic`, `commitMessageTopic`, `prTitle`,
 * `groupName`, …), which users' configs already contain: `{{x}}` (HTML-escaped, as Handlebars does),
 * `{{{x}}}` (raw), `{{#if x}}…{{else if y}}…{{else}}…{{/if}}`, `{{#unless x}}…{{/unless}}`, comments,
 * `~` whitespace control, and the helpers Renovate registers that make sense here (`lowercase`,
 * `uppercase`, `encodeURIComponent`, `decodeURIComponent`, `encodeBase64`, `decodeBase64`, `replace`,
 * `split`, `containsString`, `equals`, `includes`, `and`, `or`, `toJSON`, `toArray`, `distinct`) and
 * Handlebars' `lookup`, as calls or `(subexpressions)`.
 *
 * Why not Handlebars itself: it compiles templates to JavaScript functions, and these templates come from
 * repositories. This interpreter only reads the plain fields it is given (own properties, no prototype
 * walk), so a template can never reach code or anything but those fields.
 */
import { InputError } from './errors.js';
import { compileUserRegex, userRegexProblem } from './user-regex.js';

export type TemplateFields = Readonly<Record<string, unknown>>;

type Expr = { kind: 'path'; parts: string[] } | { kind: 'literal'; value: unknown } | { kind: 'call'; helper: string; args: Expr[] };

type Node =
  { kind: 'text'; text: string } | { kind: 'value'; expr: Expr; raw: boolean } | { kind: 'if'; expr: Expr; negate: boolean; then: Node[]; otherwise: Node[] };

type Helper = (...args: unknown[]) => unknown;

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

const HELPERS: Readonly<Record<string, Helper>> = {
  lowercase: (s) => (typeof s === 'string' ? s.toLowerCase() : undefined),
  encodeURIComponent: (s) => encodeURIComponent(text(s)),
  decodeURIComponent: (s) => {
    try {
      return decodeURIComponent(text(s));
    } catch {
      return text(s);
    }
  },
  // Renovate's `context.replace(regEx(find, 'g'), replacement)`, on RE2 like every user pattern.
  replace: (find, replacement, context) => compileUserRegex(text(find), 'g', 'replace').replaceAll(text(context), text(replacement)),
  containsString: (s, sub) => typeof s === 'string' && s.includes(text(sub)),
  equals: (a, b) => a === b,
  includes: (list, value) => Array.isArray(list) && list.includes(value),
  and: (...args) => args.every(Boolean),
  or: (...args) => args.some(Boolean),
  uppercase: (s) => (typeof s === 'string' ? s.toUpperCase() : undefined),
  split: (s, separator) => (typeof s === 'string' && typeof separator === 'string' ? s.split(separator) : []),
  // Handlebars' own `lookup`: one entry of a list or object, its own entries only (never the prototype's).
  lookup: (holder, key) =>
    typeof holder === 'object' && holder !== null && Object.hasOwn(holder, text(key)) ? (holder as Record<string, unknown>)[text(key)] : undefined,
  encodeBase64: (s) => Buffer.from(text(s)).toString('base64'),
  decodeBase64: (s) => Buffer.from(text(s), 'base64').toString(),
  toJSON: (value) => JSON.stringify(value),
  toArray: (...args) => args,
  distinct: (list) => {
    const seen = new Set<string>();
    return (Array.isArray(list) ? list : [list]).filter((v) => {
      const key = JSON.stringify(v);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  },
};

/** Handlebars' falsy values for `#if`: false, null, undefined, '', 0, NaN and the empty list. */
function truthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"'`=]/g, (c) => ESCAPES[c]!);

interface Tag {
  body: string;
  raw: boolean;
  start: number;
  end: number;
  trimBefore: boolean;
  trimAfter: boolean;
}

/** Splits a template into text and `{{…}}` tags; comments are dropped here. */
function scan(template: string): Array<string | Tag> {
  const out: Array<string | Tag> = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{{', i);
    if (open < 0) break;
    if (open > i) out.push(template.slice(i, open));
    const raw = template.startsWith('{{{', open);
    const isLongComment = template.startsWith('{{!--', open) || template.startsWith('{{~!--', open);
    const closer = raw ? '}}}' : isLongComment ? '--}}' : '}}';
    const close = template.indexOf(closer, open + (raw ? 3 : 2));
    if (close < 0) throw new Error(`"{{" at ${open} is never closed`);
    const end = close + closer.length;
    let body = template.slice(open + (raw ? 3 : 2), close);
    const trimBefore = body.startsWith('~');
    const trimAfter = body.endsWith('~');
    body = body.slice(trimBefore ? 1 : 0, trimAfter ? -1 : undefined).trim();
    if (body.startsWith('!')) out.push({ body: '!', raw: false, start: open, end, trimBefore, trimAfter });
    else out.push({ body, raw, start: open, end, trimBefore, trimAfter });
    i = end;
  }
  if (i < template.length) out.push(template.slice(i));
  // `~` trims the whitespace of the neighbouring text.
  for (let k = 0; k < out.length; k++) {
    const item = out[k]!;
    if (typeof item === 'string') continue;
    if (item.trimBefore && typeof out[k - 1] === 'string') out[k - 1] = (out[k - 1] as string).trimEnd();
    if (item.trimAfter && typeof out[k + 1] === 'string') out[k + 1] = (out[k + 1] as string).trimStart();
  }
  return out;
}

/** Words of an expression: quoted strings and parentheses kept whole. */
function words(source: string): string[] {
  const out: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[()]|[^\s()"']+)/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < source.length && (m = re.exec(source)) !== null) {
    out.push(m[1]!);
    at = re.lastIndex;
  }
  if (source.slice(at).trim() !== '') throw new Error(`cannot read "${source}"`);
  return out;
}

function parseExpr(source: string): Expr {
  const tokens = words(source);
  let pos = 0;
  const primary = (): Expr => {
    const t = tokens[pos++];
    if (t === undefined) throw new Error(`incomplete expression "${source}"`);
    if (t === '(') {
      const inner = call(true);
      if (tokens[pos++] !== ')') throw new Error(`missing ")" in "${source}"`);
      return inner;
    }
    if (t === ')') throw new Error(`unexpected ")" in "${source}"`);
    // As Handlebars reads a string: only its own quote is escaped, so a pattern's `"\d+"` keeps its backslash.
    if (/^["']/.test(t)) return { kind: 'literal', value: t.slice(1, -1).split(`\\${t[0]}`).join(t[0]) };
    if (/^-?\d+(\.\d+)?$/.test(t)) return { kind: 'literal', value: Number(t) };
    if (t === 'true' || t === 'false') return { kind: 'literal', value: t === 'true' };
    if (t === 'null' || t === 'undefined') return { kind: 'literal', value: undefined };
    if (!/^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*)*$/.test(t)) throw new Error(`"${t}" is not a field name`);
    return { kind: 'path', parts: t.split('.') };
  };
  // A helper name followed by arguments is a call; inside parentheses a helper name alone is one too.
  const call = (inParens: boolean): Expr => {
    const head = tokens[pos];
    const hasArgs = pos + 1 < tokens.length && tokens[pos + 1] !== ')';
    if (head !== undefined && Object.hasOwn(HELPERS, head) && (hasArgs || inParens)) {
      pos++;
      const args: Expr[] = [];
      while (pos < tokens.length && tokens[pos] !== ')') args.push(primary());
      const find = args[0];
      // A pattern written in the template is checked with it, so `upkeep validate` and `check` see it.
      if (head === 'replace' && find?.kind === 'literal') {
        const problem = userRegexProblem(text(find.value), 'g', 'replace');
        if (problem) throw new Error(problem);
      }
      return { kind: 'call', helper: head, args };
    }
    if (hasArgs && head !== '(' && !inParens) throw new Error(`unknown helper "${head}"`);
    return primary();
  };
  const expr = call(false);
  if (pos !== tokens.length) throw new Error(`unexpected "${tokens[pos]}" in "${source}"`);
  return expr;
}

function parse(template: string): Node[] {
  const items = scan(template);
  let k = 0;
  // Reads nodes until `{{else…}}` or `{{/name}}`; returns what stopped it.
  const block = (closing: string | undefined): { nodes: Node[]; stop?: Tag } => {
    const nodes: Node[] = [];
    while (k < items.length) {
      const item = items[k++]!;
      if (typeof item === 'string') {
        if (item) nodes.push({ kind: 'text', text: item });
        continue;
      }
      const { body } = item;
      if (body === '!') continue;
      if (body === 'else' || body.startsWith('else ') || body.startsWith('/')) {
        if (closing === undefined) throw new Error(`unexpected {{${body}}}`);
        return { nodes, stop: item };
      }
      if (body.startsWith('#')) {
        const [, name, rest] = /^#(\S+)\s*(.*)$/s.exec(body) ?? [];
        if (name !== 'if' && name !== 'unless') throw new Error(`unsupported block {{#${name ?? ''}}}`);
        nodes.push(conditional(name, rest ?? ''));
        continue;
      }
      nodes.push({ kind: 'value', expr: parseExpr(body), raw: item.raw });
    }
    if (closing !== undefined) throw new Error(`{{#${closing}}} is never closed`);
    return { nodes };
  };
  // `closer` is the block whose `{{/…}}` ends this one: `{{else if y}}` chains share the outer block's.
  const conditional = (name: string, condition: string, closer = name): Node => {
    if (condition.trim() === '') throw new Error(`{{#${name}}} needs a condition`);
    const then = block(closer);
    const node: Node = { kind: 'if', expr: parseExpr(condition), negate: name === 'unless', then: then.nodes, otherwise: [] };
    const stop = then.stop!.body;
    if (stop === 'else') {
      const rest = block(closer);
      if (rest.stop!.body !== `/${closer}`) throw new Error(`{{#${closer}}} closed by {{${rest.stop!.body}}}`);
      node.otherwise = rest.nodes;
    } else if (stop.startsWith('else ')) {
      const [, inner, cond] = /^else\s+(\S+)\s*(.*)$/s.exec(stop) ?? [];
      if (inner !== 'if' && inner !== 'unless') throw new Error(`unsupported {{${stop}}}`);
      node.otherwise = [conditional(inner, cond ?? '', closer)];
    } else if (stop !== `/${closer}`) {
      throw new Error(`{{#${closer}}} closed by {{${stop}}}`);
    }
    return node;
  };
  return block(undefined).nodes;
}

function evaluate(expr: Expr, fields: TemplateFields): unknown {
  if (expr.kind === 'literal') return expr.value;
  if (expr.kind === 'call') return HELPERS[expr.helper]!(...expr.args.map((a) => evaluate(a, fields)));
  let value: unknown = fields;
  for (const part of expr.parts) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function render(nodes: Node[], fields: TemplateFields): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text;
    else if (node.kind === 'value') {
      const value = text(evaluate(node.expr, fields));
      out += node.raw ? value : escapeHtml(value);
    } else out += render(truthy(evaluate(node.expr, fields)) !== node.negate ? node.then : node.otherwise, fields);
  }
  return out;
}

/** What is wrong with `template`, or undefined when it is fine (for `upkeep validate`). */
export function templateProblem(template: string): string | undefined {
  try {
    parse(template);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * Renders `template` with `fields`. Parsed templates are kept in the engine, so one per plan run.
 * `option` names the config option for the error a broken template gives; `check` gives that error
 * before options are combined into larger templates (where the message would show the combination).
 */
export function createTemplateEngine(): {
  render(template: string, fields: TemplateFields, option: string): string;
  check(template: string, option: string): void;
} {
  const parsed = new Map<string, Node[]>();
  const nodesOf = (template: string, option: string): Node[] => {
    let nodes = parsed.get(template);
    if (!nodes) {
      try {
        nodes = parse(template);
      } catch (err) {
        throw new InputError(`${option}: bad template ${JSON.stringify(template.slice(0, 200))}: ${(err as Error).message}`);
      }
      parsed.set(template, nodes);
    }
    return nodes;
  };
  return {
    render: (template, fields, option) => (template.includes('{{') ? render(nodesOf(template, option), fields) : template),
    check: (template, option) => {
      if (template.includes('{{')) nodesOf(template, option);
    },
  };
}
