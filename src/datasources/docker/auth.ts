/**
 * Registry authentication: anonymous, Basic, and the Bearer token dance.
 *
 * 1. The registry's challenge comes from one anonymous `GET /v2/` per registry (long cache): 200 means
 *    anonymous access, a 401 names the scheme (`Basic realm=…` or `Bearer realm=…,service=…`).
 * 2. Credentials come from the `docker` host rule of the registry's URL (Docker Hub's names are one host):
 *    `username`+`password` → Basic; `token` → `<authType ?? Bearer> <token>`.
 * 3. Bearer: `GET <realm>?service=…&scope=repository:<repo>:pull`, with the credentials when there are
 *    any; the token is kept until shortly before it expires, keyed by registry + scope + which credential.
 *
 * Tokens are added to the client's redactor as soon as they are seen, so no message can carry one.
 */
import { createHash } from 'node:crypto';
import type { Cache, CachedEntry } from '../../http/cache.js';
import type { HttpResponse } from '../../http/client.js';
import { ExternalHostError, HttpStatusError } from '../../util/errors.js';
import type { DatasourceContext } from '../types.js';
import { parseChallenges, pickChallenge, type Challenge } from './challenge.js';
import type { RegistryTarget } from './registry-url.js';

/** How long a registry's challenge is trusted; a 401 with another challenge replaces it at once. */
const CHALLENGE_TTL_SECONDS = 24 * 3600;
/** Tokens are dropped this long before they expire (clock skew, slow requests); a quarter of short ones. */
const TOKEN_MARGIN_SECONDS = 15;
const marginSeconds = (expiresIn: number) => Math.min(TOKEN_MARGIN_SECONDS, expiresIn / 4);
/** The distribution spec's default when a token server omits `expires_in`. */
const DEFAULT_TOKEN_SECONDS = 60;

/** `null`: the registry lets anonymous clients in. */
export type RegistryChallenge = Challenge | null;

/** The registry's challenge to an anonymous `GET /v2/` (asked once per registry and cached). */
export function registryChallenge(target: RegistryTarget, ctx: DatasourceContext): Promise<RegistryChallenge> {
  return ctx.cache.remember<RegistryChallenge>('docker-challenge', target.origin, CHALLENGE_TTL_SECONDS, async () => {
    const res = await ctx.http.request(`${target.origin}/v2/`, { hostType: 'docker', throwOnClientError: true });
    if (res.status !== 401) return null; // 200, or a proxy without /v2/ (404): try anonymously
    return pickChallenge(parseChallenges(res.headers['www-authenticate'])) ?? { scheme: 'basic', params: {} };
  });
}

/**
 * Keep the challenge a 401 showed when the probe had said "anonymous" (a registry that answers `/v2/`
 * to anyone but guards its repositories), so later requests authenticate at once.
 */
export async function rememberChallenge(target: RegistryTarget, challenge: Challenge, ctx: DatasourceContext): Promise<void> {
  const entry: CachedEntry<RegistryChallenge> = { value: challenge, fetchedAt: ctx.clock.now() };
  await ctx.cache.store.set('docker-challenge', target.origin, entry, CHALLENGE_TTL_SECONDS);
}

/** The challenge a 401 answer carries, if it carries one. */
export function challengeOf(res: HttpResponse): Challenge | undefined {
  return pickChallenge(parseChallenges(res.headers['www-authenticate']));
}

/** The Authorization value the host rules give for this registry, if any. */
export function credentialFor(target: RegistryTarget, ctx: DatasourceContext): string | undefined {
  const rule = ctx.http.hostRule(target.origin, 'docker');
  if (rule.username !== undefined && rule.password !== undefined) {
    return `Basic ${Buffer.from(`${rule.username}:${rule.password}`).toString('base64')}`;
  }
  if (rule.token) return `${rule.authType ?? 'Bearer'} ${rule.token}`;
  return undefined;
}

/**
 * The Authorization header for a request to `target` under `challenge`, or undefined to go anonymously.
 * `fresh` skips the token cache (after the registry refused a cached token).
 */
export async function authorizationFor(
  target: RegistryTarget,
  challenge: RegistryChallenge,
  ctx: DatasourceContext,
  fresh = false,
): Promise<string | undefined> {
  if (!challenge) return undefined;
  const credential = credentialFor(target, ctx);
  if (challenge.scheme !== 'bearer' || !challenge.params.realm) return credential;
  const scope = challenge.params.scope && fresh ? challenge.params.scope : `repository:${target.repository}:pull`;
  const token = await bearerToken(target, challenge, scope, credential, ctx, fresh);
  return `Bearer ${token}`;
}

interface StoredToken {
  token: string;
  /** ms since epoch: when the token stops being used (shortly before the token service's expiry) */
  expiresAt: number;
}

async function bearerToken(
  target: RegistryTarget,
  challenge: Challenge,
  scope: string,
  credential: string | undefined,
  ctx: DatasourceContext,
  fresh: boolean,
): Promise<string> {
  // Which credential asked is part of the key (hashed: the key may be listed in Redis).
  const who = credential ? createHash('sha256').update(credential).digest('hex').slice(0, 16) : 'anonymous';
  const key = `${target.origin}|${scope}|${who}`;
  const cache: Cache = ctx.cache;
  if (!fresh) {
    const stored = await cache.store.get<StoredToken>('docker-token', key);
    if (stored && stored.expiresAt > ctx.clock.now()) {
      ctx.http.redactor.add(stored.token);
      return stored.token;
    }
  }
  // TTL 0: never stored by `get` itself, but concurrent callers share one token request.
  return cache.get<string>(
    'docker-token-request',
    fresh ? `${key}|fresh` : key,
    0,
    async () => {
      const { token, expiresIn } = await requestToken(target, challenge, scope, credential, ctx);
      const usable = expiresIn - marginSeconds(expiresIn);
      const stored: StoredToken = { token, expiresAt: ctx.clock.now() + usable * 1000 };
      await cache.store.set('docker-token', key, stored, Math.ceil(usable));
      return { value: token, fetchedAt: ctx.clock.now() };
    },
    0,
  );
}

async function requestToken(
  target: RegistryTarget,
  challenge: Challenge,
  scope: string,
  credential: string | undefined,
  ctx: DatasourceContext,
): Promise<{ token: string; expiresIn: number }> {
  let realm: URL;
  try {
    realm = new URL(challenge.params.realm!);
  } catch {
    throw new ExternalHostError(target.registry, 401, `${target.image}: the registry's token realm is not a URL`);
  }
  if (realm.protocol !== 'https:' && realm.protocol !== 'http:') {
    throw new ExternalHostError(target.registry, 401, `${target.image}: the registry's token realm is not an http(s) URL`);
  }
  // Credentials travel in clear only where the operator already accepted plain http for the registry.
  if (credential && realm.protocol === 'http:' && !target.origin.startsWith('http:')) {
    throw new ExternalHostError(target.registry, 401, `${target.image}: refusing to send credentials to the plain-http token service ${realm.host}`);
  }
  if (challenge.params.service) realm.searchParams.set('service', challenge.params.service);
  realm.searchParams.set('scope', scope);
  const res = await ctx.http.request(realm.toString(), {
    hostType: 'docker',
    headers: credential ? { authorization: credential } : {},
    throwOnClientError: true,
    maxBytes: 1024 * 1024,
  });
  if (res.status === 401 || res.status === 403) {
    const why = credential ? 'refused the credentials of the docker host rule' : 'refused an anonymous token (no docker host rule with credentials matches)';
    throw new HttpStatusError(target.registry, 401, `${target.image}: the token service ${realm.host} ${why} for ${target.registry} (${res.status})`);
  }
  if (res.status >= 400) {
    throw new HttpStatusError(target.registry, res.status, `${target.image}: the token service ${realm.host} answered ${res.status}`);
  }
  const body = res.json<{ token?: unknown; access_token?: unknown; expires_in?: unknown }>();
  const token = typeof body.token === 'string' && body.token ? body.token : typeof body.access_token === 'string' ? body.access_token : '';
  if (!token) throw new ExternalHostError(target.registry, res.status, `${target.image}: the token service ${realm.host} sent no token`);
  ctx.http.redactor.add(token);
  const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : DEFAULT_TOKEN_SECONDS;
  return { token, expiresIn };
}
