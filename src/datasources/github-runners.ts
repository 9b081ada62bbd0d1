/**
 * github-runners: the runner images GitHub hosts (`ubuntu`, `macos`, `windows`), so a workflow's
 * `runs-on: ubuntu-22.04` is offered `ubuntu-24.04`. The package is the operating system, a release is
 * what follows `<os>-` in a label. The list is data kept in the project (meta/github-runners.ts), not
 * asked from anywhere: previews are releases that are not stable, retired images are deprecated.
 */
import type { Datasource, Release, ReleaseResult } from './types.js';
import { DATASOURCE_META } from '../meta/datasources.js';
import { GITHUB_RUNNER_IMAGES } from '../meta/github-runners.js';

const SOURCE_URL = 'https://github.com/actions/runner-images';

function releasesOf(os: string): Release[] | null {
  const images = Object.hasOwn(GITHUB_RUNNER_IMAGES, os) ? GITHUB_RUNNER_IMAGES[os] : undefined;
  if (!images) return null;
  return images.map((image) => {
    const release: Release = { version: image.version };
    if (image.preview) release.isStable = false;
    if (image.deprecated) release.isDeprecated = true;
    return release;
  });
}

export const githubRunnersDatasource: Datasource = {
  id: 'github-runners',
  defaultVersioning: DATASOURCE_META['github-runners'].defaultVersioning,
  getReleases(pkg) {
    const releases = releasesOf(pkg.packageName);
    const result: ReleaseResult | null = releases ? { releases, sourceUrl: SOURCE_URL } : null;
    return Promise.resolve(result);
  },
};
