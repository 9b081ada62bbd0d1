/**
 * The node each alias of a document names, found in one pass over the document.
 *
 * The `yaml` library's `Alias.resolve(doc)` walks the whole document on every call, so a file that uses
 * many aliases (app-template values name `*app` as a key and as values again and again) cost a walk per
 * alias followed. The answer is the same: the last node before the alias, in document order, that
 * carries its anchor (an anchor may be defined again further down).
 */
import { isAlias, visit, type Alias, type Document, type Node } from 'yaml';

const tables = new WeakMap<Document, Map<Alias, Node>>();

function tableOf(doc: Document): Map<Alias, Node> {
  let table = tables.get(doc);
  if (table) return table;
  const found = new Map<Alias, Node>();
  const anchors = new Map<string, Node>();
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (target) found.set(node, target);
      } else if (node.anchor) {
        anchors.set(node.anchor, node);
      }
    },
  });
  table = found;
  tables.set(doc, table);
  return table;
}

/** The node `alias` names in `doc`, or null when no anchor before it has its name. */
export function aliasTarget(alias: Alias, doc: Document): Node | null {
  return tableOf(doc).get(alias) ?? null;
}
