/**
 * A small seeded random source. Every generated file gets its own stream, seeded from the run's seed and
 * the file's path, so a file's content does not depend on the order in which files are generated.
 */

/** FNV-1a, 32 bit: turns a seed and a path into a stream seed. */
export function hash32(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export class Random {
  constructor(seed) {
    this.state = (typeof seed === 'number' ? seed : hash32(String(seed))) >>> 0;
  }

  /** For one file: independent of generation order. */
  static forFile(seed, path) {
    return new Random(hash32(`${seed}\u0000${path}`));
  }

  /** mulberry32: uniform in [0, 1). */
  next() {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min, max) {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p) {
    return this.next() < p;
  }

  pick(items) {
    return items[Math.floor(this.next() * items.length)];
  }

  /** `[[weight, value], …]` → one value. */
  weighted(entries) {
    const total = entries.reduce((sum, [w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [w, value] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    return entries[entries.length - 1][1];
  }

  /** `count` distinct items, in the input's order. */
  sample(items, count) {
    const chosen = new Set();
    const n = Math.min(count, items.length);
    while (chosen.size < n) chosen.add(this.int(0, items.length - 1));
    return [...chosen].sort((a, b) => a - b).map((i) => items[i]);
  }

  hex(length) {
    let out = '';
    for (let i = 0; i < length; i++) out += '0123456789abcdef'[Math.floor(this.next() * 16)];
    return out;
  }

  digest() {
    return `sha256:${this.hex(64)}`;
  }

  /** A multiplier around 1 with a long right tail, for file sizes (real repos have a few huge files). */
  spread() {
    const u = Math.max(this.next(), 1e-9);
    return Math.min(4, Math.max(0.25, Math.exp(0.55 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next()))));
  }
}
