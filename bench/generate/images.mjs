/** Image references in the forms people write them: tag, tag@digest, digest only, variables. */
import { OWN_REGISTRIES, PUBLIC_IMAGES, SIDECAR_IMAGES } from './catalog.mjs';
import { Random } from './random.mjs';

export function semver(rng, { v = false } = {}) {
  const version = `${rng.int(0, 4)}.${rng.int(0, 24)}.${rng.int(0, 15)}`;
  return v ? `v${version}` : version;
}

export function refString({ name, tag, digest }) {
  return `${name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
}

/**
 * A third-party image. About one in six is pinned to a digest (`tag@sha256:…`), the form Renovate's
 * `docker:pinDigests` preset writes.
 */
export function publicImage(rng, list = PUBLIC_IMAGES) {
  const [name, tags] = rng.pick(list);
  const tag = rng.pick(tags);
  const digest = rng.chance(0.17) ? rng.digest() : undefined;
  return { name, tag, digest };
}

export function sidecarImage(rng) {
  return publicImage(rng, SIDECAR_IMAGES);
}

/** The organisation's own image for an app (`ghcr.io/acme-corp/billing-api:1.4.2`, …). */
export function ownImage(rng, app) {
  // The registry belongs to the app, so its Deployment, kustomization and overlays agree.
  const registry = new Random(`registry:${app}`).weighted(OWN_REGISTRIES);
  const name = `${registry}/${app}`;
  const form = rng.weighted([
    [70, 'tag'],
    [14, 'tag+digest'],
    [4, 'digest'],
    [3, 'latest'],
    [2, 'none'],
    [4, 'variable'],
    [3, 'sha-tag'],
  ]);
  switch (form) {
    case 'tag+digest':
      return { name, tag: semver(rng, { v: rng.chance(0.3) }), digest: rng.digest() };
    case 'digest':
      return { name, digest: rng.digest() };
    case 'latest':
      return { name, tag: 'latest' };
    case 'none':
      return { name };
    case 'variable':
      // Flux postBuild substitution / envsubst in CI: left to the deployment pipeline.
      return { name, tag: '${APP_VERSION}' };
    case 'sha-tag':
      return { name, tag: `main-${rng.hex(7)}` };
    default:
      return { name, tag: semver(rng, { v: rng.chance(0.3) }) };
  }
}

/** The value of an `image:` key, quoted the way people do it. */
export function quoteValue(rng, text) {
  return rng.weighted([
    [75, text],
    [18, `"${text}"`],
    [7, `'${text}'`],
  ]);
}
