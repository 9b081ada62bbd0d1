/** Every forge adapter, one line each; created per run with the operator's endpoint and token. */
import type { HttpClient } from '../http/client.js';
import { InputError } from '../util/errors.js';
import { createGiteaPlatform } from './gitea/index.js';
import { createGitHubPlatform } from './github/index.js';
import { createGitLabPlatform } from './gitlab/index.js';
import type { Platform, PlatformId } from './types.js';

export interface CreatePlatformOptions {
  endpoint?: string;
  token: string;
  http: HttpClient;
}

const DEFAULT_ENDPOINTS: Partial<Record<PlatformId, string>> = { github: 'https://api.github.com' };

export function createPlatform(id: PlatformId, options: CreatePlatformOptions): Platform {
  const endpoint = options.endpoint ?? DEFAULT_ENDPOINTS[id];
  if (!endpoint) throw new InputError(`--platform ${id} needs an endpoint (--endpoint, the global config's endpoint, or UPKEEP_ENDPOINT)`);
  switch (id) {
    case 'gitea':
      return createGiteaPlatform({ endpoint, token: options.token, http: options.http });
    case 'github':
      // octokit makes its own requests: the run's redactor still learns the token for every text it checks.
      options.http.redactor.add(options.token);
      return createGitHubPlatform({ endpoint, token: options.token });
    case 'gitlab':
      return createGitLabPlatform({ endpoint, token: options.token, http: options.http });
  }
}
