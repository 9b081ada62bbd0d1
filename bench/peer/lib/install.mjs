/**
 * The peer: Renovate from the npm registry, run by the Node version it needs (Renovate 44 wants Node 24;
 * the npm package `node@24` ships that binary). Installed into a folder of its own — by default the one
 * ../shared/realworld/setup-renovate.sh fills (`/tmp/upkeep-realworld/peer`), so a machine that has it
 * already reuses it — and only when the wanted versions are not there. `npm install` is the only step of
 * the benchmark that talks to the internet.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const DEFAULT_PEER_HOME = process.env.PEER_HOME ?? '/tmp/upkeep-realworld/peer';
/** Renovate's line this benchmark is written against (`44.121.x`): an installed 44.121.* is reused. */
export const RENOVATE_RANGE = '44.121';
export const NODE_MAJOR = '24';

const installedVersion = (packageJson) => {
  try {
    return JSON.parse(readFileSync(packageJson, 'utf8')).version;
  } catch {
    return undefined;
  }
};

function npmInstall(dir, spec, log, extraPath, { scripts = false } = {}) {
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'package.json'))) writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
  log(`installing ${spec} into ${dir} (npm registry)`);
  const env = { ...process.env, ...(extraPath ? { PATH: `${extraPath}:${process.env.PATH}` } : {}) };
  // --ignore-scripts for Renovate: its optional native re2 is not built; it then uses JavaScript regexps
  // (RENOVATE_X_IGNORE_RE2=1 at run time says so). The `node` package needs its install script (it
  // fetches the binary).
  const flags = scripts ? [] : ['--ignore-scripts'];
  execFileSync('npm', ['install', '--no-fund', '--no-audit', '--loglevel=error', ...flags, spec], { cwd: dir, env, stdio: 'inherit' });
}

/**
 * Make sure Node 24 and Renovate 44.121.x are in `home`; returns `{ node, renovate, nodeVersion,
 * renovateVersion, installed }` (`installed`: what had to be installed this time).
 */
export function ensurePeer({ home = DEFAULT_PEER_HOME, renovateVersion = RENOVATE_RANGE, log = console.log } = {}) {
  const installed = [];
  const nodeDir = join(home, 'node24');
  const node = join(nodeDir, 'node_modules/.bin/node');
  const nodeVersionOf = () => {
    try {
      return execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
    } catch {
      return undefined;
    }
  };
  if (!nodeVersionOf()?.startsWith(`v${NODE_MAJOR}.`)) {
    npmInstall(nodeDir, `node@${NODE_MAJOR}`, log, undefined, { scripts: true });
    installed.push('node');
  }
  const nodeVersion = nodeVersionOf();
  if (!nodeVersion?.startsWith(`v${NODE_MAJOR}.`)) throw new Error(`no Node ${NODE_MAJOR} at ${node} after npm install node@${NODE_MAJOR}`);

  const renovateDir = join(home, 'renovate-install/node_modules/renovate');
  const wanted = (v) => v !== undefined && (v === renovateVersion || v.startsWith(`${renovateVersion}.`));
  if (!wanted(installedVersion(join(renovateDir, 'package.json')))) {
    const spec = /^\d+\.\d+$/.test(renovateVersion) ? `renovate@~${renovateVersion}.0` : `renovate@${renovateVersion}`;
    npmInstall(join(home, 'renovate-install'), spec, log, dirname(node));
    installed.push('renovate');
  }
  const version = installedVersion(join(renovateDir, 'package.json'));
  if (!wanted(version)) throw new Error(`Renovate ${renovateVersion} is not in ${renovateDir} after npm install (found ${version ?? 'nothing'})`);
  return { node, nodeVersion, renovate: join(renovateDir, 'dist/renovate.js'), renovateVersion: version, installed };
}
