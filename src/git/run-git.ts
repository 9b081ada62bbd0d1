/**
 * Running the git CLI: argument arrays (never a shell), an explicit environment (no prompt, credentials
 * as an HTTP header scoped to the remote's origin through `GIT_CONFIG_*`, never in a URL, an argument or
 * a file), a timeout that ends the whole process group, a cap on output, and errors as one redacted line.
 */
import { spawn } from 'node:child_process';
import { GitError } from '../util/errors.js';
import type { Redactor } from '../util/redact.js';

export interface GitCredentials {
  username: string;
  password: string;
}

export interface GitRunner {
  (
    args: string[],
    options?: { input?: string; env?: Record<string, string>; allowFailure?: boolean },
  ): Promise<{ code: number; stdout: string; stderr: string }>;
}

export interface RunnerOptions {
  cwd: string;
  /** The remote whose origin gets the credentials (`https://git.example.com`). */
  remoteUrl?: string;
  credentials?: GitCredentials;
  redactor: Redactor;
  timeoutMs?: number;
  maxOutputBytes?: number;
}

/** The environment every git command runs with: no terminal prompt, no pager, credentials as a header. */
export function gitEnvironment(options: Pick<RunnerOptions, 'remoteUrl' | 'credentials' | 'redactor'>): Record<string, string> {
  const env: Record<string, string> = {
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    GIT_PAGER: 'cat',
    GIT_OPTIONAL_LOCKS: '0',
    LC_ALL: 'C',
  };
  const config: Array<[string, string]> = [
    // A fresh container has no global config: these make every command behave the same anywhere.
    ['advice.detachedHead', 'false'],
    ['core.quotePath', 'false'],
    ['credential.helper', ''],
  ];
  if (options.credentials && options.remoteUrl) {
    const basic = Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString('base64');
    options.redactor.add(basic);
    options.redactor.add(options.credentials.password);
    // Scoped to the remote's origin: a submodule or a redirect elsewhere never gets it.
    config.push([`http.${new URL(options.remoteUrl).origin}/.extraHeader`, `Authorization: Basic ${basic}`]);
  }
  env.GIT_CONFIG_COUNT = String(config.length);
  config.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return env;
}

export function createGitRunner(options: RunnerOptions): GitRunner {
  const baseEnv = { ...process.env, ...gitEnvironment(options) };
  const timeoutMs = options.timeoutMs ?? 120_000;
  const maxBytes = options.maxOutputBytes ?? 64 * 1024 * 1024;
  return (args, run = {}) =>
    new Promise((resolve, reject) => {
      const command = args[0] ?? '';
      const child = spawn('git', args, { cwd: options.cwd, env: { ...baseEnv, ...run.env }, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
      const out: Buffer[] = [];
      let size = 0;
      let stderr = '';
      let failure: string | undefined;
      const kill = () => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      };
      const timer = setTimeout(() => {
        failure = `timed out after ${Math.round(timeoutMs / 1000)} s`;
        kill();
      }, timeoutMs);
      child.stdout.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          failure = `more than ${maxBytes} bytes of output`;
          kill();
        } else out.push(chunk);
      });
      child.stderr.on('data', (chunk: Buffer) => {
        if (stderr.length < 16_384) stderr += chunk.toString('utf8');
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(run.input ?? '');
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(new GitError(command, `could not run git: ${err.message}`));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        const stdout = Buffer.concat(out).toString('utf8');
        if (failure) return reject(new GitError(command, failure));
        if (code !== 0 && !run.allowFailure) return reject(new GitError(command, reason(options.redactor.redact(stderr), code)));
        resolve({ code: code ?? 1, stdout, stderr: options.redactor.redact(stderr) });
      });
    });
}

/** The line of git's stderr that says what went wrong. */
function reason(stderr: string, code: number | null): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const fatal = lines.find((l) => /^(fatal|error):/.test(l)) ?? lines[lines.length - 1];
  return fatal ? fatal.replace(/^(fatal|error):\s*/, '') : `exit code ${code}`;
}
