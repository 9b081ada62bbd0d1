/**
 * Where an image is asked for: package name (+ optional registry URL) → registry base URL and repository.
 *
 * - `nginx`, `docker.io/nginx`, `index.docker.io/library/nginx` → `https://registry-1.docker.io`, `library/nginx`
 *   (Docker Hub's names are one registry; single-name images are `library/…`).
 * - `ghcr.io/org/app` → `https://ghcr.io`, `org/app`; a port is kept (`127.0.0.1:5000/team/app`).
 * - A registry URL (`https://host/prefix`, `oci://host/prefix`): a name under it is split there; a name
 *   without a registry of its own is looked up on it, below its path (a mirror).
 * - Plain http only when the URL says `http://` or a `docker` host rule says `insecureRegistry`.
 */
import type { HostRule } from '../../http/host-rules.js';
import { DOCKER_HUB, isDockerHub } from '../../images/docker-hub.js';
import { splitRegistry, validateImageRef } from '../../images/image-ref.js';
import { InputError } from '../../util/errors.js';
import type { PackageRef } from '../types.js';

/** Docker Hub's registry API host (the one `docker pull` talks to). */
export const DOCKER_HUB_ORIGIN = 'https://registry-1.docker.io';

export interface RegistryTarget {
  /** Base URL of the registry API: `https://registry-1.docker.io`, `http://127.0.0.1:5000`. */
  origin: string;
  /** The registry as users name it (`docker.io`, `ghcr.io`, `127.0.0.1:5000`), for messages. */
  registry: string;
  /** Repository path on the registry: `library/nginx`, `org/app`. */
  repository: string;
  dockerHub: boolean;
  /** `registry/repository`: how errors name the image. */
  image: string;
  /** Cache key part: origin + repository. */
  key: string;
}

function stripScheme(url: string): { scheme?: string; rest: string } {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(url.trim());
  return m ? { scheme: m[1]!.toLowerCase(), rest: m[2]! } : { rest: url.trim() };
}

function target(registry: string, repository: string, scheme: string | undefined, hostRule: (url: string) => HostRule): RegistryTarget {
  const dockerHub = isDockerHub(registry);
  if (dockerHub) {
    const repo = repository.includes('/') ? repository : `library/${repository}`;
    return {
      origin: DOCKER_HUB_ORIGIN,
      registry: DOCKER_HUB,
      repository: repo,
      dockerHub,
      image: `${DOCKER_HUB}/${repo}`,
      key: `${DOCKER_HUB_ORIGIN}/${repo}`,
    };
  }
  const insecure = scheme === 'http' || (scheme !== 'https' && hostRule(`https://${registry}`).insecureRegistry === true);
  const origin = `${insecure ? 'http' : 'https'}://${registry}`;
  return { origin, registry, repository, dockerHub, image: `${registry}/${repository}`, key: `${origin}/${repository}` };
}

/**
 * Resolve a package. `hostRule` is `(url) => http.hostRule(url, 'docker')`. Throws InputError for a name
 * that is not an image repository.
 */
export function resolveTarget(pkg: PackageRef, hostRule: (url: string) => HostRule): RegistryTarget {
  const name = stripScheme(pkg.packageName).rest.replace(/\/+$/, '');
  const problem = validateImageRef({ name, nameStart: 0, nameEnd: name.length, end: name.length });
  if (problem) throw new InputError(`"${pkg.packageName}" is not an image name: ${problem}`);
  const own = splitRegistry(name);

  if (pkg.registryUrl) {
    const { scheme, rest } = stripScheme(pkg.registryUrl);
    const base = rest.replace(/\/+$/, '');
    const slash = base.indexOf('/');
    const host = slash < 0 ? base : base.slice(0, slash);
    const prefix = slash < 0 ? '' : base.slice(slash + 1);
    const explicitScheme = scheme === 'http' || scheme === 'https' ? scheme : undefined;
    if (host && !isDockerHub(host)) {
      if (name.startsWith(`${base}/`)) return target(host, name.slice(host.length + 1), explicitScheme, hostRule);
      if (own.registry === undefined) return target(host, prefix ? `${prefix}/${name}` : name, explicitScheme, hostRule);
    }
  }
  return target(own.registry ?? DOCKER_HUB, own.path, undefined, hostRule);
}
