/**
 * What every forge's test world offers (Gitea, GitHub, GitLab): a fake forge on a git-backed ForgeModel
 * (real git over HTTP, every API call validated against the forge's description), the adapter pointed at
 * it with a random canary token, and `acme/app` with the bot as a writer. Tests that run the same
 * scenario on every forge (test/repo/lib/forge-run-scenarios.ts) take a `ForgeWorld` from one of the factories.
 */
import type { HttpClient } from '../../src/http/client.js';
import type { Platform, PlatformId, RepoPlatform } from '../../src/platforms/types.js';
import type { ForgeModel, RepoOptions } from '../fakes/forge-model/index.js';

export const BOT = 'upkeep-bot';
export const REPO = 'acme/app';

export interface FakeForge {
  readonly model: ForgeModel;
  readonly server: { readonly url: string; assertNoViolations(): void };
  /** API requests as the fake saw them (path with query, Authorization header). */
  readonly requests: ReadonlyArray<{ method: string; path: string; authorization?: string | undefined }>;
}

export interface ForgeWorld {
  readonly forge: PlatformId;
  readonly fake: FakeForge;
  readonly platform: Platform;
  /** The bot's token: a fresh random canary per world. */
  readonly token: string;
  readonly http: HttpClient;
  /** The adapter for `acme/app`. */
  repo(): Promise<RepoPlatform>;
  /** The bot pushes a branch (from the default branch) changing `files`; returns the head sha. */
  botBranch(branch: string, files?: Record<string, string>): Promise<string>;
  close(): Promise<void>;
}

export interface WorldOptions {
  repo?: RepoOptions;
  /** The server version the fake plays (Gitea `1.25.0`, GitLab `17.11.0`); the newest when absent. */
  version?: string;
}
