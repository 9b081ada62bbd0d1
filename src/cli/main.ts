#!/usr/bin/env node
/** The `upkeep` command line. One file per command under src/cli/. */
import { Command } from 'commander';
import { runExtract } from './extract.js';

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

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`upkeep: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
