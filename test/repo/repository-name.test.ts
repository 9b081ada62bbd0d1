/** The repository's name from its origin remote, for presets that name the repository itself. */
import { describe, expect, it } from 'vitest';
import { repositoryNameFromUrl } from '../../src/repo/repository-name.js';

describe('repositoryNameFromUrl', () => {
  it('HTTPS, scp-like and ssh:// forge URLs, GitLab subgroups, with or without .git', () => {
    expect(repositoryNameFromUrl('https://github.com/onedr0p/home-ops.git')).toBe('onedr0p/home-ops');
    expect(repositoryNameFromUrl('https://gitea.example.com:3000/me/cluster')).toBe('me/cluster');
    expect(repositoryNameFromUrl('git@github.com:bjw-s-labs/home-ops.git')).toBe('bjw-s-labs/home-ops');
    expect(repositoryNameFromUrl('ssh://git@gitlab.example.com:2222/infra/k8s/flux.git')).toBe('infra/k8s/flux');
    expect(repositoryNameFromUrl('https://token:x@github.com/me/homelab.git/')).toBe('me/homelab');
  });

  it('a path, a bare host or a single segment names no repository', () => {
    expect(repositoryNameFromUrl('/work/.mirror/me+homelab/repo')).toBeUndefined();
    expect(repositoryNameFromUrl('file:///srv/git/homelab.git')).toBeUndefined();
    expect(repositoryNameFromUrl('https://github.com/')).toBeUndefined();
    expect(repositoryNameFromUrl('https://example.com/homelab.git')).toBeUndefined();
    expect(repositoryNameFromUrl('')).toBeUndefined();
  });
});
