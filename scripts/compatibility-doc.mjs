#!/usr/bin/env node
/**
 * Writes README.md's compatibility section — between `<!-- compatibility:start -->` and
 * `<!-- compatibility:end -->` — from src/config/compatibility.ts (read from its build in dist/:
 * `npm run compat-doc` builds first), the same data the "Upkeep does not act on: …" warning comes from.
 * Never edit the section by hand: test/config/compatibility.test.ts fails when it differs from what
 * `compatibilitySection` makes of the data.
 *
 *   node scripts/compatibility-doc.mjs            rewrite the section in README.md
 *   node scripts/compatibility-doc.mjs --stdout   print the section instead
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = new URL('../', import.meta.url);
export const START = '<!-- compatibility:start -->';
export const END = '<!-- compatibility:end -->';

const code = (name) => `\`${name}\``;
/** Text in a table cell: a `|` would end the cell. */
const cell = (text) => text.replace(/\|/g, '\\|');
const byName = (a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0);

function table(head, rows) {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

/**
 * The section, markers included, from the compatibility data and Renovate's names: `compatibility`
 * (OPTION_STATUS, statusOf), `renovate` (RENOVATE_OPTIONS, RENOVATE_RENAMES, RENOVATE_GLOBAL_OPTIONS,
 * RENOVATE_MANAGERS), Upkeep's `managerIds` and `presets` (preset-coverage.ts: what each namespace of
 * built-in presets comes to).
 */
export function compatibilitySection({ compatibility, renovate, managerIds, presets }) {
  const options = Object.entries(compatibility.OPTION_STATUS).sort(([a], [b]) => byName(a, b));
  const acted = options.filter(([, s]) => s.status === 'acted').map(([name, s]) => [code(name), s.does]);
  const notActed = options.filter(([, s]) => s.status === 'not-acted').map(([name, s]) => [code(name), s.why]);
  const renamesTo = new Map();
  for (const { from, to } of renovate.RENOVATE_RENAMES) renamesTo.set(to, [...(renamesTo.get(to) ?? []), from]);
  const oldNames = renovate.RENOVATE_OPTIONS.filter((name) => compatibility.statusOf(name)?.status === 'old-name').sort(byName);
  const upkeep = new Set(managerIds);
  // Renovate's names for custom managers' deps (`custom.regex`) are Upkeep's too when it reads them.
  const otherManagers = renovate.RENOVATE_MANAGERS.filter((m) => !upkeep.has(m) && compatibility.statusOf(m)?.upkeep !== true).sort(byName);
  const lines = [
    START,
    '<!-- Written by `npm run compat-doc` from src/config/compatibility.ts: edit that file, not this section. -->',
    '',
    "A repository's Renovate config is read as it is. Below is every repository option Renovate has, with what Upkeep",
    'does with it or why it does nothing with it. None of them is an error: `upkeep validate`, and every run, name',
    'the options a config uses that Upkeep does not act on in one warning, with the reasons given here',
    '(`Upkeep does not act on: platformCommit (…), vulnerabilityAlerts (…)`).',
    '',
    `### Acted on (${acted.length})`,
    '',
    table(['option', 'what Upkeep does'], acted),
    '',
    `### Not acted on (${notActed.length})`,
    '',
    table(['option', 'why not'], notActed),
    '',
    '### Old names',
    '',
    "Renovate's old option names are read under the current name, with a warning saying what to write instead:",
    '',
    ...[...renamesTo.entries()].sort(([a], [b]) => byName(a, b)).map(([to, from]) => `- ${code(to)} ← ${from.sort(byName).map(code).join(', ')}`),
    '',
    `Old names of options Upkeep does not act on: ${oldNames.map((name) => `${code(name)} (${compatibility.statusOf(name).why})`).join('; ')}.`,
    '',
    "### Renovate's built-in presets",
    '',
    `Every one of Renovate's ${presets.reduce((n, row) => n + row.presets, 0)} built-in presets resolves. Counted by what a config naming each gets: the`,
    'whole preset acted on; part of it (the rest named in one warning per preset); or nothing, because all it sets',
    'concerns what Upkeep does not do (npm and other ecosystems, custom managers, merge-confidence badges, rules on',
    'source URLs such as the monorepo groups):',
    '',
    table(
      ['namespace', 'presets', 'acted on', 'partly', 'nothing for Upkeep'],
      [...presets]
        .sort((a, b) => byName(a.namespace, b.namespace))
        .map((row) => [
          row.namespace === 'default' ? '`:` (default)' : code(`${row.namespace}:`),
          ...[row.presets, row.whole, row.partly, row.nothing].map(String),
        ]),
    ),
    '',
    '### Managers',
    '',
    `Upkeep's managers: ${[...managerIds].map(code).join(', ')}. Renovate's ${otherManagers.length} others are not acted on: options`,
    'under their name are named in the warning, `enabledManagers` warns about them, and a `matchManagers` condition',
    `naming only them matches nothing, as in Renovate: ${otherManagers.map(code).join(', ')}.`,
    '',
    "### The operator's options",
    '',
    `Renovate's ${renovate.RENOVATE_GLOBAL_OPTIONS.length} self-hosted options are never taken from a repository: a config that sets one gets a`,
    "warning and the value is ignored (Upkeep's operator settings are its own: see Running it, Registries and",
    `credentials): ${[...renovate.RENOVATE_GLOBAL_OPTIONS].sort(byName).map(code).join(', ')}.`,
    END,
  ];
  return `${lines.join('\n')}\n`;
}

/** `readme` with its section replaced by `section`; throws when the markers are missing. */
export function replaceSection(readme, section) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} section`);
  return readme.slice(0, start) + section.trimEnd() + readme.slice(end + END.length);
}

async function main() {
  const compatibility = await import(new URL('dist/config/compatibility.js', ROOT).href);
  const renovate = await import(new URL('dist/config/renovate-options.js', ROOT).href);
  const { MANAGER_IDS } = await import(new URL('dist/meta/managers.js', ROOT).href);
  const { presetCoverage } = await import(new URL('dist/config/preset-coverage.js', ROOT).href);
  const section = compatibilitySection({ compatibility, renovate, managerIds: MANAGER_IDS, presets: await presetCoverage() });
  if (process.argv.includes('--stdout')) {
    process.stdout.write(section);
    return;
  }
  const path = fileURLToPath(new URL('README.md', ROOT));
  writeFileSync(path, replaceSection(readFileSync(path, 'utf8'), section));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
