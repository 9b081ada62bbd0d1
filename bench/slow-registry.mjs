#!/usr/bin/env node
/**
 * Issue 7's slow-registry figure: `upkeep lookup` of 20 images on a registry that sends its headers and
 * then one byte every 5 s (the answers never complete), with Upkeep's default deadlines. Before the fix
 * this took 308 s (each request waited its timeout and was retried; body timeouts never counted toward
 * taking the host as down). Everything on loopback.
 *
 *   node bench/slow-registry.mjs [--images 20]
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineInfo } from './lib/machine.mjs';

const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

export async function runSlowRegistryBenchmark({ images = 20 } = {}) {
  const sockets = new Set();
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': 4096 });
    const timer = setInterval(() => res.write(' '), 5000);
    res.on('close', () => clearInterval(timer));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${server.address().port}`;
  const dir = mkdtempSync(join(tmpdir(), 'upkeep-slow-registry-'));
  try {
    mkdirSync(join(dir, 'apps'));
    const containers = Array.from({ length: images }, (_, i) => `    - name: c${i}\n      image: ${host}/team/app-${i}:1.0.0\n`).join('');
    writeFileSync(join(dir, 'apps/pod.yaml'), `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n${containers}`);
    const global = join(dir, 'global.json');
    writeFileSync(global, JSON.stringify({ hostRules: [{ hostType: 'docker', matchHost: host, insecureRegistry: true }] }));
    const started = performance.now();
    const { code, stdout } = await new Promise((resolve) => {
      const child = spawn(process.execPath, [CLI, 'lookup', join(dir, 'apps'), '--json', '--config', global], { stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('close', (c) => resolve({ code: c, stdout: out }));
    });
    const seconds = (performance.now() - started) / 1000;
    const deps = JSON.parse(stdout).deps;
    const reasons = [...new Set(deps.map((d) => (d.reason ?? '').replace(/app-\d+/g, 'app-N').replace(/\d+ bytes/, 'N bytes')))];
    return {
      images,
      seconds: Number(seconds.toFixed(1)),
      exitCode: code,
      failed: deps.filter((d) => d.status === 'failed').length,
      reasons,
      machine: machineInfo(),
    };
  } finally {
    for (const s of sockets) s.destroy();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--images');
  console.log(JSON.stringify(await runSlowRegistryBenchmark(i > 0 ? { images: Number(process.argv[i + 1]) } : {}), null, 2));
}
