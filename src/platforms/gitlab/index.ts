/**
 * The GitLab platform (gitlab.com and self-managed, REST `/api/v4`), through the project's HTTP client
 * (api.ts says why not @gitbeaker/rest's requester). One instance per run; the bot's account
 * (`GET /user`) and the server version (`GET /version`: `auto_merge` from 17.11, the older
 * `merge_when_pipeline_succeeds` before) are read at most once.
 *
 * Projects are named by their full path (`group/sub/project`). Autodiscovery lists the projects the
 * bot is a member of with at least Developer access, without archived ones, filtered by Renovate's
 * `autodiscoverFilter` (globs and `/regex/` on the path, `!` negates; on RE2).
 */
import { compilePatternList } from '../../config/string-match.js';
import { HttpClient } from '../../http/client.js';
import { ExternalHostError, InputError } from '../../util/errors.js';
import type { BotUser, Platform, PlatformOptions, RepoFilter, RepoPlatform } from '../types.js';
import { GitLabApi, seg } from './api.js';
import { accessLevel, GitLabRepository, type GitLabProject } from './repo.js';
import type { GitLabUser } from './wire.js';

export interface GitLabPlatformOptions extends PlatformOptions {
  http?: HttpClient;
  /** Waits between tries while GitLab answers 405 to a merge right after a push (default 0.25, 1, 2.25, 4 s). */
  mergeRetryDelaysMs?: number[];
  sleep?: (ms: number) => Promise<void>;
}

/** `https://gitlab.example.com`, `…/` or `…/api/v4` → `https://gitlab.example.com/api/v4`. */
export function gitlabApiUrl(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new InputError(`endpoint: "${endpoint.replace(/\/\/[^@/]*@/, '//***@')}" is not a URL`);
  }
  if (url.username || url.password) throw new InputError(`endpoint: ${url.host}: give the token separately, never in the URL`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '').replace(/\/api\/v4$/, '')}/api/v4`;
}

/** `17.11.2-ee` → true when at least major.minor. */
function atLeast(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.split(/[.-]/).map((n) => Number.parseInt(n, 10) || 0);
  return a > major || (a === major && b >= minor);
}

export function createGitLabPlatform(options: GitLabPlatformOptions): Platform {
  const endpoint = gitlabApiUrl(options.endpoint);
  const http = options.http ?? new HttpClient();
  const api = new GitLabApi({ apiUrl: endpoint, token: options.token, http, ...(options.onRequest ? { onRequest: options.onRequest } : {}) });
  let user: Promise<GitLabUser> | undefined;
  let version: Promise<string> | undefined;
  const me = () => (user ??= api.get<GitLabUser>('/user'));
  const serverVersion = () => (version ??= api.get<{ version?: string }>('/version').then((v) => v?.version ?? '0.0.0'));
  const bot = async (): Promise<BotUser & { id: number }> => {
    const u = await me();
    const email = u.public_email || u.email;
    return { id: u.id, login: u.username, name: u.name || u.username, ...(email ? { email } : {}) };
  };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  return {
    id: 'gitlab',
    endpoint,

    async currentUser(): Promise<BotUser> {
      const { id: _id, ...rest } = await bot();
      return rest;
    },

    async listRepositories(filter: RepoFilter = {}): Promise<string[]> {
      const projects = await api.getAll<GitLabProject & { archived?: boolean }>('/projects', {
        membership: true,
        min_access_level: 30,
        archived: false,
        order_by: 'path',
        sort: 'asc',
      });
      const matches = filter.patterns?.length ? compilePatternList(filter.patterns, 'autodiscoverFilter') : () => true;
      const names = projects.filter((p) => !p.archived && accessLevel(p) >= 30 && matches(p.path_with_namespace)).map((p) => p.path_with_namespace);
      return [...new Set(names)].sort();
    },

    async repository(fullName: string): Promise<RepoPlatform> {
      if (!/^[^/]+(\/[^/]+)+$/.test(fullName)) throw new ExternalHostError(api.host, undefined, `GitLab project "${fullName}" is not group/project`);
      const [who, v] = await Promise.all([bot(), serverVersion()]);
      const project = await api.get<GitLabProject>(`/projects/${seg(fullName)}`);
      return new GitLabRepository(api, project, who, options.token, {
        autoMergeField: atLeast(v, 17, 11) ? 'auto_merge' : 'merge_when_pipeline_succeeds',
        retryDelaysMs: options.mergeRetryDelaysMs ?? [250, 1000, 2250, 4000],
        sleep,
      });
    },

    async readRepositoryFile(fullName: string, path: string, ref?: string): Promise<string | null> {
      if (!/^[^/]+(\/[^/]+)+$/.test(fullName)) return null;
      // The files API needs a ref: the project's default branch when none is named.
      let at = ref;
      if (!at) {
        const project = await api.call('GET', `/projects/${seg(fullName)}`, { allow: [404] });
        if (project.status === 404) return null;
        at = (project.body as GitLabProject).default_branch ?? undefined;
        if (!at) return null;
      }
      const answer = await api.call('GET', `/projects/${seg(fullName)}/repository/files/${seg(path.replace(/^\/+/, ''))}/raw`, {
        query: { ref: at },
        allow: [404],
      });
      if (answer.status === 404) return null;
      return typeof answer.body === 'string' ? answer.body : answer.body === undefined ? '' : JSON.stringify(answer.body);
    },
  };
}
