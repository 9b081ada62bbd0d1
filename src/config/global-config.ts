/**
 * The operator's (global) config: platform, endpoint, token, host rules, registry aliases, Redis. It
 * comes from a JSON file (`--config FILE` or `UPKEEP_CONFIG`) and the environment — never from a
 * repository, so a repository cannot point credentials at a host of its choosing.
 */
import { readFile, stat } from 'node:fs/promises';
import * as z from './zod.js';
import type { HostRule } from '../http/host-rules.js';
import { InputError } from '../util/errors.js';
import { MAX_CONFIG_SIZE } from './discover.js';

const hostRuleSchema = z
  .object({
    hostType: z.string().optional(),
    matchHost: z.string().optional(),
    username: z.string().optional(),
    password: z.string().optional(),
    token: z.string().optional(),
    authType: z.string().optional(),
    insecureRegistry: z.boolean().optional(),
    concurrentRequestLimit: z.number().int().positive().optional(),
    timeout: z.number().int().positive().optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

export const globalConfigSchema = z
  .object({
    platform: z.enum(['github', 'gitea', 'gitlab', 'local']).optional(),
    endpoint: z.string().optional(),
    token: z.string().optional(),
    hostRules: z.array(hostRuleSchema).optional(),
    registryAliases: z.record(z.string(), z.string()).optional(),
    redisUrl: z.string().optional(),
    repositories: z.array(z.string()).optional(),
    autodiscover: z.boolean().optional(),
    autodiscoverFilter: z.union([z.string(), z.array(z.string())]).optional(),
    repositoryConcurrency: z.number().int().positive().max(64).optional(),
    scheduleCron: z.string().optional(),
    scheduleTimezone: z.string().optional(),
    repositorySchedules: z.record(z.string(), z.string()).optional(),
    presetEndpoints: z
      .object({ github: z.url().optional(), gitlab: z.url().optional(), gitea: z.url().optional(), forgejo: z.url().optional() })
      .strict()
      .optional(),
  })
  .strict();

export interface GlobalConfig {
  platform?: 'github' | 'gitea' | 'gitlab' | 'local';
  endpoint?: string;
  token?: string;
  hostRules: HostRule[];
  registryAliases: Record<string, string>;
  redisUrl?: string;
  repositories?: string[];
  /** Renovate's `autodiscover`: every repository the bot can write to, when none are named. */
  autodiscover?: boolean;
  /** Renovate's `autodiscoverFilter`: globs or `/regex/` on `owner/name`, `!` negates. */
  autodiscoverFilter?: string | string[];
  /** Repositories processed at once by `upkeep run` (default 2). */
  repositoryConcurrency?: number;
  /** `upkeep schedule`: the cron pattern each repository runs on (default hourly, `0 * * * *`). */
  scheduleCron?: string;
  /** `upkeep schedule`: the patterns' time zone (default UTC). */
  scheduleTimezone?: string;
  /** `upkeep schedule`: a repository's own pattern, by `owner/name` (or directory path). */
  repositorySchedules?: Record<string, string>;
  /**
   * API endpoints for `github>`, `gitlab>`, `gitea>`, `forgejo>` presets when they are not on the forge
   * the run is on (default: the public forge of that kind; a self-hosted GitLab or GHES goes here).
   */
  presetEndpoints?: Partial<Record<'github' | 'gitlab' | 'gitea' | 'forgejo', string>>;
}

/** One line per problem, naming where it is (`file: hostRules[1].matchHost: …`). */
function formatIssues(where: string, error: z.ZodError): string {
  return error.issues.map((issue) => `${where}: ${issue.path.length > 0 ? `${formatPath(issue.path)}: ` : ''}${issue.message}`).join('; ');
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

export function parseGlobalConfig(value: unknown, where: string): GlobalConfig {
  const parsed = globalConfigSchema.safeParse(value);
  if (!parsed.success) throw new InputError(formatIssues(where, parsed.error));
  // A credential without matchHost would be sent to any host a repository names (a workflow's
  // `uses: https://elsewhere/…`): every rule that carries one must say where it may go.
  for (const [i, rule] of (parsed.data.hostRules ?? []).entries()) {
    if ((rule.token || rule.password) && !rule.matchHost?.trim()) {
      throw new InputError(`${where}: hostRules[${i}]: a rule with a token or password needs matchHost`);
    }
  }
  return { ...parsed.data, hostRules: parsed.data.hostRules ?? [], registryAliases: parsed.data.registryAliases ?? {} };
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    // One size limit and one message for every config file (repository, preset, global).
    if ((await stat(path)).size > MAX_CONFIG_SIZE) throw new InputError(`${path}: is larger than ${MAX_CONFIG_SIZE / 1024} KiB: not read`);
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${path}: cannot read the config file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(`${path}: not valid JSON: ${(err as Error).message}`);
  }
}

/** The global config from `file` (or `UPKEEP_CONFIG`) and the environment; the environment wins. */
export async function loadGlobalConfig(file: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<GlobalConfig> {
  const path = file ?? env.UPKEEP_CONFIG;
  const config = path ? parseGlobalConfig(await readJson(path), path) : parseGlobalConfig({}, 'defaults');
  if (env.UPKEEP_PLATFORM) config.platform = parseGlobalConfig({ platform: env.UPKEEP_PLATFORM }, 'UPKEEP_PLATFORM').platform;
  if (env.UPKEEP_ENDPOINT) config.endpoint = env.UPKEEP_ENDPOINT;
  if (env.UPKEEP_TOKEN) config.token = env.UPKEEP_TOKEN;
  if (env.REDIS_URL) config.redisUrl = env.REDIS_URL;
  if (env.UPKEEP_AUTODISCOVER) {
    if (env.UPKEEP_AUTODISCOVER !== 'true' && env.UPKEEP_AUTODISCOVER !== 'false')
      throw new InputError(`UPKEEP_AUTODISCOVER: "${env.UPKEEP_AUTODISCOVER.slice(0, 20)}" is not true or false`);
    config.autodiscover = env.UPKEEP_AUTODISCOVER === 'true';
  }
  if (env.UPKEEP_AUTODISCOVER_FILTER)
    config.autodiscoverFilter = env.UPKEEP_AUTODISCOVER_FILTER.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (env.UPKEEP_HOST_RULES) {
    let rules: unknown;
    try {
      rules = JSON.parse(env.UPKEEP_HOST_RULES);
    } catch (err) {
      throw new InputError(`UPKEEP_HOST_RULES: not valid JSON: ${(err as Error).message}`);
    }
    config.hostRules.push(...parseGlobalConfig({ hostRules: rules }, 'UPKEEP_HOST_RULES').hostRules);
  }
  return config;
}
