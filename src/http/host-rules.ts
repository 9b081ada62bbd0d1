/**
 * Host rules in Renovate's shape: which credentials and settings apply to a request's URL.
 * Rules come from the operator's global config only, never from a repository.
 */
import { DOCKER_HUB_ALIASES } from '../images/docker-hub.js';

export interface HostRule {
  hostType?: string;
  /** A URL (prefix match), or a host name (that host and its subdomains; `*.example.com` / `.example.com` alike). */
  matchHost?: string;
  username?: string;
  password?: string;
  token?: string;
  /** Authorization scheme for `token` (default `Bearer`). */
  authType?: string;
  /** Plain http for a registry (e.g. one on 127.0.0.1:5000). */
  insecureRegistry?: boolean;
  /** Requests in flight at once to this host. */
  concurrentRequestLimit?: number;
  /** Request timeout in milliseconds. */
  timeout?: number;
  enabled?: boolean;
}

/** Docker Hub answers under several names; a rule for one of them applies to all (and to its API host). */
const DOCKER_HUB_HOSTS = new Set([...DOCKER_HUB_ALIASES, 'hub.docker.com']);

function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url.toLowerCase();
  }
}

function sameHostName(ruleHost: string, host: string): boolean {
  if (ruleHost === host) return true;
  // `docker.io` without a port matches any Docker Hub name.
  return DOCKER_HUB_HOSTS.has(ruleHost) && DOCKER_HUB_HOSTS.has(host);
}

function matches(rule: HostRule, url: string, hostType: string | undefined): boolean {
  if (rule.hostType && hostType && rule.hostType !== hostType) return false;
  if (rule.hostType && !hostType) return false;
  const m = rule.matchHost?.trim();
  if (!m) return true;
  const host = hostOf(url);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(m)) {
    if (url.startsWith(m)) return true;
    return DOCKER_HUB_HOSTS.has(hostOf(m)) && DOCKER_HUB_HOSTS.has(host);
  }
  // A host name matches itself and its subdomains, on whole labels (Renovate: `github.com` covers
  // `api.github.com`, not `evilgithub.com`); `*.` and a leading `.` mean the same.
  const ruleHost = m.toLowerCase().replace(/^\*\./, '.');
  const bare = host.replace(/:\d+$/, '');
  if (ruleHost.startsWith('.')) return bare.endsWith(ruleHost) || bare === ruleHost.slice(1);
  if (sameHostName(ruleHost, host) || sameHostName(ruleHost, bare)) return true;
  return !ruleHost.includes(':') && bare.endsWith(`.${ruleHost}`);
}

/** How specific a rule is: more specific rules are merged later and win. */
function rank(rule: HostRule): number {
  return (rule.hostType ? 1 : 0) + (rule.matchHost ? 2 : 0);
}

/** The merged rule for a request: every matching rule, least specific first, later ones winning. */
export function findHostRule(rules: readonly HostRule[], url: string, hostType?: string): HostRule {
  const matching = rules
    .map((rule, index) => ({ rule, index }))
    .filter(({ rule }) => matches(rule, url, hostType))
    .sort((a, b) => rank(a.rule) - rank(b.rule) || (a.rule.matchHost?.length ?? 0) - (b.rule.matchHost?.length ?? 0) || a.index - b.index);
  const merged: HostRule = {};
  for (const { rule } of matching) Object.assign(merged, rule);
  delete merged.matchHost;
  return merged;
}

/** Every secret in the rules, for redaction. */
export function secretsOf(rules: readonly HostRule[]): string[] {
  const secrets: string[] = [];
  for (const rule of rules) {
    for (const value of [rule.password, rule.token]) if (value) secrets.push(value);
    if (rule.username && rule.password) secrets.push(Buffer.from(`${rule.username}:${rule.password}`).toString('base64'));
  }
  return secrets;
}
