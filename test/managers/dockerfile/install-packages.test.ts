/**
 * Packages a Dockerfile installs from the distribution, listed as Renovate 44 lists them (datasource deb
 * or apk, depType install) and never changed: Upkeep has neither datasource.
 */
import { describe, expect, it } from 'vitest';
import { applyUpdate } from '../../../src/edit/apply-update.js';
import { dockerfileManager } from '../../../src/managers/dockerfile.js';
import { createPackageFile } from '../../../src/managers/package-file.js';

const DEVCONTAINER = `# syntax=docker/dockerfile:1.7
ARG DEBIAN_VERSION=12.5
FROM debian:\${DEBIAN_VERSION}-slim AS base
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \\
    && apt-get install -y --no-install-recommends -o Dpkg::Options::="--force-confold" \\
        ca-certificates=20230311 \\
        curl \\
        git=1:2.39.2-1.1 \\
        "\${EXTRA_PACKAGES}" \\
        jq \\
    && apt-get clean && rm -rf /var/lib/apt/lists/*
RUN sudo apt install -qq sshpass; echo done
RUN --mount=type=cache,target=/var/cache/apt apt-get -y install age
RUN apt-get update && apt-get -y upgrade

FROM alpine:3.20 AS tools
RUN apk add --no-cache --virtual .build-deps build-base=0.5-r3 && \\
    apk --update add bash curl;
RUN apk del .build-deps

FROM base
COPY --from=tools /usr/bin/curl /usr/local/bin/curl
`;

const deps = () => dockerfileManager.extractFile(createPackageFile('.devcontainer/Dockerfile', DEVCONTAINER), {}).deps;

describe('dockerfile: packages RUN installs', () => {
  it('lists each apt and apk package, pinned or not, beside the images', () => {
    const found = deps();
    expect(found.filter((d) => d.depType === 'install').map((d) => [d.line, d.datasource, d.depName, d.currentValue ?? null, d.skipReason])).toEqual([
      [7, 'deb', 'ca-certificates', '20230311', 'unsupported-datasource'],
      [8, 'deb', 'curl', null, 'unspecified-version'],
      [9, 'deb', 'git', '1:2.39.2-1.1', 'unsupported-datasource'],
      [11, 'deb', 'jq', null, 'unspecified-version'],
      [13, 'deb', 'sshpass', null, 'unspecified-version'],
      [14, 'deb', 'age', null, 'unspecified-version'],
      // --virtual .build-deps takes an argument; it is not a package.
      [18, 'apk', 'build-base', '0.5-r3', 'unsupported-datasource'],
      [19, 'apk', 'bash', null, 'unspecified-version'],
      [19, 'apk', 'curl', null, 'unspecified-version'],
    ]);
    // The images keep their depTypes: packages are not stages.
    expect(found.filter((d) => d.datasource === 'docker').map((d) => [d.depName, d.depType])).toEqual([
      ['docker/dockerfile', 'syntax'],
      ['debian', 'stage'],
      ['alpine', 'final'],
    ]);
  });

  it('a package is never updated: the edit engine refuses it, naming why', () => {
    const git = deps().find((d) => d.depName === 'git' && d.datasource === 'deb')!;
    expect(git.skipDetail).toBe('git=1:2.39.2-1.1: Upkeep has no deb datasource to look versions up');
    expect(() => applyUpdate(DEVCONTAINER, git, { newValue: '1:2.39.5-0+deb12u1' })).toThrow(/cannot be updated \(unsupported-datasource\)/);
  });

  it('commands that install nothing are not read as installs', () => {
    const text = `FROM debian:12\nRUN echo apt-get install curl > notes.txt\nRUN apt-get remove -y vim && apt-cache policy git\nRUN pip install requests==2.32.0\n`;
    expect(dockerfileManager.extractFile(createPackageFile('Dockerfile', text), {}).deps.map((d) => d.depName)).toEqual(['debian']);
  });
});
