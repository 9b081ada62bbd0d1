/**
 * Parsing with the `yaml` library (the exact, slower path; see fast-parse.ts), reading an alias key
 * written `*app:` as the alias `app` followed by `:`.
 *
 * YAML 1.2 lets an anchor name contain `:`, so to the spec `*app:` is an alias named `app:` with no key
 * indicator after it, and the library reports the map as broken. The Go YAML parser that Flux, Argo CD,
 * Helm and kubectl use ends an alias name at the colon, so repositories write
 * `controllers: { *app: … }` (the app-template style) and it works for them. The lexer's token
 * `*app:` is split into `*app` and `:` before the parser sees it: the text and every offset are
 * unchanged, only the reading differs. A name that really ends in `:` (an anchor `&app:` in the file)
 * is left alone.
 */
import { Composer, Lexer, Parser, type CST, type Document } from 'yaml';

/** An alias token that ends in a single colon, such as `*app:` (not `*a:b`, not `*:`). */
const ALIAS_WITH_COLON = /^\*([^:\s]+):$/;

function* tokens(text: string): Generator<CST.Token> {
  const parser = new Parser();
  for (const lexeme of new Lexer().lex(text)) {
    const name = ALIAS_WITH_COLON.exec(lexeme)?.[1];
    if (name !== undefined && !definesAnchor(text, `${name}:`)) {
      yield* parser.next(`*${name}`);
      yield* parser.next(':');
    } else {
      yield* parser.next(lexeme);
    }
  }
  yield* parser.end();
}

/** Whether `&name` stands in the text as an anchor (followed by a space, a line end or the end). */
function definesAnchor(text: string, name: string): boolean {
  const written = `&${name}`;
  for (let at = text.indexOf(written); at >= 0; at = text.indexOf(written, at + 1)) {
    const after = text[at + written.length];
    if (after === undefined || /\s/.test(after)) return true;
  }
  return false;
}

/** Every document of `text` as the library composes it (errors are on each document). */
export function parseWithLibrary(text: string): Document.Parsed[] {
  const composer = new Composer({ uniqueKeys: false, strict: false });
  return Array.from(composer.compose(tokens(text))) as Document.Parsed[];
}
