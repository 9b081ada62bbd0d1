/**
 * Image references, following the grammar `docker pull` accepts (distribution/reference):
 *
 *   [host[:port]/]path[:tag][@algorithm:hex]
 *
 * The first path component is a registry host when it contains `.` or `:`, is `localhost`, or has an
 * uppercase letter (which a repository path may not). Docker Hub names are normalised: `nginx`,
 * `docker.io/nginx`, `docker.io/library/nginx` and `index.docker.io/library/nginx` are one image.
 */
import { DOCKER_HUB, isDockerHub } from './docker-hub.js';

export type ImageRefProblem = 'contains-variable' | 'templated' | 'invalid-ref';

export interface ImageRef {
  /** Normalised registry host (`docker.io` for Docker Hub), with port when one was written. */
  registry: string;
  /** Repository path on that registry (`library/nginx` for Docker Hub official images). */
  repository: string;
  tag?: string;
  digest?: string;
  /** The reference as written, without tag and digest. */
  depName: string;
  /** The name to look up: `depName` with `registryAliases` applied. */
  packageName: string;
  /** Set when the reference cannot be updated: a variable, a template, or not a valid reference. */
  skipReason?: ImageRefProblem;
  /** One line saying what is wrong, when `skipReason` is set. */
  problem?: string;
}

/** Positions of a reference's parts inside the text it was split from. */
export interface ImageRefParts {
  name: string;
  nameStart: number;
  nameEnd: number;
  tag?: string;
  tagStart?: number;
  digest?: string;
  digestStart?: number;
  /** End of the whole reference. */
  end: number;
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const IPV6_HOST = /^\[[0-9a-fA-F:.]+(?:%[A-Za-z0-9]+)?\]$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;
const VARIABLE = /\$(?:\{[^}]*\}?|[A-Za-z_][A-Za-z0-9_]*)/;
const TEMPLATE = /\{\{|\{%|\}\}|%\}/;
/** `${VAR:-default}`, `${VAR-default}`, `${VAR:=default}`: the whole reference is a variable with a default. */
const WHOLE_VARIABLE_DEFAULT = /^\$\{[A-Za-z_][A-Za-z0-9_]*:?[-=](["']?)(.*)\1\}$/ds;

/**
 * Split a reference into name, tag and digest at the first `@` and the last `:` that is not part of a
 * registry port. Offsets are relative to `ref`. Does not validate.
 */
export function splitImageRef(ref: string): ImageRefParts {
  const at = ref.indexOf('@');
  const left = at >= 0 ? ref.slice(0, at) : ref;
  const colon = left.lastIndexOf(':');
  const hasTag = colon >= 0 && !left.slice(colon + 1).includes('/');
  const parts: ImageRefParts = {
    name: hasTag ? left.slice(0, colon) : left,
    nameStart: 0,
    nameEnd: hasTag ? colon : left.length,
    end: ref.length,
  };
  if (hasTag) {
    parts.tag = left.slice(colon + 1);
    parts.tagStart = colon + 1;
  }
  if (at >= 0) {
    parts.digest = ref.slice(at + 1);
    parts.digestStart = at + 1;
  }
  return parts;
}

/** Split a name into registry host and repository path, the way `docker pull` does. */
export function splitRegistry(name: string): { registry?: string; path: string } {
  const slash = name.indexOf('/');
  if (slash < 0) return { path: name };
  const first = name.slice(0, slash);
  if (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase()) {
    return { registry: first, path: name.slice(slash + 1) };
  }
  return { path: name };
}

function validHost(host: string): boolean {
  const m = /^(.*?)(?::(\d{1,5}))?$/.exec(host);
  const hostname = m?.[1] ?? '';
  if (IPV6_HOST.test(hostname)) return true;
  return hostname.length > 0 && hostname.split('.').every((c) => DOMAIN_COMPONENT.test(c));
}

/** Why `ref` is not a valid image reference, or undefined when it is. */
export function validateImageRef(parts: ImageRefParts): string | undefined {
  const { registry, path } = splitRegistry(parts.name);
  if (parts.name === '') return 'empty image name';
  if (registry !== undefined && !validHost(registry)) return `invalid registry host "${registry}"`;
  for (const component of path.split('/')) {
    if (!PATH_COMPONENT.test(component)) {
      return component !== component.toLowerCase() ? `repository name must be lowercase: "${path}"` : `invalid repository name "${path}"`;
    }
  }
  if (parts.tag !== undefined && !TAG.test(parts.tag)) return `invalid tag "${parts.tag}"`;
  if (parts.digest !== undefined) {
    if (!DIGEST.test(parts.digest)) return `invalid digest "${parts.digest}"`;
    if (parts.digest.startsWith('sha256:') && parts.digest.length !== 7 + 64) {
      return `invalid digest "${parts.digest}" (sha256 has 64 hex digits)`;
    }
  }
  return undefined;
}

/** Apply `registryAliases` (alias → target, first matching prefix followed by `/` wins). */
export function applyRegistryAliases(name: string, aliases: Record<string, string> | undefined): string {
  if (!aliases) return name;
  for (const [alias, target] of Object.entries(aliases)) {
    if (name.startsWith(`${alias}/`)) return `${target.replace(/\/+$/, '')}${name.slice(alias.length)}`;
  }
  return name;
}

/** Normalised registry and repository of a name such as `nginx` or `ghcr.io/org/app`. */
export function normaliseName(name: string): { registry: string; repository: string } {
  const { registry, path } = splitRegistry(name);
  if (registry === undefined || isDockerHub(registry)) {
    return { registry: DOCKER_HUB, repository: path.includes('/') ? path : `library/${path}` };
  }
  return { registry, repository: path };
}

export interface ParseImageRefOptions {
  registryAliases?: Record<string, string>;
}

/**
 * Parse an image reference as written in a file. Never throws: a reference that cannot be updated
 * comes back with `skipReason` (`contains-variable`, `templated`, `invalid-ref`) and a `problem` line.
 */
export function parseImageRef(ref: string, options: ParseImageRefOptions = {}): ImageRef {
  return locateImageRef(ref, options).ref;
}

/**
 * Like `parseImageRef`, plus where tag and digest stand in `ref` (for editing). A whole-reference
 * variable with a default (`${IMAGE:-redis:7.2}`) is parsed from its default, whose offsets are returned.
 */
export function locateImageRef(ref: string, options: ParseImageRefOptions = {}): { ref: ImageRef; parts: ImageRefParts } {
  let text = ref;
  let offset = 0;
  const whole = WHOLE_VARIABLE_DEFAULT.exec(ref);
  const defaultAt = whole?.indices?.[2];
  if (whole?.[2] && defaultAt && !VARIABLE.test(whole[2])) {
    offset = defaultAt[0];
    text = whole[2];
  }
  const parts = shift(splitImageRef(text), offset);
  const result: ImageRef = {
    registry: '',
    repository: '',
    depName: parts.name,
    packageName: parts.name,
  };
  if (parts.tag !== undefined) result.tag = parts.tag;
  if (parts.digest !== undefined) result.digest = parts.digest;

  // A registry alias whose key is a variable (`$CI_REGISTRY`) names what the variable stands for: the
  // reference is read through it, as Renovate does (its depName is the aliased name too).
  const viaVariable = variableAlias(parts.name, options.registryAliases);
  if (viaVariable !== undefined && !TEMPLATE.test(text) && !parts.name.slice(viaVariable.keyLength).includes('$')) {
    const tagOrDigest = [parts.tag, parts.digest].some((v) => v !== undefined && v.includes('$'));
    if (!tagOrDigest) return { ref: resolved(result, parts, viaVariable.name, viaVariable.name), parts };
  }
  const templated = TEMPLATE.test(text);
  if (templated || text.includes('$')) {
    result.skipReason = templated ? 'templated' : 'contains-variable';
    result.problem = templated ? `templated image reference "${ref}"` : `image reference contains a variable: "${ref}"`;
    // Name what can be named: `nginx:${TAG}` is still nginx; `${REGISTRY}/app:1` is only its text.
    if (TEMPLATE.test(parts.name) || parts.name.includes('$')) {
      result.depName = result.packageName = ref;
      delete result.tag;
      delete result.digest;
    } else {
      if (result.tag !== undefined && (TEMPLATE.test(result.tag) || result.tag.includes('$'))) delete result.tag;
      if (result.digest !== undefined && (TEMPLATE.test(result.digest) || result.digest.includes('$'))) delete result.digest;
    }
    return { ref: result, parts };
  }
  const invalid = text.trim() === '' ? 'empty image reference' : validateImageRef(parts);
  if (invalid) {
    result.skipReason = 'invalid-ref';
    result.problem = invalid;
  }
  return { ref: resolved(result, parts, displayName(parts.name), applyRegistryAliases(parts.name, options.registryAliases)), parts };
}

/** `result` named: `depName` as Renovate shows it, `packageName` what is looked up. */
function resolved(result: ImageRef, parts: ImageRefParts, depName: string, packageName: string): ImageRef {
  if (!result.skipReason) {
    const invalid = validateImageRef({ ...parts, name: packageName });
    if (invalid) {
      result.skipReason = 'invalid-ref';
      result.problem = invalid;
    }
  }
  result.depName = depName;
  result.packageName = packageName;
  const normal = normaliseName(packageName);
  result.registry = normal.registry;
  result.repository = normal.repository;
  return result;
}

/**
 * The name Renovate shows (and builds branch names from), so existing Renovate branches match:
 * Docker Hub's `library/`, `amd64/`, `arm64/` prefixes left out, and quay.io's port.
 */
function displayName(name: string): string {
  const prefix = /^(library|amd64|arm64)\//.exec(name);
  if (prefix) return name.slice(prefix[0].length);
  return name.replace(/^quay\.io:[1-9]\d{0,4}(?=\/)/i, 'quay.io');
}

/** The alias whose key is a variable (`$CI_REGISTRY` or `${CI_REGISTRY}`, either written either way) that `name` starts with. */
function variableAlias(name: string, aliases: Record<string, string> | undefined): { name: string; keyLength: number } | undefined {
  if (!aliases || !name.includes('$')) return undefined;
  const bare = (key: string) => key.replace(/^\$\{([A-Za-z_]\w*)\}$/, '$$$1');
  for (const [alias, target] of Object.entries(aliases)) {
    if (!alias.startsWith('$')) continue;
    for (const written of new Set([alias, bare(alias), bare(alias).replace(/^\$(\w+)$/, '$${$1}')])) {
      if (name.startsWith(`${written}/`)) return { name: `${target.replace(/\/+$/, '')}${name.slice(written.length)}`, keyLength: written.length };
    }
  }
  return undefined;
}

function shift(parts: ImageRefParts, offset: number): ImageRefParts {
  if (offset === 0) return parts;
  const out: ImageRefParts = { ...parts, nameStart: parts.nameStart + offset, nameEnd: parts.nameEnd + offset, end: parts.end + offset };
  if (parts.tagStart !== undefined) out.tagStart = parts.tagStart + offset;
  if (parts.digestStart !== undefined) out.digestStart = parts.digestStart + offset;
  return out;
}
