/** Docker Hub's names. `docker pull nginx` and `docker pull index.docker.io/library/nginx` are one image. */
export const DOCKER_HUB = 'docker.io';

/** Host names that all mean Docker Hub (for credentials, caching and lookups). */
export const DOCKER_HUB_ALIASES: ReadonlySet<string> = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

export function isDockerHub(registry: string): boolean {
  return DOCKER_HUB_ALIASES.has(registry.toLowerCase());
}
