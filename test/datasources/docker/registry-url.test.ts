import { describe, expect, it } from 'vitest';
import { resolveTarget, type RegistryTarget } from '../../../src/datasources/docker/registry-url.js';
import { findHostRule, type HostRule } from '../../../src/http/host-rules.js';
import { InputError } from '../../../src/util/errors.js';

const rules: HostRule[] = [
  { hostType: 'docker', matchHost: '127.0.0.1:5000', insecureRegistry: true },
  { hostType: 'docker', matchHost: 'registry.lan', insecureRegistry: true },
];
const resolve = (packageName: string, registryUrl?: string): Pick<RegistryTarget, 'origin' | 'registry' | 'repository' | 'dockerHub'> => {
  const t = resolveTarget(registryUrl ? { packageName, registryUrl } : { packageName }, (url) => findHostRule(rules, url, 'docker'));
  return { origin: t.origin, registry: t.registry, repository: t.repository, dockerHub: t.dockerHub };
};
const hub = (repository: string) => ({ origin: 'https://registry-1.docker.io', registry: 'docker.io', repository, dockerHub: true });

describe('resolveTarget', () => {
  it('puts single-name Docker Hub images under library/, whatever Docker Hub name is written', () => {
    expect(resolve('nginx')).toEqual(hub('library/nginx'));
    expect(resolve('docker.io/nginx')).toEqual(hub('library/nginx'));
    expect(resolve('index.docker.io/library/nginx')).toEqual(hub('library/nginx'));
    expect(resolve('registry-1.docker.io/bitnami/redis')).toEqual(hub('bitnami/redis'));
    expect(resolve('grafana/grafana')).toEqual(hub('grafana/grafana'));
  });

  it('keeps other registries, ports and deep paths', () => {
    expect(resolve('ghcr.io/home-assistant/home-assistant')).toEqual({
      origin: 'https://ghcr.io',
      registry: 'ghcr.io',
      repository: 'home-assistant/home-assistant',
      dockerHub: false,
    });
    expect(resolve('registry.example.com:5443/a/b/c')).toEqual({
      origin: 'https://registry.example.com:5443',
      registry: 'registry.example.com:5443',
      repository: 'a/b/c',
      dockerHub: false,
    });
  });

  it('uses plain http only where a host rule says insecureRegistry or the URL says http', () => {
    expect(resolve('127.0.0.1:5000/team/app').origin).toBe('http://127.0.0.1:5000');
    expect(resolve('127.0.0.1:5001/team/app').origin).toBe('https://127.0.0.1:5001');
    expect(resolve('app', 'http://mirror.example.com').origin).toBe('http://mirror.example.com');
  });

  it('splits a name under a registry URL at the URL, and looks a bare name up below its path', () => {
    expect(resolve('ghcr.io/org/charts/podinfo', 'oci://ghcr.io/org/charts')).toEqual({
      origin: 'https://ghcr.io',
      registry: 'ghcr.io',
      repository: 'org/charts/podinfo',
      dockerHub: false,
    });
    expect(resolve('podinfo', 'oci://registry.lan/charts')).toEqual({
      origin: 'http://registry.lan',
      registry: 'registry.lan',
      repository: 'charts/podinfo',
      dockerHub: false,
    });
    expect(resolve('quay.io/org/app', 'https://registry.lan')).toMatchObject({ registry: 'quay.io', repository: 'org/app' });
    expect(resolve('nginx', 'https://index.docker.io')).toEqual(hub('library/nginx'));
  });

  it('refuses what is not an image name', () => {
    expect(() => resolve('Not An Image')).toThrow(InputError);
    expect(() => resolve('ghcr.io/Org/App')).toThrow('"ghcr.io/Org/App" is not an image name: repository name must be lowercase: "Org/App"');
  });
});
