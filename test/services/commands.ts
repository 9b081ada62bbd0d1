/**
 * Whether the programs the test services run are installed. Checking only: installing them is
 * `scripts/setup-test-services.sh`'s job (tests never install anything), and what a test does when one
 * is missing is decided in `require.ts`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const SETUP_SCRIPT = 'scripts/setup-test-services.sh';

/** The Debian package of each command, for messages (the setup script holds the same table). */
export const DEBIAN_PACKAGES: Record<string, string> = {
  'redis-server': 'redis-server',
  'docker-registry': 'docker-registry',
  htpasswd: 'apache2-utils',
  openssl: 'openssl',
  git: 'git',
  'git http-backend': 'git',
};

function onPath(command: string): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v "$1"', 'sh', command], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** `git http-backend` lives in git's exec path, not on PATH. */
function hasGitHttpBackend(): boolean {
  if (!onPath('git')) return false;
  try {
    const execPath = execFileSync('git', ['--exec-path'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return existsSync(join(execPath, 'git-http-backend'));
  } catch {
    return false;
  }
}

export function hasCommand(command: string): boolean {
  return command === 'git http-backend' ? hasGitHttpBackend() : onPath(command);
}

export function missingCommands(commands: string[]): string[] {
  return commands.filter((c) => !hasCommand(c));
}

/** How to get `commands`, for one-line messages. */
export function installHint(commands: string[]): string {
  const packages = [...new Set(commands.map((c) => DEBIAN_PACKAGES[c]).filter((p) => p !== undefined))];
  return `run ${SETUP_SCRIPT}${packages.length > 0 ? ` (Debian: apt-get install ${packages.join(' ')})` : ''}`;
}

/** Throws one clear line when a command is missing (services call this before spawning). */
export function assertCommands(commands: string[]): void {
  const missing = missingCommands(commands);
  if (missing.length > 0) throw new Error(`${missing.join(', ')} not installed: ${installHint(missing)}`);
}
