/**
 * Cheap constructors for the `yaml` library's node classes. The library's constructors mark each node
 * with `Object.defineProperty`, which made node creation a third of the fast parser's time. These
 * objects inherit from the library's prototypes, with the library's own (registered) type symbol set
 * once on a shared prototype, so `isMap`, `isScalar`, `Alias.resolve` and `visit` treat them as theirs.
 */
import { Alias, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';

const NODE_TYPE = Symbol.for('yaml.node.type');

function prototypeOf<T extends object>(base: T, type: string): T {
  const proto = Object.create(base) as Record<symbol, unknown>;
  proto[NODE_TYPE] = Symbol.for(type);
  return proto as T;
}

const SCALAR = prototypeOf(Scalar.prototype, 'yaml.scalar');
const MAP = prototypeOf(YAMLMap.prototype, 'yaml.map');
const SEQ = prototypeOf(YAMLSeq.prototype, 'yaml.seq');
const PAIR = prototypeOf(Pair.prototype, 'yaml.pair');
const ALIAS = prototypeOf(Alias.prototype, 'yaml.alias');

export function newScalar(value: unknown, type: Scalar.Type, start: number, end: number, nodeEnd = end): Scalar {
  const node = Object.create(SCALAR) as Scalar;
  node.value = value;
  node.type = type;
  node.range = [start, end, nodeEnd];
  return node;
}

export function newMap(flow = false): YAMLMap {
  const node = Object.create(MAP) as YAMLMap;
  node.items = [];
  if (flow) node.flow = true;
  return node;
}

export function newSeq(flow = false): YAMLSeq {
  const node = Object.create(SEQ) as YAMLSeq;
  node.items = [];
  if (flow) node.flow = true;
  return node;
}

export function newPair(key: Node, value: Node | null): Pair {
  const pair = Object.create(PAIR) as Pair;
  pair.key = key;
  pair.value = value;
  return pair;
}

export function newAlias(source: string, start: number, end: number): Alias {
  const alias = Object.create(ALIAS) as Alias;
  alias.source = source;
  alias.range = [start, end, end];
  return alias;
}
