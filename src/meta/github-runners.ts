/**
 * The runner images GitHub hosts, as data: for each operating system, the versions a `runs-on:` label
 * can name (`ubuntu-24.04`, `macos-15-intel`, `windows-2025`), newest first, with the previews and the
 * retired ones marked. The list follows GitHub's runner-images and partner-runner-images repositories
 * (the same list Renovate's github-runners datasource keeps); a new image is added here by hand.
 *
 * The actions managers read it to tell a hosted runner from a self-hosted label (`home-ops`,
 * `ubuntu-slim`), the github-runners datasource serves it as releases.
 */

export interface RunnerImage {
  /** What follows `<os>-` in the label: `24.04`, `24.04-arm`, `15-intel`, `2025`. */
  version: string;
  /** A preview (`[beta]` in runner-images): never proposed unless the config allows unstable versions. */
  preview?: true;
  /** Retired or being retired: still recognised, so a workflow on it is offered the newer image. */
  deprecated?: true;
}

export const GITHUB_RUNNER_IMAGES: Readonly<Record<string, readonly RunnerImage[]>> = {
  ubuntu: [
    { version: '26.04', preview: true },
    { version: '26.04-arm', preview: true },
    { version: '24.04' },
    { version: '24.04-arm' },
    { version: '22.04' },
    { version: '22.04-arm' },
    { version: '20.04', deprecated: true },
    { version: '18.04', deprecated: true },
    { version: '16.04', deprecated: true },
  ],
  macos: [
    { version: '26' },
    { version: '26-intel' },
    { version: '26-xlarge' },
    { version: '15' },
    { version: '15-intel' },
    { version: '15-large' },
    { version: '15-xlarge' },
    { version: '14' },
    { version: '14-large' },
    { version: '14-xlarge' },
    { version: '13', deprecated: true },
    { version: '13-large', deprecated: true },
    { version: '13-xlarge', deprecated: true },
    { version: '12-large', deprecated: true },
    { version: '12', deprecated: true },
    { version: '11', deprecated: true },
    { version: '10.15', deprecated: true },
  ],
  windows: [{ version: '2025' }, { version: '2022' }, { version: '11-arm' }, { version: '2019', deprecated: true }, { version: '2016', deprecated: true }],
};

/** The moving labels (`ubuntu-latest`): a hosted runner, but no pinned version to update. */
export const RUNNER_MOVING_VERSION = 'latest';

/** Whether `<os>-<version>` names a runner image GitHub hosts (or its moving `latest` label). */
export function isHostedRunner(os: string, version: string): boolean {
  const images = Object.hasOwn(GITHUB_RUNNER_IMAGES, os) ? GITHUB_RUNNER_IMAGES[os] : undefined;
  if (!images) return false;
  return version === RUNNER_MOVING_VERSION || images.some((image) => image.version === version);
}
