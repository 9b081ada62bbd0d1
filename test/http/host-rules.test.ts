import { describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/http/client.js';
import { findHostRule, secretsOf, type HostRule } from '../../src/http/host-rules.js';

describe('findHostRule: which rules match a request', () => {
  it('matches a URL matchHost as a prefix of the request URL', () => {
    const rules: HostRule[] = [{ matchHost: 'https://charts.example.com/private', token: 'private-token' }];
    expect(findHostRule(rules, 'https://charts.example.com/private/index.yaml')).toEqual({ token: 'private-token' });
    expect(findHostRule(rules, 'https://charts.example.com/public/index.yaml')).toEqual({});
    expect(findHostRule(rules, 'http://charts.example.com/private/index.yaml')).toEqual({});
  });

  it('matches a host name with or without the request’s port, and a host:port only on that port', () => {
    const byName: HostRule[] = [{ matchHost: 'registry.example.com', username: 'u', password: 'p' }];
    expect(findHostRule(byName, 'https://registry.example.com/v2/')).toEqual({ username: 'u', password: 'p' });
    expect(findHostRule(byName, 'https://registry.example.com:5000/v2/')).toEqual({ username: 'u', password: 'p' });
    expect(findHostRule(byName, 'https://registry.example.org/v2/')).toEqual({});
    expect(findHostRule(byName, 'https://evilregistry.example.com/v2/')).toEqual({});
    const byPort: HostRule[] = [{ matchHost: '127.0.0.1:5000', insecureRegistry: true }];
    expect(findHostRule(byPort, 'http://127.0.0.1:5000/v2/')).toEqual({ insecureRegistry: true });
    expect(findHostRule(byPort, 'http://127.0.0.1:5001/v2/')).toEqual({});
  });

  it('lets a host name cover its subdomains on whole labels, as Renovate does (not with a port)', () => {
    const rules: HostRule[] = [{ matchHost: 'github.com', token: 'gh' }];
    expect(findHostRule(rules, 'https://api.github.com/repos/o/r/tags')).toEqual({ token: 'gh' });
    expect(findHostRule(rules, 'https://evilgithub.com/x')).toEqual({});
    expect(findHostRule(rules, 'https://github.com.evil.org/x')).toEqual({});
    const withPort: HostRule[] = [{ matchHost: 'registry.lan:5000', insecureRegistry: true }];
    expect(findHostRule(withPort, 'http://eu.registry.lan:5000/v2/')).toEqual({});
  });

  it('matches a domain written `*.domain` or `.domain` on its subdomains', () => {
    const wildcard: HostRule[] = [{ matchHost: '*.example.com', token: 't' }];
    expect(findHostRule(wildcard, 'https://a.example.com/x')).toEqual({ token: 't' });
    expect(findHostRule(wildcard, 'https://a.b.example.com:8443/x')).toEqual({ token: 't' });
    expect(findHostRule(wildcard, 'https://notexample.com/x')).toEqual({});
    expect(findHostRule(wildcard, 'https://example.com.evil.org/x')).toEqual({});
    const dotted: HostRule[] = [{ matchHost: '.example.com', token: 't' }];
    expect(findHostRule(dotted, 'https://registry.example.com/x')).toEqual({ token: 't' });
  });

  it('applies a rule with a hostType only to requests of that type', () => {
    const rules: HostRule[] = [
      { hostType: 'docker', matchHost: 'ghcr.io', token: 'docker-token' },
      { hostType: 'helm', token: 'helm-token' },
    ];
    expect(findHostRule(rules, 'https://ghcr.io/v2/', 'docker')).toEqual({ hostType: 'docker', token: 'docker-token' });
    expect(findHostRule(rules, 'https://ghcr.io/v2/', 'github')).toEqual({});
    expect(findHostRule(rules, 'https://ghcr.io/v2/')).toEqual({});
    expect(findHostRule(rules, 'https://charts.example.com/index.yaml', 'helm')).toEqual({ hostType: 'helm', token: 'helm-token' });
  });

  it('merges every matching rule, least specific first: none < hostType < matchHost < both, then the longer matchHost', () => {
    const rules: HostRule[] = [
      { hostType: 'docker', matchHost: 'registry.example.com', username: 'both', timeout: 4 },
      { matchHost: 'https://registry.example.com/v2/team', username: 'longer-url', concurrentRequestLimit: 2 },
      { matchHost: 'registry.example.com', username: 'host', password: 'host-pass' },
      { hostType: 'docker', username: 'type', insecureRegistry: false },
      { timeout: 1, username: 'none' },
    ];
    expect(findHostRule(rules, 'https://registry.example.com/v2/team/app/tags/list', 'docker')).toEqual({
      hostType: 'docker',
      username: 'both',
      password: 'host-pass',
      timeout: 4,
      insecureRegistry: false,
      concurrentRequestLimit: 2,
    });
    // Without the type, the typed rules drop out and the longer matchHost wins among host-only rules.
    expect(findHostRule(rules, 'https://registry.example.com/v2/team/app/tags/list')).toEqual({
      username: 'longer-url',
      password: 'host-pass',
      timeout: 1,
      concurrentRequestLimit: 2,
    });
    // Same rank and length: the later rule wins.
    expect(
      findHostRule(
        [
          { matchHost: 'a.io', token: 'first' },
          { matchHost: 'a.io', token: 'second' },
        ],
        'https://a.io/',
      ),
    ).toEqual({ token: 'second' });
  });

  it('treats Docker Hub’s names as one host, for host names and URLs', () => {
    const rules: HostRule[] = [{ hostType: 'docker', matchHost: 'docker.io', username: 'hub-user', password: 'hub-pass' }];
    for (const url of [
      'https://registry-1.docker.io/v2/library/nginx/tags/list',
      'https://index.docker.io/v2/',
      'https://hub.docker.com/v2/repositories/library/nginx/tags',
      'https://docker.io/v2/',
    ]) {
      expect(findHostRule(rules, url, 'docker')).toEqual({ hostType: 'docker', username: 'hub-user', password: 'hub-pass' });
    }
    expect(findHostRule(rules, 'https://ghcr.io/v2/', 'docker')).toEqual({});
    expect(findHostRule(rules, 'https://docker.io.evil.org/v2/', 'docker')).toEqual({});
    const byUrl: HostRule[] = [{ matchHost: 'https://index.docker.io', token: 'hub-token' }];
    expect(findHostRule(byUrl, 'https://registry-1.docker.io/v2/library/node/manifests/20')).toEqual({ token: 'hub-token' });
  });

  it('is what HttpClient.hostRule answers', () => {
    const http = new HttpClient({ hostRules: [{ hostType: 'helm', matchHost: 'charts.example.com', timeout: 1234 }] });
    expect(http.hostRule('https://charts.example.com/index.yaml', 'helm')).toEqual({ hostType: 'helm', timeout: 1234 });
  });
});

describe('secretsOf', () => {
  it('lists passwords, tokens and the Basic credential made from them', () => {
    const rules: HostRule[] = [
      { matchHost: 'a.io', username: 'bot', password: 'pw-123456' },
      { token: 'tok-abcdef' },
      { matchHost: 'b.io', username: 'only-user' },
    ];
    expect(secretsOf(rules)).toEqual(['pw-123456', Buffer.from('bot:pw-123456').toString('base64'), 'tok-abcdef']);
  });
});
