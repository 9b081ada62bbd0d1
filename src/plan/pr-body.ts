/**
 * The PR body: deterministic markdown built only from the upgrades' dep and update fields (never a
 * credential: registry URLs and hosts are not shown, and user info is stripped from any link):
 * header, a table of the updates with links to the source, the changelog (`changelogUrl`) and release
 * notes, how the PR will be merged, the files touched, footer. The same input gives the same bytes.
 */
import type { EffectiveOptions } from '../config/schema.js';
import type { Upgrade } from './types.js';

export interface PrBodyInput {
  /** The branch's upgrades, already in their fixed order. */
  upgrades: Upgrade[];
  baseBranch: string;
  /** `prHeader` / `prFooter`, rendered; empty to leave out. */
  header: string;
  footer: string;
  automerge: boolean;
  automergeType: EffectiveOptions['automergeType'];
  automergeStrategy: EffectiveOptions['automergeStrategy'];
  platformAutomerge: boolean;
  automergeSchedule: string | string[];
  timezone: string;
}

/** A digest as shown: `sha256:` and the first 7 hex digits, then `…`. */
export function displayDigest(digest: string): string {
  const [algo, hex] = digest.includes(':') ? digest.split(':', 2) : ['sha256', digest];
  return `${algo}:${(hex ?? '').slice(0, 7)}…`;
}

/** What a reference reads like, tag and digest: `1.25.3`, `1.25.3@sha256:abc1234…`, `sha256:abc1234…`. */
function displayRef(value: string | undefined, digest: string | undefined): string {
  if (!digest) return value ?? '';
  return value ? `${value}@${displayDigest(digest)}` : displayDigest(digest);
}

/** Text in a table cell: markdown that could make links, mentions or break the table is escaped. */
function cellText(s: string): string {
  return s.replace(/[\\`*_[\]<>|~]/g, '\\$&').replace(/@/g, '@\u200b');
}

/** Text shown as code in a table cell. */
function code(s: string): string {
  return `\`${s.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

/** An http(s) URL safe to put in a markdown link, without user info; undefined for anything else. */
export function safeUrl(raw: string | undefined): string | undefined {
  if (!raw || !URL.canParse(raw)) return undefined;
  const url = new URL(raw);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  url.username = '';
  url.password = '';
  return url.href.replace(/[()|[\] ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const GITEA_HOSTS = new Set(['codeberg.org', 'gitea.com']);

/**
 * Where the release notes of `version` are, for sources on the big public forges: GitHub's release
 * search (which finds the release whatever its tag looks like: `v1.2.3`, `1.2.3`, `chart-1.2.3`), the
 * releases page on GitLab and Gitea/Forgejo (they cannot search it by URL). Undefined elsewhere.
 */
export function releaseNotesUrl(sourceUrl: string | undefined, version: string): string | undefined {
  const safe = safeUrl(sourceUrl);
  if (!safe || !version) return undefined;
  const url = new URL(safe);
  const host = url.hostname.toLowerCase();
  const segments = url.pathname.split('/').filter(Boolean);
  if (host === 'github.com' || GITEA_HOSTS.has(host)) {
    if (segments.length < 2) return undefined;
    const repo = `https://${host}/${segments[0]}/${segments[1]!.replace(/\.git$/, '')}`;
    return host === 'github.com' ? `${repo}/releases?q=${encodeURIComponent(version)}&expanded=true` : `${repo}/releases`;
  }
  if (host === 'gitlab.com') {
    const path = url.pathname
      .split('/-/')[0]!
      .replace(/\/+$/, '')
      .replace(/\.git$/, '');
    return path.split('/').filter(Boolean).length >= 2 ? `https://gitlab.com${path}/-/releases` : undefined;
  }
  return undefined;
}

function packageCell(upgrade: Upgrade): string {
  const { dep, update } = upgrade;
  const source = safeUrl(dep.sourceUrl);
  const name = source ? `[${cellText(dep.depName)}](${source})` : cellText(dep.depName);
  const changesVersion = update.updateType !== 'digest' && update.updateType !== 'pinDigest';
  const notes = changesVersion ? releaseNotesUrl(dep.sourceUrl, update.newVersion) : undefined;
  const changelog = safeUrl(dep.changelogUrl);
  const links = [...(changelog ? [`[changelog](${changelog})`] : []), ...(notes ? [`[release notes](${notes})`] : [])];
  return links.length > 0 ? `${name} (${links.join(', ')})` : name;
}

function changeCell(upgrade: Upgrade): string {
  const { dep, update } = upgrade;
  const from = displayRef(dep.currentValue, dep.currentDigest);
  // A pinned reference is only ever updated together with its new digest, so `newDigest` says it all.
  const to = displayRef(update.newValue, update.newDigest);
  return `${code(from)} → ${code(to)}`;
}

function table(upgrades: Upgrade[]): string[] {
  const withType = upgrades.some((u) => u.dep.depType);
  const head = withType ? ['Package', 'Type', 'Update', 'Change', 'File'] : ['Package', 'Update', 'Change', 'File'];
  const rows = new Set<string>(); // a Set keeps the first occurrence's place: rows stay in upgrade order
  for (const u of upgrades) {
    const cells = [packageCell(u), ...(withType ? [cellText(u.dep.depType ?? '')] : []), u.update.updateType, changeCell(u), code(u.dep.file)];
    rows.add(`| ${cells.join(' | ')} |`);
  }
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows];
}

const scheduleText = (schedule: string | string[]): string[] => (Array.isArray(schedule) ? schedule : [schedule]);

function automergeLine(input: PrBodyInput): string {
  if (!input.automerge) return '**Automerge**: off. Merge this PR yourself when you are happy with it.';
  const strategy = input.automergeStrategy === 'auto' ? '' : ` (${input.automergeStrategy})`;
  let line =
    input.automergeType === 'branch'
      ? `**Automerge**: on. Upkeep merges the branch into \`${input.baseBranch}\`${strategy} once its checks pass, without needing this PR.`
      : input.platformAutomerge
        ? `**Automerge**: on. The forge's auto-merge is enabled: this PR is merged${strategy} as soon as its required checks pass.`
        : `**Automerge**: on. Upkeep merges this PR${strategy} once its checks pass.`;
  const schedule = scheduleText(input.automergeSchedule);
  if (!(schedule.length === 1 && schedule[0] === 'at any time')) {
    line += ` Merging happens only ${schedule.map((s) => code(s)).join(' or ')} (${input.timezone}).`;
  }
  return line;
}

export function prBody(input: PrBodyInput): string {
  const parts: string[] = [];
  if (input.header.trim()) parts.push(input.header.trim());
  parts.push('This PR contains the following updates:', table(input.upgrades).join('\n'));
  parts.push(automergeLine(input));
  const files = [...new Set(input.upgrades.map((u) => u.dep.file))].sort();
  parts.push(['**Files touched**:', ...files.map((f) => `- ${code(f)}`)].join('\n'));
  if (input.footer.trim()) parts.push('---', input.footer.trim());
  return `${parts.join('\n\n')}\n`;
}
