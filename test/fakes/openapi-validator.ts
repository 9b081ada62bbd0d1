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
import { ApiDocument, type Json, type Operation, type Parameter } from './openapi-document.js';

export type { Operation, Parameter } from './openapi-document.js';

// ajv and ajv-formats are CommonJS with `exports.default`.
const Ajv = AjvModule as unknown as typeof AjvModule.default;
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** A request or response that does not match the description. */
export class ApiViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiViolation';
  }
}

export interface MatchedRequest {
  operation: Operation;
  pathParams: Record<string, string>;
  /** Query parameters converted to the types the description gives. */
  query: Record<string, unknown>;
}

export class ApiValidator {
  private readonly ajv;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly document: ApiDocument;

  /** `name` prefixes every message (`GitHub`, `Gitea`). */
  constructor(
    readonly name: string,
    doc: Json,
  ) {
    this.document = new ApiDocument(doc);
    this.ajv = new Ajv({ strict: false, validateSchema: false, logger: false, verbose: true, allErrors: true });
    addFormats(this.ajv);
    // Descriptive formats with no checkable meaning.
    for (const format of ['int32', 'int64', 'uint64', 'double', 'float', 'timestamp', 'repo.nwo', 'binary']) this.ajv.addFormat(format, true);
    this.ajv.addSchema(doc, 'doc');
  }

  get operations(): Operation[] {
    return this.document.operations;
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
    const key = operation.responses.has(String(status))
      ? String(status)
      : operation.responses.has(`${String(status)[0]}XX`)
        ? `${String(status)[0]}XX`
        : 'default';
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
        const schema = (e.parentSchema && this.document.pointers.get(e.parentSchema)) ?? e.schemaPath;
        return `${e.instancePath || '(root)'} ${e.message ?? e.keyword} (schema ${decodeURIComponent(schema)}/${e.keyword})`;
      })
      .join('; ');
  }

  /** Top-level keys the body schema does not list (including those of `allOf` members). */
  private rejectUnknownKeys(pointer: string, body: unknown, where: string): void {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return;
    const schema = this.document.resolve(this.document.at(pointer));
    if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) return;
    const known = new Set<string>();
    const collect = (s: Json) => {
      for (const k of Object.keys((s.properties as Json | undefined) ?? {})) known.add(k);
      for (const part of (s.allOf as Json[] | undefined) ?? []) collect(this.document.resolve(part));
    };
    collect(schema);
    if (known.size === 0) return;
    const unknown = Object.keys(body).filter((k) => !known.has(k));
    if (unknown.length) throw new ApiViolation(`${where}: unknown key(s) ${unknown.map((k) => `"${k}"`).join(', ')} (schema ${decodeURIComponent(pointer)})`);
  }

  private coerce(param: Parameter, raw: string[]): unknown {
    const schema = this.document.resolve(this.document.at(param.schemaPointer));
    const scalar = (value: string, type: unknown): unknown => {
      if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
      if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
      return value;
    };
    if (schema.type === 'array') {
      const items = this.document.resolve((schema.items as Json | undefined) ?? {});
      const values = param.commaSeparated ? raw.flatMap((v) => v.split(',')) : raw;
      return values.map((v) => scalar(v, items.type));
    }
    if (raw.length > 1) return raw;
    return scalar(raw[0]!, schema.type);
  }

  private renameGroups(operation: Operation, groups: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    operation.pathNames.forEach((name, i) => {
      const value = groups[`g${i + 1}`];
      if (value !== undefined) out[name] = decodeURIComponent(value);
    });
    return out;
  }
}
