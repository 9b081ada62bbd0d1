/**
 * gitlab-tags: the tags of a GitLab project (`group[/subgroup]/project`) through `git ls-remote` on
 * `<registryUrl or https://gitlab.com>/<project>.git`, reusing git-tags (peeled commits, bounded,
 * credentials kept out of argv and errors). One round trip, no API rate limit spent.
 * Credentials: host rules of type `gitlab-tags` or `gitlab`; a token is sent as user `oauth2`.
 */
import { listGitTags, toReleaseResult, type GitTagsOptions } from './git-tags.js';
import type { Datasource, DatasourceContext, PackageRef } from './types.js';
import { DATASOURCE_META } from '../meta/datasources.js';

const DEFAULT_BASE = 'https://gitlab.com';

/** The clone URL and web URL of a project. */
export function gitlabUrls(pkg: PackageRef): { cloneUrl: string; webUrl: string } {
  const base = (pkg.registryUrl ?? DEFAULT_BASE).replace(/\/+$/, '');
  const project = pkg.packageName.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
  return { cloneUrl: `${base}/${project}.git`, webUrl: `${base}/${project}` };
}

export function createGitlabTagsDatasource(options: GitTagsOptions = {}): Datasource {
  const list = (pkg: PackageRef, ctx: DatasourceContext) =>
    listGitTags(gitlabUrls(pkg).cloneUrl, ctx, { ...options, hostTypes: ['gitlab-tags', 'gitlab'], tokenUser: 'oauth2' });
  return {
    id: 'gitlab-tags',
    defaultVersioning: DATASOURCE_META['gitlab-tags'].defaultVersioning,
    async getReleases(pkg, ctx) {
      const tags = await list(pkg, ctx);
      return tags ? { ...toReleaseResult(tags, gitlabUrls(pkg).webUrl), registryUrl: (pkg.registryUrl ?? DEFAULT_BASE).replace(/\/+$/, '') } : null;
    },
    async getDigest(pkg, tag, ctx) {
      return (await list(pkg, ctx))?.find((t) => t.name === tag)?.commit ?? null;
    },
  };
}

export const gitlabTagsDatasource: Datasource = createGitlabTagsDatasource();
