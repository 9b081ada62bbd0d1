/**
 * The datasource plug-in contract: what exists for a package (tags, chart versions, digests), asked
 * through the shared HTTP client and cache.
 */
import type { DatasourceId } from '../deps/dep.js';
import type { Cache } from '../http/cache.js';
import type { HttpClient } from '../http/client.js';
import type { Clock } from '../util/clock.js';

export interface Release {
  version: string;
  /** For Helm charts and git tags: the digest/commit the version points at. */
  digest?: string;
  /** ISO 8601, when the registry tells. */
  releaseTimestamp?: string;
  isDeprecated?: boolean;
  /** False when the registry marks the release a pre-release (a GitHub release, a custom datasource), whatever its version looks like. */
  isStable?: boolean;
  /** Helm charts: the version of the application the chart packages. */
  appVersion?: string;
}

export interface ReleaseResult {
  releases: Release[];
  sourceUrl?: string;
  homepage?: string;
  /** The registry that answered (after aliases and defaults). */
  registryUrl?: string;
  /** One line each: what the caller should know although the lookup worked (a tag list cut short, …). */
  warnings?: string[];
}

export interface PackageRef {
  /** What to look up: an image name, a chart name, `owner/repo`, a git URL. */
  packageName: string;
  /** Helm repository URL, Gitea base URL, … when the package needs one. */
  registryUrl?: string;
  /** The value as written (custom datasources' URL templates read it). */
  currentValue?: string;
}

/** What a pinned digest stands for: a multi-platform index, or one platform's manifest. */
export interface DigestInfo {
  kind: 'index' | 'manifest';
  /** `linux/amd64`, `linux/arm64`, … (for an index: its platforms; for a manifest: its own, when known). */
  platforms: string[];
}

export interface DatasourceContext {
  http: HttpClient;
  /** The run's clock: token expiry, rate-limit windows and cache freshness are judged by it. */
  clock: Clock;
  /** Long-lived answers (tag lists, anything addressed by digest): in process or Redis, shared across runs. */
  cache: Cache;
  /**
   * Answers that may change between runs but not within one — the digest a mutable tag (`latest`, `1.25`)
   * points at. Create one in-process `Cache` per run; never a shared store. Without it such answers are
   * only shared by concurrent callers.
   */
  runCache?: Cache;
  /**
   * Where a datasource looks when a dep names no registry: e.g. the operator's GitHub Enterprise API for
   * github-tags, their Gitea for gitea-tags (from the global config's platform endpoint).
   */
  defaultRegistryUrls?: Partial<Record<DatasourceId, string>>;
}

export interface Datasource {
  readonly id: DatasourceId;
  /** Versioning scheme used when neither manager nor config says. */
  readonly defaultVersioning: string;
  getReleases(pkg: PackageRef, ctx: DatasourceContext): Promise<ReleaseResult | null>;
  /** The digest `tag` points at now (for images: what `docker pull` would fetch). */
  getDigest?(pkg: PackageRef, tag: string, ctx: DatasourceContext): Promise<string | null>;
  /** What a digest is (index or single-platform manifest). */
  getDigestInfo?(pkg: PackageRef, digest: string, ctx: DatasourceContext): Promise<DigestInfo | null>;
  /** When `version` was published, for `minimumReleaseAge` (asked only for the few candidates that need it). */
  getReleaseTimestamp?(pkg: PackageRef, version: string, ctx: DatasourceContext): Promise<string | null>;
}
