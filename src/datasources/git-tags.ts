/**
 * git-tags: the tags of any git repository, and the commit each points to, from `git ls-remote --tags`
 * through the git CLI (args array, no shell, a timeout, a bounded output).
 *
 * - Annotated tags are peeled: `refs/tags/v1^{}` gives the commit, which is what a sha pin must be.
 *   (So no `--refs`: that option drops exactly the peeled lines.)
 * - Credentials come from host rules and reach git as an `http.<origin>/.extraHeader` in the
 *   environment (`GIT_CONFIG_*`), never in argv, a URL or an error message. git would keep sending
 *   that header after a redirect to another host, so with credentials redirects are not followed.
 * - The URL comes from a repository file, so only http(s), ssh, git and scp-like URLs are accepted and
 *   git is told to allow only those protocols (no `file://`, no `ext::` command transports).
 * - One listing per URL per cache period serves getReleases and every getDigest of a run.
 */
import { spawn } from 'node:child_process';
import { ExternalHostError, HttpStatusError, InputError } from '../util/errors.js';
import type { Datasource, DatasourceContext, PackageRef, ReleaseResult } from './types.js';
import { DATASOURCE_META } from '../meta/datasources.js';

export interface GitTag {
  name: string;
  /** The commit (peeled for annotated tags). */
  commit: string;
  /** The tag object, for annotated tags. */
  tagObject?: string;
}

export interface GitTagsOptions {
  timeoutMs?: number;
  maxOutputBytes?: number;
  /** How long a listing is reused (seconds). */
  ttlSeconds?: number;
  gitBinary?: string;
}

export interface ListOptions extends GitTagsOptions {
  /** Host rule types to take credentials from, most specific first (`gitlab-tags`, `gitlab`). */
  hostTypes: string[];
  /** Basic-auth user name when a rule has only a token (`x-access-token`, `oauth2`). */
  tokenUser?: string;
}

const DEFAULTS = { timeoutMs: 60_000, maxOutputBytes: 32 * 1024 * 1024, ttlSeconds: 15 * 60, gitBinary: 'git' };
const SCP_LIKE = /^[A-Za-z0-9._~-]+@[A-Za-z0-9.-]+:(?!\/\/)[^\s]+$/;
const NOT_FOUND = /repository '.*' not found|not found|does not appear to be a git repository|HTTP 404|returned error: 404/i;
const AUTH_FAILED = /authentication failed|could not read (username|password)|HTTP 40[13]|returned error: 40[13]|permission denied/i;

/** A URL git may be pointed at from a repository's file, or an InputError. */
export function checkGitUrl(url: string): void {
  if (/^(https?|ssh|git):\/\/[^\s/]+/i.test(url) && !/\s/.test(url)) return;
  if (SCP_LIKE.test(url)) return;
  throw new InputError(`git URL "${url.replace(/\/\/[^/@]*@/, '//***@')}" is not an http(s), ssh or git URL`);
}

/** The host a URL names (for messages and host rules). */
export function gitHost(url: string): string {
  if (SCP_LIKE.test(url)) return url.slice(url.indexOf('@') + 1, url.indexOf(':'));
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** `<sha>\trefs/tags/<name>[^{}]` lines → tags, peeled commits preferred (`heads`: branches). */
export function parseLsRemote(output: string, kind: RefKind = 'tags'): GitTag[] {
  const tags = new Map<string, GitTag>();
  const pattern = kind === 'tags' ? /^([0-9a-f]{40}|[0-9a-f]{64})\trefs\/tags\/(.+?)(\^\{\})?$/ : /^([0-9a-f]{40}|[0-9a-f]{64})\trefs\/heads\/(.+?)()$/;
  for (const line of output.split('\n')) {
    const match = pattern.exec(line.trim());
    if (!match) continue;
    const [, sha, name, peeled] = match as unknown as [string, string, string, string | undefined];
    const tag = tags.get(name) ?? { name, commit: sha };
    if (peeled) {
      tag.tagObject = tag.tagObject ?? (tag.commit !== sha ? tag.commit : undefined);
      tag.commit = sha;
    }
    tags.set(name, tag);
  }
  return [...tags.values()];
}

/** The git environment: no prompts, only network protocols, credentials as an extra header for the URL's origin. */
function gitEnv(url: string, ctx: DatasourceContext, options: ListOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_ALLOW_PROTOCOL: 'http:https:ssh:git', GIT_PROTOCOL_FROM_USER: '0' };
  if (!env.GIT_SSH_COMMAND) env.GIT_SSH_COMMAND = 'ssh -o BatchMode=yes';
  if (!/^https?:\/\//i.test(url)) return env;
  const auth = basicAuth(url, ctx, options);
  if (!auth) return env;
  const origin = new URL(url).origin;
  const count = Number(env.GIT_CONFIG_COUNT ?? 0) || 0;
  env.GIT_CONFIG_COUNT = String(count + 2);
  env[`GIT_CONFIG_KEY_${count}`] = `http.${origin}/.extraHeader`;
  env[`GIT_CONFIG_VALUE_${count}`] = `Authorization: Basic ${auth}`;
  // git keeps sending the extra header after following a redirect to another host: with credentials,
  // redirects are not followed at all.
  env[`GIT_CONFIG_KEY_${count + 1}`] = 'http.followRedirects';
  env[`GIT_CONFIG_VALUE_${count + 1}`] = 'false';
  return env;
}

function basicAuth(url: string, ctx: DatasourceContext, options: ListOptions): string | undefined {
  for (const hostType of [...options.hostTypes, undefined]) {
    const rule = ctx.http.hostRule(url, hostType);
    const pair =
      rule.username && rule.password
        ? `${rule.username}:${rule.password}`
        : rule.token
          ? `${rule.username ?? options.tokenUser ?? 'x-access-token'}:${rule.token}`
          : undefined;
    if (!pair) continue;
    const encoded = Buffer.from(pair).toString('base64');
    ctx.http.redactor.add(encoded);
    ctx.http.redactor.add(rule.token ?? rule.password);
    return encoded;
  }
  return undefined;
}

function runGit(
  args: string[],
  env: NodeJS.ProcessEnv,
  options: Required<GitTagsOptions>,
): Promise<{ code: number | null; stdout: string; stderr: string; failure?: string }> {
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let failure: string | undefined;
    // Its own process group, so a timeout also ends the remote helper (git-remote-https) it started.
    const child = spawn(options.gitBinary, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const killAll = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => {
      failure ??= `timed out after ${Math.round(options.timeoutMs / 1000)}s`;
      killAll();
    }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > options.maxOutputBytes) {
        failure = `more than ${options.maxOutputBytes} bytes of tags, refused`;
        killAll();
      } else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 8192) stderr += chunk.toString('utf8');
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: null, stdout: '', stderr, failure: `git could not run: ${err.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr, ...(failure ? { failure } : {}) });
    });
  });
}

/**
 * The tags of the repository at `url`, or null when it does not exist. Cached per URL (and credential
 * kind) for `ttlSeconds`; concurrent callers share one `git ls-remote`.
 */
export async function listGitTags(url: string, ctx: DatasourceContext, options: ListOptions): Promise<GitTag[] | null> {
  return listGitRefs(url, 'tags', ctx, options);
}

export type RefKind = 'tags' | 'heads';

/**
 * The tags (or branches) of the repository at `url`, or null when it does not exist. Branch heads move,
 * so they are shared within the run only (the run cache), never kept across runs.
 */
export async function listGitRefs(url: string, kind: RefKind, ctx: DatasourceContext, options: ListOptions): Promise<GitTag[] | null> {
  checkGitUrl(url);
  const settings = { ...DEFAULTS, ...options };
  // No credentials written into a URL end up in a cache key (which may live in Redis).
  const key = `${options.hostTypes.join(',')}|${ctx.http.redactor.redact(url)}`;
  const cache = kind === 'heads' ? (ctx.runCache ?? ctx.cache) : ctx.cache;
  const ttl = kind === 'heads' && !ctx.runCache ? 0 : settings.ttlSeconds;
  return cache.remember<GitTag[] | null>(`datasource-git-${kind}`, key, ttl, async () => {
    const host = gitHost(url);
    const shown = ctx.http.redactor.redact(url);
    const result = await runGit(['ls-remote', `--${kind}`, '--', url], gitEnv(url, ctx, options), settings);
    if (result.failure) throw new ExternalHostError(host, undefined, `git ls-remote ${shown}: ${result.failure}`);
    if (result.code === 0) return parseLsRemote(result.stdout, kind);
    const detail = ctx.http.redactor.redact(lastLine(result.stderr));
    if (AUTH_FAILED.test(result.stderr)) throw new HttpStatusError(host, 401, `git ls-remote ${shown}: authentication failed (${detail})`);
    if (NOT_FOUND.test(result.stderr)) return null;
    throw new ExternalHostError(host, undefined, `git ls-remote ${shown}: ${detail || `exit code ${result.code}`}`);
  });
}

function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return (lines.find((l) => /^fatal:/.test(l)) ?? lines.at(-1) ?? '').replace(/^fatal:\s*/, '');
}

export function toReleaseResult(tags: GitTag[], sourceUrl?: string): ReleaseResult {
  const result: ReleaseResult = { releases: tags.map((t) => ({ version: t.name, digest: t.commit })) };
  if (sourceUrl) result.sourceUrl = sourceUrl;
  return result;
}

/** The web address of an http(s) git URL, for changelog links. */
export function webUrl(url: string): string | undefined {
  if (!/^https?:\/\//i.test(url)) return undefined;
  const parsed = new URL(url);
  if (parsed.username || parsed.password) return undefined;
  return url.replace(/\.git\/?$/, '').replace(/\/$/, '');
}

/**
 * Which host rules apply to a URL: `git-tags` ones, and on github.com / gitlab.com also the forge's own
 * (a token there is sent as `x-access-token` / `oauth2`, what those forges expect over git).
 */
export function credentialTypes(url: string): Pick<ListOptions, 'hostTypes' | 'tokenUser'> {
  const host = gitHost(url).toLowerCase();
  if (host === 'github.com') return { hostTypes: ['git-tags', 'github'], tokenUser: 'x-access-token' };
  if (host === 'gitlab.com') return { hostTypes: ['git-tags', 'gitlab'], tokenUser: 'oauth2' };
  return { hostTypes: ['git-tags'] };
}

export function createGitTagsDatasource(options: GitTagsOptions = {}): Datasource {
  const list = (pkg: PackageRef, ctx: DatasourceContext) => listGitTags(pkg.packageName, ctx, { ...options, ...credentialTypes(pkg.packageName) });
  return {
    id: 'git-tags',
    defaultVersioning: DATASOURCE_META['git-tags'].defaultVersioning,
    async getReleases(pkg, ctx) {
      const tags = await list(pkg, ctx);
      return tags ? toReleaseResult(tags, webUrl(pkg.packageName)) : null;
    },
    async getDigest(pkg, tag, ctx) {
      return (await list(pkg, ctx))?.find((t) => t.name === tag)?.commit ?? null;
    },
  };
}

export const gitTagsDatasource: Datasource = createGitTagsDatasource();
