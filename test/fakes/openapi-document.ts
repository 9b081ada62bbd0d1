/**
 * An API description document (OpenAPI 3.0 or Swagger 2.0) read as data: JSON pointers into it, `$ref`
 * resolution, a pointer for every object (so a schema error can name where it is), and the list of
 * operations with their parameters, body and answer schemas as pointers. Used by openapi-validator.ts.
 */
export type Json = Record<string, unknown>;

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'body' | 'formData' | 'cookie';
  required: boolean;
  /** JSON pointer of the parameter's schema in the document. */
  schemaPointer: string;
  /** Swagger 2 `collectionFormat` / OpenAPI 3 `explode: false` → comma-separated arrays. */
  commaSeparated: boolean;
  /** The value may contain `/` (GitHub's `x-multi-segment`). */
  multiSegment: boolean;
}

export interface Operation {
  operationId: string;
  method: string;
  /** The path template as written in the description (`/repos/{owner}/{repo}/tags`). */
  template: string;
  parameters: Parameter[];
  /** Pointer of the JSON request body schema, when the operation takes one. */
  bodyPointer?: string;
  bodyRequired: boolean;
  /** Status (`200`, `default`) → pointer of the JSON body schema (undefined: no body documented). */
  responses: Map<string, string | undefined>;
  regex: RegExp;
  /** Path parameter names in the order of the regex groups. */
  pathNames: string[];
  /** Literal characters in the template: more specific templates win. */
  specificity: number;
}

const PARAM_SCHEMA_KEYS = ['type', 'format', 'enum', 'items', 'minimum', 'maximum', 'pattern', 'minLength', 'maxLength', 'default'];
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head'];

export const escapePointer = (key: string) => encodeURIComponent(key.replace(/~/g, '~0').replace(/\//g, '~1'));

export class ApiDocument {
  readonly operations: Operation[] = [];
  /** Every object of the document → its pointer, to name the schema path of an error. */
  readonly pointers = new WeakMap<object, string>();
  readonly swagger2: boolean;

  constructor(readonly doc: Json) {
    this.swagger2 = doc.swagger === '2.0';
    this.indexPointers(doc, '#');
    this.loadOperations();
  }

  at(pointer: string): Json {
    let node: unknown = this.doc;
    for (const part of pointer.replace(/^#\/?/, '').split('/').filter(Boolean)) {
      node = (node as Json)[decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    return (node ?? {}) as Json;
  }

  resolve(node: Json): Json {
    let current = node;
    for (let i = 0; i < 20 && typeof current.$ref === 'string'; i++) current = this.at(current.$ref);
    return current;
  }

  /** Follows `$ref` of a parameter/response/requestBody object, keeping the pointer of the target. */
  deref(node: Json, pointer: string): { node: Json; pointer: string } {
    let current = node;
    let at = pointer;
    for (let i = 0; i < 20 && typeof current.$ref === 'string'; i++) {
      // `$ref`s are already pointer-escaped; Ajv also wants them URI-safe.
      at = current.$ref
        .split('/')
        .map((p, n) => (n === 0 ? p : encodeURIComponent(p)))
        .join('/');
      current = this.at(at);
    }
    return { node: current, pointer: at };
  }

  private indexPointers(node: unknown, pointer: string): void {
    if (!node || typeof node !== 'object' || this.pointers.has(node)) return;
    this.pointers.set(node, pointer);
    for (const [key, value] of Object.entries(node)) this.indexPointers(value, `${pointer}/${escapePointer(key)}`);
  }

  private loadOperations(): void {
    const paths = (this.doc.paths ?? {}) as Record<string, Json>;
    for (const [template, item] of Object.entries(paths)) {
      const itemPointer = `#/paths/${escapePointer(template)}`;
      const shared = ((item.parameters as Json[] | undefined) ?? []).map((p, i) => this.deref(p, `${itemPointer}/parameters/${i}`));
      for (const method of METHODS) {
        const op = item[method] as Json | undefined;
        if (!op) continue;
        this.operations.push(this.loadOperation(template, method, op, `${itemPointer}/${method}`, shared));
      }
    }
  }

  private loadOperation(template: string, method: string, op: Json, opPointer: string, shared: { node: Json; pointer: string }[]): Operation {
    const own = ((op.parameters as Json[] | undefined) ?? []).map((p, i) => this.deref(p, `${opPointer}/parameters/${i}`));
    const byKey = new Map<string, { node: Json; pointer: string }>();
    for (const p of [...shared, ...own]) byKey.set(`${String(p.node.in)}:${String(p.node.name)}`, p);
    const parameters: Parameter[] = [];
    let bodyPointer: string | undefined;
    let bodyRequired = false;
    for (const { node, pointer } of byKey.values()) {
      if (node.in === 'body') {
        bodyPointer = `${pointer}/schema`;
        bodyRequired = node.required === true;
        continue;
      }
      parameters.push({
        name: String(node.name),
        in: node.in as Parameter['in'],
        required: node.required === true,
        schemaPointer: this.swagger2 ? this.paramSchema(node, pointer) : `${pointer}/schema`,
        commaSeparated: this.swagger2 ? node.collectionFormat !== 'multi' : node.explode === false,
        multiSegment: node['x-multi-segment'] === true,
      });
    }
    if (!this.swagger2 && op.requestBody) {
      const body = this.deref(op.requestBody as Json, `${opPointer}/requestBody`);
      if ((body.node.content as Json | undefined)?.['application/json']) bodyPointer = `${body.pointer}/content/application~1json/schema`;
      bodyRequired = body.node.required === true;
    }
    const responses = new Map<string, string | undefined>();
    for (const [status, response] of Object.entries((op.responses ?? {}) as Record<string, Json>)) {
      const r = this.deref(response, `${opPointer}/responses/${status}`);
      if (this.swagger2) responses.set(status, r.node.schema ? `${r.pointer}/schema` : undefined);
      else responses.set(status, (r.node.content as Json | undefined)?.['application/json'] ? `${r.pointer}/content/application~1json/schema` : undefined);
    }
    const names: string[] = [];
    const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{([^}]+)\\?\}/g, (_m, name: string) => {
      const multi = parameters.find((p) => p.in === 'path' && p.name === name)?.multiSegment;
      names.push(name);
      return `(?<g${names.length}>${multi ? '.+' : '[^/]+'})`;
    });
    const operation: Operation = {
      operationId: String(op.operationId ?? `${method} ${template}`),
      method,
      template,
      parameters,
      bodyRequired,
      responses,
      regex: new RegExp(`^${source}$`),
      pathNames: names,
      specificity: template.replace(/\{[^}]+\}/g, '').length,
    };
    if (bodyPointer) operation.bodyPointer = bodyPointer;
    return operation;
  }

  /** Swagger 2 parameters carry their schema inline (`type`, `format`, …): the pointer of a synthesized copy. */
  private paramSchema(node: Json, pointer: string): string {
    const schema: Json = {};
    for (const key of PARAM_SCHEMA_KEYS) if (node[key] !== undefined) schema[key] = node[key];
    // Synthesized schemas live beside the parameter so errors still point into the document.
    node['x-schema'] = schema;
    this.pointers.set(schema, pointer);
    return `${pointer}/x-schema`;
  }
}
