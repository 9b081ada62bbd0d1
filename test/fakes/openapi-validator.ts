/**
 * Checks requests and responses of a fake forge against the forge's official API description:
 * OpenAPI 3.0 (GitHub, `@octokit/openapi`) or Swagger 2.0 (Gitea). Operations are matched by method and
 * path template; path and query parameters, JSON request bodies and JSON response bodies (the schema of
 * the status answered) are validated with Ajv. `$ref`, `allOf/oneOf/anyOf`, OpenAPI `nullable` and
 * Swagger `definitions` are handled by compiling JSON pointers into the one loaded document, so local
 * `$ref`s resolve as the description wrote them.
 *
 * Stricter than the description on purpose: unknown query parameters and unknown top-level request body
 * keys are violations (the descriptions rarely say `additionalProperties: false`, and a misspelt key is
 * exactly the drift a fake must catch — see shared/reference/forge-apis.md §0).
 */
import { readFileSync } from 'node:fs';
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv and ajv-formats are CommonJS with `exports.default`.
const Ajv = AjvModule as unknown as typeof AjvModule.default;
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

type Json = Record<string, unknown>;

/** A request or response that does not match the description. */
export class ApiViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiViolation';
  }
}

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

export interface MatchedRequest {
  operation: Operation;
  pathParams: Record<string, string>;
  /** Query parameters converted to the types the description gives. */
  query: Record<string, unknown>;
}

const PARAM_SCHEMA_KEYS = ['type', 'format', 'enum', 'items', 'minimum', 'maximum', 'pattern', 'minLength', 'maxLength', 'default'];
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head'];

const escapePointer = (key: string) => encodeURIComponent(key.replace(/~/g, '~0').replace(/\//g, '~1'));

export class ApiValidator {
  readonly operations: Operation[] = [];
  private readonly ajv;
  private readonly compiled = new Map<string, ValidateFunction>();
  /** Every object of the document → its pointer, to name the schema path of an error. */
  private readonly pointers = new WeakMap<object, string>();
  private readonly swagger2: boolean;

  /** `name` prefixes every message (`GitHub`, `Gitea`). */
  constructor(
    readonly name: string,
    private readonly doc: Json,
  ) {
    this.swagger2 = doc.swagger === '2.0';
    this.ajv = new Ajv({ strict: false, validateSchema: false, logger: false, verbose: true, allErrors: true });
    addFormats(this.ajv);
    // Descriptive formats with no checkable meaning.
    for (const format of ['int32', 'int64', 'uint64', 'double', 'float', 'timestamp', 'repo.nwo', 'binary']) this.ajv.addFormat(format, true);
    this.ajv.addSchema(doc, 'doc');
    this.indexPointers(doc, '#');
    this.loadOperations();
  }

  static fromFile(name: string, file: string): ApiValidator {
    return new ApiValidator(name, JSON.parse(readFileSync(file, 'utf8')) as Json);
  }

  /** The operation a method + path (without the API's base path) stands for. */
  findOperation(method: string, path: string): { operation: Operation; pathParams: Record<string, string> } | null {
    const m = method.toLowerCase();
    let best: { operation: Operation; pathParams: Record<string, string> } | null = null;
    for (const operation of this.operations) {
      if (operation.method !== m) continue;
      const match = operation.regex.exec(path);
      if (!match) continue;
      if (best && best.operation.specificity >= operation.specificity) continue;
      best = { operation, pathParams: this.renameGroups(operation, match.groups ?? {}) };
    }
    return best;
  }

  operationById(operationId: string): Operation | undefined {
    return this.operations.find((op) => op.operationId === operationId);
  }

  /** Validates a request; throws ApiViolation naming the operation and the schema path. */
  checkRequest(method: string, path: string, search: URLSearchParams, body: unknown): MatchedRequest {
    const found = this.findOperation(method, path);
    if (!found) throw new ApiViolation(`${this.name}: no operation in the description for ${method} ${path}`);
    const { operation, pathParams } = found;
    const where = `${this.name} ${operation.operationId} (${method} ${operation.template})`;
    const query: Record<string, unknown> = {};
    for (const key of new Set(search.keys())) {
      const param = operation.parameters.find((p) => p.in === 'query' && p.name === key);
      if (!param) throw new ApiViolation(`${where}: query parameter "${key}" is not in the description`);
      query[key] = this.coerce(param, search.getAll(key));
    }
    for (const param of operation.parameters) {
      const value = param.in === 'path' ? pathParams[param.name] : param.in === 'query' ? query[param.name] : undefined;
      if (param.in !== 'path' && param.in !== 'query') continue;
      if (value === undefined) {
        if (param.required) throw new ApiViolation(`${where}: required ${param.in} parameter "${param.name}" is missing`);
        continue;
      }
      const typed = param.in === 'path' ? this.coerce(param, [value as string]) : value;
      this.validate(param.schemaPointer, typed, `${where}: ${param.in} parameter "${param.name}"`);
    }
    if (body !== undefined && !operation.bodyPointer) throw new ApiViolation(`${where}: the operation takes no request body`);
    if (body === undefined && operation.bodyRequired) throw new ApiViolation(`${where}: a request body is required`);
    if (body !== undefined && operation.bodyPointer) {
      this.rejectUnknownKeys(operation.bodyPointer, body, `${where}: request body`);
      this.validate(operation.bodyPointer, body, `${where}: request body`);
    }
    return { operation, pathParams, query };
  }

  /**
   * Validates a response body against the schema of its status. A success status must be documented;
   * an undocumented error status (the descriptions omit most 401/403/5xx answers real servers give) is
   * accepted as long as `allowUndocumentedErrors` says so.
   */
  checkResponse(operation: Operation, status: number, body: unknown, allowUndocumentedErrors = true): void {
    const where = `${this.name} ${operation.operationId} (${operation.method.toUpperCase()} ${operation.template})`;
    const key = operation.responses.has(String(status)) ? String(status) : operation.responses.has(`${String(status)[0]}XX`) ? `${String(status)[0]}XX` : 'default';
    if (!operation.responses.has(key)) {
      if (status >= 400 && allowUndocumentedErrors) return;
      throw new ApiViolation(`${where}: status ${status} is not a documented response`);
    }
    const pointer = operation.responses.get(key);
    if (pointer && body !== undefined) this.validate(pointer, body, `${where}: response ${status} body`);
  }

  private validate(pointer: string, value: unknown, where: string): void {
    let validate = this.compiled.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `doc${pointer}` });
      this.compiled.set(pointer, validate);
    }
    if (!validate(value)) throw new ApiViolation(`${where}: ${this.describe(validate.errors ?? [])}`);
  }

  private describe(errors: ErrorObject[]): string {
    return errors
      .slice(0, 3)
      .map((e) => {
        const schema = (e.parentSchema && this.pointers.get(e.parentSchema)) ?? e.schemaPath;
        return `${e.instancePath || '(root)'} ${e.message ?? e.keyword} (schema ${decodeURIComponent(schema)}/${e.keyword})`;
      })
      .join('; ');
  }

  /** Top-level keys the body schema does not list (including those of `allOf` members). */
  private rejectUnknownKeys(pointer: string, body: unknown, where: string): void {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return;
    const schema = this.resolve(this.at(pointer));
    if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) return;
    const known = new Set<string>();
    const collect = (s: Json) => {
      for (const k of Object.keys((s.properties as Json | undefined) ?? {})) known.add(k);
      for (const part of (s.allOf as Json[] | undefined) ?? []) collect(this.resolve(part));
    };
    collect(schema);
    if (known.size === 0) return;
    const unknown = Object.keys(body).filter((k) => !known.has(k));
    if (unknown.length) throw new ApiViolation(`${where}: unknown key(s) ${unknown.map((k) => `"${k}"`).join(', ')} (schema ${decodeURIComponent(pointer)})`);
  }

  private coerce(param: Parameter, raw: string[]): unknown {
    const schema = this.resolve(this.at(param.schemaPointer));
    const scalar = (value: string, type: unknown): unknown => {
      if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
      if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
      return value;
    };
    if (schema.type === 'array') {
      const items = this.resolve((schema.items as Json | undefined) ?? {});
      const values = param.commaSeparated ? raw.flatMap((v) => v.split(',')) : raw;
      return values.map((v) => scalar(v, items.type));
    }
    if (raw.length > 1) return raw;
    return scalar(raw[0]!, schema.type);
  }

  private at(pointer: string): Json {
    let node: unknown = this.doc;
    for (const part of pointer.replace(/^#\/?/, '').split('/').filter(Boolean)) {
      node = (node as Json)[decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    return (node ?? {}) as Json;
  }

  private resolve(node: Json): Json {
    let current = node;
    for (let i = 0; i < 20 && typeof current.$ref === 'string'; i++) current = this.at(current.$ref);
    return current;
  }

  /** Follows `$ref` of a parameter/response/requestBody object, keeping the pointer of the target. */
  private deref(node: Json, pointer: string): { node: Json; pointer: string } {
    let current = node;
    let at = pointer;
    for (let i = 0; i < 20 && typeof current.$ref === 'string'; i++) {
      // `$ref`s are already pointer-escaped; Ajv also wants them URI-safe.
      at = current.$ref.split('/').map((p, n) => (n === 0 ? p : encodeURIComponent(p))).join('/');
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

  private renameGroups(operation: Operation, groups: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    operation.pathNames.forEach((name, i) => {
      const value = groups[`g${i + 1}`];
      if (value !== undefined) out[name] = decodeURIComponent(value);
    });
    return out;
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
