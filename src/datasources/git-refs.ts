/**
 * git-refs: a branch of a git repository and the commit it points to now — for references pinned to a
 * commit while following a branch (Flux GitRepository `ref: {branch, commit}`). Each branch is offered as
 * a "release" whose digest is its head commit, so the lookup proposes a digest update when the branch
 * moved; a branch name is never a version, so there are no version updates.
 */
import { credentialTypes, listGitRefs, webUrl, type GitTagsOptions } from './git-tags.js';
import type { Datasource, ReleaseResult } from './types.js';
import { DATASOURCE_META } from '../meta/datasources.js';

export function createGitRefsDatasource(options: GitTagsOptions = {}): Datasource {
  const heads = (url: string, ctx: Parameters<Datasource['getReleases']>[1]) => listGitRefs(url, 'heads', ctx, { ...options, ...credentialTypes(url) });
  return {
    id: 'git-refs',
    defaultVersioning: DATASOURCE_META['git-refs'].defaultVersioning,
    async getReleases(pkg, ctx) {
      const branches = await heads(pkg.packageName, ctx);
      if (!branches) return null;
      const result: ReleaseResult = { releases: branches.map((b) => ({ version: b.name, digest: b.commit })) };
      const web = webUrl(pkg.packageName);
      if (web) result.sourceUrl = web;
      return result;
    },
    async getDigest(pkg, branch, ctx) {
      return (await heads(pkg.packageName, ctx))?.find((b) => b.name === branch)?.commit ?? null;
    },
  };
}

export const gitRefsDatasource: Datasource = createGitRefsDatasource();
