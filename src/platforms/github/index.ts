/**
 * The GitHub platform (api.github.com and GitHub Enterprise Server), through `octokit` (api.ts: retry and
 * throttling plugins, deadlines, errors without credentials). One instance per run; the bot's account is
 * read at most once.
 *
 * Tokens: a personal access token (classic or fine-grained) or a GitHub App installation token (`ghs_…`,
 * minted by whoever runs Upkeep). An installation token cannot read `GET /user` (403 "Resource not
 * accessible by integration"): the bot is then GraphQL's `viewer` (`<slug>[bot]`), and autodiscovery
 * lists the installation's repositories instead of the user's. The commit e-mail defaults to GitHub's
 * noreply address of the account (`<id>+<login>@users.noreply.github.com`), so commits link to the bot.
 *
 * Autodiscovery: repositories the bot owns, collaborates on or reaches through an organization, without
 * archived ones and those it cannot push to, filtered by Renovate's `autodiscoverFilter` (globs and
 * `/regex/`, `!` negates; on RE2).
 */
import { compilePatternList } from '../../config/string-match.js';
import { ExternalHostError, HttpStatusError } from '../../util/errors.js';
import type { BotUser, Platform, RepoFilter, RepoPlatform } from '../types.js';
import { createApi, type GitHubApiOptions } from './api.js';
import { GitHubRepository, type GitHubRepo } from './repo.js';

export { githubApiUrl } from './api.js';

export type GitHubPlatformOptions = GitHubApiOptions;

interface Account {
  login: string;
  id: number;
  name?: string | null;
  email?: string | null;
  /** An App installation token: no `GET /user`. */
  installation: boolean;
}

const noreply = (account: Account) => `${account.id}+${account.login}@users.noreply.github.com`;

export function createGitHubPlatform(options: GitHubPlatformOptions): Platform {
  const { api, host, baseUrl } = createApi(options);
  let account: Promise<Account> | undefined;

  const readAccount = async (): Promise<Account> => {
    try {
      const { data } = await api.rest.users.getAuthenticated();
      return { login: data.login, id: data.id, name: data.name, email: data.email, installation: false };
    } catch (err) {
      if (!(err instanceof HttpStatusError && err.status === 403)) throw err;
      const { viewer } = await api.graphql<{ viewer: { login: string; databaseId: number } }>('query { viewer { login databaseId } }');
      return { login: viewer.login, id: viewer.databaseId, installation: true };
    }
  };
  const me = () => (account ??= readAccount());

  return {
    id: 'github',
    endpoint: baseUrl,

    async currentUser(): Promise<BotUser> {
      const a = await me();
      return { login: a.login, name: a.name || a.login, email: a.email || noreply(a) };
    },

    async listRepositories(filter: RepoFilter = {}): Promise<string[]> {
      const a = await me();
      const repos = (a.installation
        ? await api.paginate(api.rest.apps.listReposAccessibleToInstallation, { per_page: 100 })
        : await api.paginate(api.rest.repos.listForAuthenticatedUser, {
            affiliation: 'owner,collaborator,organization_member',
            per_page: 100,
          })) as unknown as GitHubRepo[];
      const matches = filter.patterns?.length ? compilePatternList(filter.patterns, 'autodiscoverFilter') : () => true;
      const names = repos.filter((r) => !r.archived && !r.disabled && r.permissions?.push === true && matches(r.full_name)).map((r) => r.full_name);
      return [...new Set(names)].sort();
    },

    async repository(fullName: string): Promise<RepoPlatform> {
      const [owner, name, ...rest] = fullName.split('/');
      if (!owner || !name || rest.length) throw new ExternalHostError(host, undefined, `GitHub repository "${fullName}" is not owner/name`);
      const bot = await this.currentUser();
      const { data } = await api.rest.repos.get({ owner, repo: name });
      return new GitHubRepository(api, host, data as unknown as GitHubRepo, bot, options.token);
    },

    async readRepositoryFile(fullName: string, path: string, ref?: string): Promise<string | null> {
      const [owner, name, ...rest] = fullName.split('/');
      if (!owner || !name || rest.length) return null;
      try {
        const answer = await api.rest.repos.getContent({ owner, repo: name, path: path.replace(/^\/+/, ''), ...(ref ? { ref } : {}) });
        const file = answer.data as { type?: string; encoding?: string; content?: string };
        if (Array.isArray(answer.data) || file.type !== 'file' || typeof file.content !== 'string') return null;
        return file.encoding === 'base64' ? Buffer.from(file.content, 'base64').toString('utf8') : file.content;
      } catch (err) {
        if (err instanceof HttpStatusError && err.status === 404) return null;
        throw err;
      }
    },
  };
}
