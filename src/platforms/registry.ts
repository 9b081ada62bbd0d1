/**
 * Every forge adapter, one line each; created per run with the operator's endpoint and token. Each is
 * loaded when first asked for: a local run never loads them, a Gitea run never loads octokit (startup is
 * a good part of a small repository's run).
 */
import type { HttpClient } from '../http/client.js';
import { InputError } from '../util/errors.js';
import { preloadExternal } from '../util/external.js';
import type { Platform, PlatformId } from './types.js';

export interface CreatePlatformOptions {
  endpoint?: string;
  token: string;
  http: HttpClient;
}

const DEFAULT_ENDPOINTS: Partial<Record<PlatformId, string>> = { github: 'https://api.github.com' };

export async function createPlatform(id: PlatformId, options: CreatePlatformOptions): Promise<Platform> {
  const endpoint = options.endpoint ?? DEFAULT_ENDPOINTS[id];
  if (!endpoint) throw new InputError(`--platform ${id} needs an endpoint (--endpoint, the global config's endpoint, or UPKEEP_ENDPOINT)`);
  switch (id) {
    case 'gitea':
      return (await import('./gitea/index.js')).createGiteaPlatform({ endpoint, token: options.token, http: options.http });
    case 'github':
      // octokit makes its own requests: the run's redactor still learns the token for every text it checks.
      options.http.redactor.add(options.token);
      await preloadExternal('octokit'); // ES module only: util/external.ts
      return (await import('./github/index.js')).createGitHubPlatform({ endpoint, token: options.token });
    case 'gitlab':
      return (await import('./gitlab/index.js')).createGitLabPlatform({ endpoint, token: options.token, http: options.http });
  }
}
