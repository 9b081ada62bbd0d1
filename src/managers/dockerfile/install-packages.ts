/**
 * Packages a Dockerfile's `RUN` installs from the distribution (`apt-get install`, `apt install`,
 * `apk add`), as Renovate 44's dockerfile manager lists them: one dep per package, datasource `deb` or
 * `apk`, depType `install`. Upkeep has neither datasource: a package pinned with `name=version` is listed
 * with its version as unsupported, an unpinned one as `unspecified-version` — so the report shows what
 * an image installs, and nothing is ever changed.
 *
 * The command is read the way a shell splits it: `&&`, `||`, `;` and `|` end a command; options before
 * and after the subcommand are skipped (with the argument of those that take one); a word holding
 * `$`, quotes or a glob is a variable or pattern, not a package name.
 */
import type { Dep } from '../../deps/dep.js';
import type { PackageFile } from '../types.js';
import type { Chars } from './expand.js';

interface Installer {
  datasource: 'deb' | 'apk';
  subcommand: string;
  /** Options that take the next word as their argument. */
  withArgument: ReadonlySet<string>;
}

const INSTALLERS: Readonly<Record<string, Installer>> = {
  'apt-get': { datasource: 'deb', subcommand: 'install', withArgument: new Set(['-o', '-c', '-t', '--target-release', '--option', '--config-file']) },
  apt: { datasource: 'deb', subcommand: 'install', withArgument: new Set(['-o', '-c', '-t', '--target-release', '--option', '--config-file']) },
  apk: { datasource: 'apk', subcommand: 'add', withArgument: new Set(['-t', '--virtual', '-X', '--repository', '-p', '--root', '--arch', '--cache-dir']) },
};

const SEPARATORS = new Set(['&&', '||', ';', '|', '&']);
const PACKAGE = /^([a-z0-9][a-z0-9+._-]*(?::[a-z0-9-]+)?)(?:=(\S+))?$/i;
/** What may stand before the installer: `sudo`, `env`, `VAR=value`, `DEBIAN_FRONTEND=noninteractive`. */
const PREFIX = /^(?:sudo|env|[A-Za-z_][A-Za-z0-9_]*=\S*)$/;

/** Shell words of a RUN command with their file offsets; separators glued to a word (`curl;`) split off. */
function commands(words: Chars[]): Chars[][] {
  const out: Chars[][] = [[]];
  for (const word of words) {
    const glued = /^(.*?)(;|&&)$/.exec(word.text);
    if (SEPARATORS.has(word.text)) out.push([]);
    else if (glued && glued[1] !== '') {
      out.at(-1)!.push({ text: glued[1]!, offsets: word.offsets.slice(0, glued[1]!.length) });
      out.push([]);
    } else out.at(-1)!.push(word);
  }
  return out.filter((c) => c.length > 0);
}

function packagesOf(command: Chars[]): { installer: Installer; packages: Chars[] } | undefined {
  let i = 0;
  while (i < command.length && PREFIX.test(command[i]!.text)) i++;
  const installer = INSTALLERS[command[i]?.text ?? ''];
  if (!installer) return undefined;
  const packages: Chars[] = [];
  let seenSubcommand = false;
  for (i++; i < command.length; i++) {
    const text = command[i]!.text;
    if (text.startsWith('-')) {
      if (installer.withArgument.has(text)) i++;
      continue;
    }
    if (!seenSubcommand) {
      if (text !== installer.subcommand) return undefined;
      seenSubcommand = true;
      continue;
    }
    packages.push(command[i]!);
  }
  return seenSubcommand ? { installer, packages } : undefined;
}

export function installPackageDeps(file: PackageFile, words: Chars[]): Dep[] {
  const deps: Dep[] = [];
  for (const command of commands(words)) {
    const found = packagesOf(command);
    if (!found) continue;
    for (const word of found.packages) {
      const m = PACKAGE.exec(word.text);
      if (!m) continue; // a variable, a quoted or globbed word, a path to a .deb
      const [, name, version] = m;
      const start = word.offsets[0] ?? 0;
      const dep: Dep = {
        manager: 'dockerfile',
        file: file.path,
        line: file.lineAt(start),
        datasource: found.installer.datasource,
        depName: name!,
        packageName: name!,
        depType: 'install',
        location: {},
      };
      if (version === undefined) {
        dep.skipReason = 'unspecified-version';
        dep.skipDetail = `${name} is installed without a version (${name}=<version> would pin one)`;
      } else {
        dep.currentValue = version;
        dep.skipReason = 'unsupported-datasource';
        dep.skipDetail = `${name}=${version}: Upkeep has no ${found.installer.datasource} datasource to look versions up`;
      }
      deps.push(dep);
    }
  }
  return deps;
}
