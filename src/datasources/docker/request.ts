/**
 * One authenticated request to a registry: challenge → Authorization → request; a 401 gets one more try
 * with a fresh token for the challenge it carries (a cached token expired early, or the registry changed
 * its mind). Errors are one line naming the image and the registry, never a credential.
 */
import type { HttpResponse } from '../../http/client.js';
import { ExternalHostError, HttpStatusError, RateLimitedError } from '../../util/errors.js';
import type { DatasourceContext } from '../types.js';
import { authorizationFor, challengeOf, credentialFor, registryChallenge, rememberChallenge } from './auth.js';
import { assertPullsLeft, recordPullBudget } from './rate-limit.js';
import type { RegistryTarget } from './registry-url.js';

export interface RegistryRequest {
  method?: 'GET' | 'HEAD';
  /** A path below the registry (`/v2/…`) or an absolute URL on it (a pagination `Link`). */
  path: string;
  accept?: string;
  maxBytes?: number;
  /** A manifest request: what Docker Hub counts as a pull; refused while none are left. */
  manifest?: boolean;
  /** What is asked, for messages: `tag list`, `manifest of 1.2.3`. */
  what: string;
}

const NOT_FOUND: Record<string, string> = {
  NAME_UNKNOWN: 'no such repository',
  MANIFEST_UNKNOWN: 'no such tag or manifest',
  BLOB_UNKNOWN: 'no such blob',
};

/** The first registry error code of a JSON error body (`{"errors":[{"code":"NAME_UNKNOWN",…}]}`). */
function errorCode(res: HttpResponse): string | undefined {
  try {
    const code = res.json<{ errors?: { code?: unknown }[] }>().errors?.[0]?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

/** Put the image in front of a client error's message, keeping its class (and `retryAfter`). */
function withImage(err: unknown, target: RegistryTarget): unknown {
  if (!(err instanceof ExternalHostError) || err.message.startsWith(target.image)) return err;
  const message = `${target.image}: ${err.message}`;
  if (err instanceof RateLimitedError) return new RateLimitedError(err.host, err.status, err.retryAfter, message);
  if (err instanceof HttpStatusError) return new HttpStatusError(err.host, err.status, message);
  return new ExternalHostError(err.host, err.status, message);
}

function failure(target: RegistryTarget, request: RegistryRequest, res: HttpResponse, ctx: DatasourceContext): Error {
  const { registry, image } = target;
  if (res.status === 401) {
    const why = credentialFor(target, ctx)
      ? 'the registry refused the credentials of the docker host rule'
      : 'the registry needs credentials and no docker host rule with credentials matches it';
    return new HttpStatusError(registry, 401, `${image}: ${request.what}: 401 Unauthorized from ${registry} (${why})`);
  }
  if (res.status === 403) return new HttpStatusError(registry, 403, `${image}: ${request.what}: 403 Forbidden from ${registry} (no pull access)`);
  if (res.status === 404) {
    const code = errorCode(res);
    return new HttpStatusError(registry, 404, `${image}: ${request.what}: ${(code && NOT_FOUND[code]) ?? 'not found'} (404 from ${registry})`);
  }
  return new HttpStatusError(registry, res.status, `${image}: ${request.what}: ${res.status} from ${registry}`);
}

export async function registryRequest(target: RegistryTarget, request: RegistryRequest, ctx: DatasourceContext): Promise<HttpResponse> {
  try {
    if (request.manifest) await assertPullsLeft(target, ctx);
    const url = new URL(request.path, target.origin).toString();
    const send = (authorization: string | undefined) =>
      ctx.http.request(url, {
        method: request.method ?? 'GET',
        hostType: 'docker',
        throwOnClientError: true,
        headers: { ...(request.accept ? { accept: request.accept } : {}), ...(authorization ? { authorization } : {}) },
        ...(request.maxBytes !== undefined ? { maxBytes: request.maxBytes } : {}),
      });
    const challenge = await registryChallenge(target, ctx);
    const authorization = await authorizationFor(target, challenge, ctx);
    let res = await send(authorization);
    if (res.status === 401) {
      const fresh = challengeOf(res) ?? challenge;
      if (fresh && !challenge) await rememberChallenge(target, fresh, ctx);
      const retry = fresh ? await authorizationFor(target, fresh, ctx, true) : undefined;
      // Asking again only helps with something new to show: a fresh token, or credentials not sent yet.
      if (retry !== undefined && (retry !== authorization || fresh?.scheme === 'bearer')) res = await send(retry);
    }
    await recordPullBudget(target, res, ctx);
    if (res.status >= 400) throw failure(target, request, res, ctx);
    return res;
  } catch (err) {
    throw withImage(err, target);
  }
}
