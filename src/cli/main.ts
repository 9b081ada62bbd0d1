#!/usr/bin/env node
/** The `upkeep` command line. One file per command under src/cli/. */
import { readFileSync } from 'node:fs';
import module from 'node:module';
import { Command } from 'commander';
import { InputError } from '../util/errors.js';
import { printError } from './output.js';

// Each command's module is loaded only when that command runs: loading all of them (YAML, zod schemas,
// presets, HTTP) costs most of a short command's start-up. Node 22.1+ keeps the compiled code of those
// modules on disk between runs (a CronJob runs the same code every time); Node 20 has no such cache.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const program = new Command();
// The version is package.json's, read beside the built code (dist/cli/main.js → package.json).
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
program
  .name('upkeep')
  .description('Keeps the container images and Helm charts of a GitOps repository up to date.')
  .version(version, '-V, --version', 'print the version');

program
  .command('extract')
  .description('List every image and Helm chart reference in a repository')
  .argument('[dir]', 'repository directory', '.')
  .option('--json', 'print {"deps": [...]} as JSON')
  .action(async (dir: string, options: { json?: boolean }) => {
    process.exitCode = await (await import('./extract.js')).runExtract(dir, options);
  });

program
  .command('lookup')
  .description('List every dep with the updates it should get (asks the registries)')
  .argument('[dir]', 'repository directory', '.')
  .option('--json', 'print {"deps": [...]} as JSON')
  .option('--config <file>', 'global (operator) config: hostRules, registryAliases (default: $UPKEEP_CONFIG)')
  .option('--base-branch <name>', 'the base branch the directory stands for, for matchBaseBranches (default: its git branch)')
  .action(async (dir: string, options: { json?: boolean; config?: string; baseBranch?: string }) => {
    process.exitCode = await (await import('./lookup.js')).runLookup(dir, options);
  });

program
  .command('run')
  .description(
    'Run Upkeep: on forge repositories (OWNER/REPO…), or on a directory with --platform local --dry-run. Exit 0 done, 1 a repository failed or its config has errors, 2 usage error',
  )
  .argument('[targets...]', "OWNER/REPO for a forge (default: the global config's repositories), or one directory for --platform local (default .)")
  .option('--platform <platform>', "gitea, github, gitlab or local (default: the global config's platform, else local)")
  .option('--endpoint <url>', 'the forge API (default: the global config or UPKEEP_ENDPOINT; github: https://api.github.com)')
  .option('--git-author <author>', 'commit author, "Name <email>" (default: the bot account)')
  .option('--cache-dir <dir>', "keep each repository's clone here between runs and only fetch what changed (default: a temporary clone, removed)")
  .option(
    '--log-format <format>',
    'on a forge: text (summaries and a table) or json (one log entry per repository); default text on a terminal, json otherwise',
  )
  .option('--dry-run', 'read everything, write nothing: the report says what each branch and PR would get')
  .option('--report <file>', 'write the JSON report to this file')
  .option('--config <file>', 'global (operator) config (default: $UPKEEP_CONFIG)')
  .option('--base-branch <name>', 'the base branch the directory stands for (default: its git branch)')
  .option('--repository <owner/name>', "--platform local: the directory's repository, for presets that name it (default: from its origin remote)")
  .action(
    async (
      targets: string[],
      options: {
        platform?: string;
        endpoint?: string;
        gitAuthor?: string;
        cacheDir?: string;
        logFormat?: string;
        dryRun?: boolean;
        report?: string;
        config?: string;
        baseBranch?: string;
        repository?: string;
      },
    ) => {
      process.exitCode = await (await import('./run.js')).runRun(targets, options);
    },
  );

program
  .command('worker')
  .description('Run repositories from the upkeep queue on Redis (REDIS_URL) until SIGTERM; the current jobs finish within --grace')
  .option('--config <file>', 'global (operator) config (default: $UPKEEP_CONFIG)')
  .option('--endpoint <url>', 'the forge API for forge jobs (default: the global config or UPKEEP_ENDPOINT)')
  .option('--dry-run', 'forge jobs read everything and write nothing (local jobs always do)')
  .option('--report-dir <dir>', "write each job's report to DIR/<repository slug>.json")
  .option('--concurrency <n>', 'repositories at once in this worker (default 1)')
  .option('--grace <seconds>', 'on SIGTERM, how long the current jobs may take to finish (default 60)')
  .option('--git-author <author>', 'commit author, "Name <email>" (default: the bot account)')
  .option('--cache-dir <dir>', "keep each repository's clone here between jobs")
  .option('--lock-duration <ms>', "how long a job's lock lasts without renewal: how soon a dead worker's job is taken over (default 30000)")
  .option('--stalled-interval <ms>', 'how often to look for jobs whose worker died (default 30000)')
  .action(async (options: Record<string, string | boolean | undefined>) => {
    process.exitCode = await (await import('./queue-commands.js')).runWorker(options);
  });

program
  .command('enqueue')
  .description('Queue repositories to run now (OWNER/REPO, or directories with --platform local); one job per repository at most')
  .argument('[targets...]', "OWNER/REPO, or directories with --platform local (default: the global config's repositories)")
  .option('--platform <platform>', "gitea, github, gitlab or local (default: the global config's platform, else local)")
  .option('--config <file>', 'global (operator) config (default: $UPKEEP_CONFIG)')
  .action(async (targets: string[], options: { platform?: string; config?: string }) => {
    process.exitCode = await (await import('./queue-commands.js')).runEnqueue(targets, options);
  });

program
  .command('schedule')
  .description('Keep one job scheduler per repository on its cron pattern (scheduleCron, repositorySchedules); repositories that are gone lose theirs')
  .argument('[targets...]', "OWNER/REPO, or directories with --platform local (default: the global config's repositories, else autodiscover)")
  .option('--platform <platform>', "gitea, github, gitlab or local (default: the global config's platform, else local)")
  .option('--config <file>', 'global (operator) config (default: $UPKEEP_CONFIG)')
  .option('--endpoint <url>', 'the forge API (default: the global config or UPKEEP_ENDPOINT)')
  .option('--once', 'sync the schedulers and exit (default: sync again every --resync minutes until SIGTERM)')
  .option('--resync <minutes>', 'how often to look for new and removed repositories (default 60)')
  .action(async (targets: string[], options: Record<string, string | boolean | undefined>) => {
    process.exitCode = await (await import('./queue-commands.js')).runSchedule(targets, options);
  });

program
  .command('serve')
  .description('Serve the status page (/), /healthz, /readyz (Redis answers) and /metrics (Prometheus) from Redis (REDIS_URL)')
  .option('--port <n>', 'port to listen on (default 8080)')
  .option('--host <address>', 'address to listen on (default all)')
  .option('--config <file>', 'global (operator) config (default: $UPKEEP_CONFIG)')
  .action(async (options: { port?: string; host?: string; config?: string }) => {
    process.exitCode = await (await import('./queue-commands.js')).runServe(options);
  });

program
  .command('validate')
  .description('Check a repository config (FILE, or the one found in the current directory): every problem, one line each')
  .argument('[file]', 'config file (default: upkeep.json, renovate.json, … in the current directory)')
  .option('--repository <owner/name>', 'the repository the config is in, for presets that name it (default: from the origin remote)')
  .option(
    '--fetch-presets',
    "read presets of other repositories through their forges (the global config's endpoints and tokens); without it they are listed as not checked",
  )
  .option('--config <file>', 'global (operator) config, for --fetch-presets (default: $UPKEEP_CONFIG)')
  .action(async (file: string | undefined, options: { repository?: string; fetchPresets?: boolean; config?: string }) => {
    process.exitCode = await (await import('./validate.js')).runValidate(file, process.cwd(), options);
  });

program
  .command('explain')
  .description('Say, for one dep, what was found and why it is or is not being updated')
  .usage('[dir] <dep> [options]')
  .argument('<dir-and-dep...>', '[dir] (default .) and a dep name (or the end of one: nginx, cert-manager)')
  .option('--config <file>', 'global (operator) config (default: $UPKEEP_CONFIG)')
  .option('--base-branch <name>', 'the base branch the directory stands for (default: its git branch)')
  .action(async (args: string[], options: { config?: string; baseBranch?: string }) => {
    if (args.length > 2) throw new InputError(`explain takes [dir] and one dep, got ${args.length} arguments`);
    const [dir, dep] = args.length === 2 ? [args[0]!, args[1]!] : ['.', args[0]!];
    process.exitCode = await (await import('./explain.js')).runExplain(dir, dep, options);
  });

// Exit 2 for what the operator must fix before anything can run (a bad global config, a bad option);
// 1 for a failure while running.
program.parseAsync(process.argv).catch((err: unknown) => {
  printError(`upkeep: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = err instanceof InputError ? 2 : 1;
});
