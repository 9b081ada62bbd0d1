/**
 * Runs a command and measures its whole process tree: wall time from spawn to exit, and peak RSS as the
 * largest sum of the RSS of every process in the tree (the tool and whatever it spawns: git, workers),
 * sampled from /proc every 20 ms for the first two seconds and every 50 ms after; the kernel's own peak
 * for the largest single process (GNU time's `%M`) is taken too, and the peak reported is the larger of
 * the two, so a peak between samples of the main process is not missed. CPU time (user + system) of the
 * tree from GNU time.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';

const GNU_TIME = '/usr/bin/time';
const PAGE_KB = 4;

/** pid → { ppid, rssKB } for every process, from /proc/<pid>/stat (fields 4 and 24). */
function processTable() {
  const table = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(entry), { ppid: Number(fields[1]), rssKB: Number(fields[21]) * PAGE_KB });
    } catch {
      // gone between readdir and read
    }
  }
  return table;
}

/** The RSS of one process, in KiB (`/proc/<pid>/stat` field 24); undefined when it is gone. */
function rssOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[21]) * PAGE_KB;
  } catch {
    return undefined;
  }
}

/** The children of `pid`, from the kernel's per-thread lists; undefined when the kernel keeps none. */
function childrenOf(pid) {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) => readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
  } catch (err) {
    return err.code === 'ENOENT' && existsSync(`/proc/${pid}`) ? undefined : [];
  }
}

/**
 * The RSS sum of `root`'s descendants (and `root` itself unless `skipRoot`), and how many there are.
 * Walked through the children lists: reading every process of the machine each sample (as the fallback
 * does) costs the sampler ~1.5 ms of CPU, taken from the tool it measures on a small machine.
 */
function treeRss(root, skipRoot) {
  if (childrenOf(root) === undefined) return treeRssByScan(root, skipRoot);
  let kb = 0;
  let count = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop();
    const rss = skipRoot && pid === root ? undefined : rssOf(pid);
    if (rss !== undefined) {
      kb += rss;
      count++;
    }
    stack.push(...(childrenOf(pid) ?? []));
  }
  return { kb, count };
}

function treeRssByScan(root, skipRoot) {
  const table = processTable();
  const children = new Map();
  for (const [pid, { ppid }] of table) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  let kb = 0;
  let count = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop();
    if (!(skipRoot && pid === root) && table.has(pid)) {
      kb += table.get(pid).rssKB;
      count++;
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return { kb, count };
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env: object, stdout: string, stderr: string, timeFile: string }} io
 * @returns {Promise<{ exitCode, wallSeconds, peakRssKB, treePeakKB, mainPeakKB, maxProcesses, cpuSeconds, samples }>}
 */
export async function measureTree(command, args, io) {
  const gnu = existsSync(GNU_TIME);
  const out = openSync(io.stdout, 'w');
  const err = openSync(io.stderr, 'w');
  const [cmd, argv] = gnu ? [GNU_TIME, ['-f', '%e %M %U %S', '-o', io.timeFile, command, ...args]] : [command, args];
  const started = performance.now();
  const child = spawn(cmd, argv, { cwd: io.cwd, env: io.env, stdio: ['ignore', out, err] });
  let treePeakKB = 0;
  let maxProcesses = 0;
  let samples = 0;
  let timer;
  const sample = () => {
    const { kb, count } = treeRss(child.pid, gnu);
    samples++;
    treePeakKB = Math.max(treePeakKB, kb);
    maxProcesses = Math.max(maxProcesses, count);
    timer = setTimeout(sample, performance.now() - started < 2000 ? 20 : 50);
  };
  sample();
  const exitCode = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  const wallSeconds = (performance.now() - started) / 1000;
  clearTimeout(timer);
  closeSync(out);
  closeSync(err);
  let mainPeakKB = 0;
  let cpuSeconds;
  if (gnu) {
    const [, kb, user, sys] = readFileSync(io.timeFile, 'utf8').trim().split('\n').pop().split(/\s+/).map(Number);
    rmSync(io.timeFile, { force: true });
    mainPeakKB = kb;
    cpuSeconds = user + sys;
  }
  return { exitCode, wallSeconds, peakRssKB: Math.max(treePeakKB, mainPeakKB), treePeakKB, mainPeakKB, maxProcesses, cpuSeconds, samples };
}
