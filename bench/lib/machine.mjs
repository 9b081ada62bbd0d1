/** What the figures were measured on: CPUs, CPU model, memory, Node, OS. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

function nproc() {
  try {
    return Number.parseInt(execFileSync('nproc', { encoding: 'utf8' }).trim(), 10);
  } catch {
    return os.availableParallelism();
  }
}

function cpuModel() {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) return line.split(':')[1].trim();
  } catch {
    // not Linux: fall through
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

export function machineInfo() {
  return {
    nproc: nproc(),
    cpuModel: cpuModel(),
    memoryMB: Math.round(os.totalmem() / 1e6),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

export function describeMachine(m) {
  return `${m.nproc} CPUs (nproc), ${m.cpuModel}, ${(m.memoryMB / 1000).toFixed(1)} GB RAM, Node ${m.node}, ${m.os}`;
}

/** Which code was measured: the commit, and whether src/ had uncommitted changes when dist/ was built. */
export function sourceInfo(root) {
  const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  try {
    const commit = git('rev-parse', '--short', 'HEAD');
    const changed = git('status', '--porcelain', '--', 'src').split('\n').filter(Boolean).length;
    return { commit, uncommittedSrcFiles: changed };
  } catch {
    return { commit: 'unknown', uncommittedSrcFiles: 0 };
  }
}
