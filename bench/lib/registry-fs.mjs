/**
 * Writes the on-disk layout of a distribution v2 registry (the `filesystem` storage driver) directly,
 * so a benchmark can have 60,000 tags in seconds instead of minutes of API pushes. The registry then
 * serves them as if they had been pushed:
 *
 *   <root>/docker/registry/v2/blobs/sha256/<2 hex>/<hex>/data                      content (blobs and manifests)
 *   <root>/docker/registry/v2/repositories/<repo>/_layers/sha256/<hex>/link         blob linked to the repository
 *   <root>/docker/registry/v2/repositories/<repo>/_manifests/revisions/sha256/<hex>/link   manifest in the repository
 *   <root>/docker/registry/v2/repositories/<repo>/_manifests/tags/<tag>/current/link       what the tag points at
 *   <root>/docker/registry/v2/repositories/<repo>/_manifests/tags/<tag>/index/sha256/<hex>/link  every digest the tag had
 *
 * Every link file holds `sha256:<hex>`. Blobs are content-addressed, so writing one twice is a no-op.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const sha256 = (bytes) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

export class RegistryFs {
  /** @param {string} root the driver's `rootdirectory` */
  constructor(root) {
    this.v2 = join(root, 'docker', 'registry', 'v2');
    this.blobsWritten = new Set();
    this.files = 0;
  }

  #write(path, content) {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
    this.files++;
  }

  #link(path, digest) {
    this.#write(path, digest);
  }

  #repo(repository, ...parts) {
    return join(this.v2, 'repositories', repository, ...parts);
  }

  /** Store content in the global blob store; returns its digest. */
  blob(bytes) {
    const digest = sha256(bytes);
    if (!this.blobsWritten.has(digest)) {
      const hex = digest.slice(7);
      const path = join(this.v2, 'blobs', 'sha256', hex.slice(0, 2), hex, 'data');
      if (!existsSync(path)) this.#write(path, bytes);
      this.blobsWritten.add(digest);
    }
    return digest;
  }

  /** A layer or config blob of `repository` (what `GET /v2/<repo>/blobs/<digest>` serves). Returns a descriptor. */
  layer(repository, bytes, mediaType) {
    const digest = this.blob(bytes);
    this.#link(this.#repo(repository, '_layers', 'sha256', digest.slice(7), 'link'), digest);
    return { mediaType, digest, size: bytes.length };
  }

  /** A manifest (or index) of `repository`, addressable by digest; returns its descriptor fields. */
  manifest(repository, bytes, mediaType) {
    const digest = this.blob(bytes);
    this.#link(this.#repo(repository, '_manifests', 'revisions', 'sha256', digest.slice(7), 'link'), digest);
    return { mediaType, digest, size: bytes.length };
  }

  /** Point `tag` at `digest` (a manifest already written with `manifest`). */
  tag(repository, tag, digest) {
    const dir = this.#repo(repository, '_manifests', 'tags', tag);
    this.#link(join(dir, 'current', 'link'), digest);
    this.#link(join(dir, 'index', 'sha256', digest.slice(7), 'link'), digest);
  }

  /** Record that `tag` once pointed at `digest` (a re-pushed tag keeps its old revisions in its index). */
  tagHistory(repository, tag, digest) {
    this.#link(this.#repo(repository, '_manifests', 'tags', tag, 'index', 'sha256', digest.slice(7), 'link'), digest);
  }
}

/** JSON as registries store it: compact, bytes exactly as written (the digest is over these bytes). */
export const jsonBytes = (value) => Buffer.from(JSON.stringify(value));
