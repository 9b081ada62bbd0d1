#!/usr/bin/env node
/** The `upkeep` command line. One file per command under src/cli/. */
import { Command } from 'commander';
import { runExtract } from './extract.js';
import { runLookup } from './lookup.js';
import { runValidate } from './validate.js';

const program = new Command();
program.name('upkeep').description('Keeps the container images and Helm charts of a GitOps repository up to date.');

program
  .command('extract')
  .description('List every image and Helm chart reference in a repository')
  .argument('[dir]', 'repository directory', '.')
  .option('--json', 'print {"deps": [...]} as JSON')
  .action(async (dir: string, options: { json?: boolean }) => {
    process.exitCode = await runExtract(dir, options);
  });

program
  .command('lookup')
  .description('List every dep with the updates it should get (asks the registries)')
  .argument('[dir]', 'repository directory', '.')
  .option('--json', 'print {"deps": [...]} as JSON')
  .option('--config <file>', 'global (operator) config: hostRules, registryAliases (default: $UPKEEP_CONFIG)')
  .action(async (dir: string, options: { json?: boolean; config?: string }) => {
    process.exitCode = await runLookup(dir, options);
  });

program
  .command('validate')
  .description('Check a repository config (FILE, or the one found in the current directory): every problem, one line each')
  .argument('[file]', 'config file (default: upkeep.json, renovate.json, … in the current directory)')
  .action(async (file: string | undefined) => {
    process.exitCode = await runValidate(file);
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`upkeep: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
