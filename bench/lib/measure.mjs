/**
 * Runs a command as a child process and measures it: wall time (from spawn to exit, Node start-up
 * included, as a user sees it), peak RSS, user and system CPU time.
 *
 * Peak RSS comes from GNU time (`/usr/bin/time -f %M`, the kernel's maxrss for the process, in KiB) when
 * present; otherwise `VmHWM` is polled from `/proc/<pid>/status` while the child runs, which can miss a
 * peak reached in the last few milliseconds.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';

const GNU_TIME = '/usr/bin/time';

function readProc(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status);
    return hwm ? Number(hwm[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ stdout: string, stderr: string, timeFile: string, method?: 'time' | 'proc' }} io
 *   stdout/stderr: file paths (`/dev/null` is fine); timeFile: scratch file for GNU time.
 */
export async function measure(command, args, io) {
  const method = io.method ?? (existsSync(GNU_TIME) ? 'time' : 'proc');
  const out = openSync(io.stdout, 'w');
  const err = openSync(io.stderr, 'w');
  const argv = method === 'time' ? [GNU_TIME, ['-f', '%e %M %U %S', '-o', io.timeFile, command, ...args]] : [command, args];
  const started = performance.now();
  const child = spawn(argv[0], argv[1], { stdio: ['ignore', out, err] });
  let polledKB = 0;
  const timer = method === 'proc' ? setInterval(() => (polledKB = Math.max(polledKB, readProc(child.pid) ?? 0)), 5) : undefined;
  const exitCode = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  const wallSeconds = (performance.now() - started) / 1000;
  if (timer) clearInterval(timer);
  closeSync(out);
  closeSync(err);
  if (method === 'proc') return { exitCode, wallSeconds, peakRssKB: polledKB, method };
  const text = readFileSync(io.timeFile, 'utf8').trim().split('\n').pop();
  rmSync(io.timeFile, { force: true });
  const [, kb, user, sys] = text.split(/\s+/).map(Number);
  return { exitCode, wallSeconds, peakRssKB: kb, userSeconds: user, sysSeconds: sys, method };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function max(values) {
  return Math.max(...values);
}
