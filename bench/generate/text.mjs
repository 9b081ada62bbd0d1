/** Small text helpers for writing YAML by hand, the way people write it. */

export function indent(text, spaces) {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((line) => (line.length > 0 ? pad + line : line))
    .join('\n');
}

/** An empty line in `lines(…)` (a plain `''` there means "nothing"). */
export const BLANK = '\u0001';

/** Join blocks with newlines; `''`, `null`, `undefined` and `false` blocks are dropped. */
export function lines(...blocks) {
  return (
    blocks
      .filter((b) => b !== null && b !== undefined && b !== false && b !== '')
      .join('\n')
      // eslint-disable-next-line no-control-regex -- removes the placeholder character the template uses
      .replace(/\u0001/g, '')
  );
}

/** A multi-document file. */
export function documents(docs) {
  return docs.map((d) => `---\n${d.endsWith('\n') ? d : `${d}\n`}`).join('');
}

export function labels(app, team, extra = {}) {
  const pairs = {
    'app.kubernetes.io/name': app,
    'app.kubernetes.io/part-of': team,
    'app.kubernetes.io/managed-by': 'flux',
    ...extra,
  };
  return Object.entries(pairs)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
}

export const WORDS = (
  'the request queue worker retries timeout cache ttl upstream backoff batch size limit window interval ' +
  'enabled endpoint region bucket prefix format level sampling threshold pool connections idle max min ' +
  'replica shard partition topic group consumer producer acks compression tls verify cert key secret path'
).split(' ');

export function sentence(rng, min = 4, max = 12) {
  const n = rng.int(min, max);
  const words = [];
  for (let i = 0; i < n; i++) words.push(rng.pick(WORDS));
  const text = words.join(' ');
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

export function camel(rng, parts = 2) {
  const words = [];
  for (let i = 0; i < parts; i++) words.push(rng.pick(WORDS));
  return words.map((w, i) => (i === 0 ? w : `${w[0].toUpperCase()}${w.slice(1)}`)).join('');
}

export function snake(rng, parts = 2) {
  const words = [];
  for (let i = 0; i < parts; i++) words.push(rng.pick(WORDS));
  return words.join('_').toUpperCase();
}

/** `key`, or `key2`, `key3`, … if already used in the same map (real files have no duplicate keys). */
export function uniqueKey(used, key) {
  let name = key;
  for (let n = 2; used.has(name); n++) name = `${key}${n}`;
  used.add(name);
  return name;
}
