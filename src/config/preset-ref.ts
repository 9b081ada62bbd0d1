/**
 * A preset reference as written in `extends`, taken apart. The forms are Renovate's (its "Shareable
 * Config Presets" documentation):
 * - built-in: `config:recommended`, `:semanticCommits`, `schedule:weekly`;
 * - from a repository: `HOST>owner/repo` with HOST one of `local`, `github`, `gitlab`, `gitea`, `forgejo`
 *   (a bare `owner/repo` means `local>owner/repo`), then optionally `:file` or `:file/preset` (a key in
 *   the file), or `//path/to/file.json5`, then `#tag`;
 * - relative to the file naming it: `./other.json`, `../base`, `/from/the/root`;
 * and any of them with arguments `name(a, b)` that fill `{{arg0}}`, `{{arg1}}` in the preset.
 */

export type PresetHost = 'local' | 'github' | 'gitlab' | 'gitea' | 'forgejo';
export const PRESET_HOSTS: readonly PresetHost[] = ['local', 'github', 'gitlab', 'gitea', 'forgejo'];

export type PresetRef =
  | { kind: 'builtin'; namespace: string; preset: string }
  | { kind: 'relative'; path: string }
  | {
      kind: 'repository';
      host: PresetHost;
      repo: string;
      /** The file (with `.json` added when it has no extension); undefined: the repository's default preset. */
      file?: string;
      /** Keys inside the file (`:file/preset`). */
      keys: string[];
      tag?: string;
    }
  | { kind: 'unsupported'; why: string }
  | { kind: 'invalid'; why: string };

export interface ParsedPreset {
  /** The reference without its arguments (`github>o/r:x#v1`). */
  name: string;
  args: string[];
  ref: PresetRef;
}

const REPO_PRESET =
  /^(?<repo>[\w\-.~%]+(?:\/[\w\-.~%]+)+?)(?:\/\/(?<path>[\w\-.~%]+(?:\/[\w\-.~%]+)*)|:(?<preset>[\w\-.+~%]+(?:\/[\w\-.+~%]+){0,2}))?(?:#(?<tag>[\w\-./+~%]+))?$/;

/** `name(a, b)` → name and arguments; `name(a)#tag` keeps the tag with the name. Undefined when the parentheses are broken. */
function splitArgs(text: string): { name: string; args: string[] } | undefined {
  const open = text.indexOf('(');
  if (open === -1) return { name: text, args: [] };
  const close = text.lastIndexOf(')');
  if (close < open) return undefined;
  const after = text.slice(close + 1);
  if (after !== '' && !/^#[\w\-./+~%]+$/.test(after)) return undefined;
  const args = text
    .slice(open + 1, close)
    .split(',')
    .map((a) => a.trim());
  return { name: text.slice(0, open) + after, args };
}

export const jsonFile = (path: string): string => (/\.json5?$/.test(path) ? path : `${path}.json`);

export function parsePresetRef(text: string): ParsedPreset {
  const split = splitArgs(text.trim());
  if (!split) return { name: text, args: [], ref: { kind: 'invalid', why: 'arguments must be written name(a, b)' } };
  const { name, args } = split;
  return { name, args, ref: refOf(name) };
}

function refOf(name: string): PresetRef {
  if (/^https?:\/\//i.test(name)) return { kind: 'unsupported', why: 'presets from URLs are not read (name a repository instead)' };
  if (name.startsWith('npm>') || name.startsWith('@')) return { kind: 'unsupported', why: 'presets from npm packages are not read' };
  if (/^(\.\.?\/|\/)/.test(name)) {
    return /^(\/|(\.\.?\/)+)[\w\-.]+(\/[\w\-.]+)*$/.test(name) ? { kind: 'relative', path: name } : { kind: 'invalid', why: 'not a file path' };
  }
  const host = /^(?<host>[a-z]+)>(?<rest>.*)$/.exec(name)?.groups;
  if (host) {
    if (!PRESET_HOSTS.includes(host.host as PresetHost)) {
      return { kind: 'unsupported', why: `"${host.host}>" is not one of ${PRESET_HOSTS.map((h) => `${h}>`).join(', ')}` };
    }
    return repositoryRef(host.host as PresetHost, host.rest!);
  }
  const colon = name.indexOf(':');
  const slash = name.indexOf('/');
  // `owner/repo` and `owner/repo:file` are local presets; `ns:preset` (no slash before the colon) is built-in.
  if (slash !== -1 && (colon === -1 || slash < colon)) return repositoryRef('local', name);
  if (colon === -1) return { kind: 'unsupported', why: 'a bare name means an npm package (renovate-config-NAME), which Upkeep does not read' };
  return { kind: 'builtin', namespace: colon === 0 ? 'default' : name.slice(0, colon), preset: name.slice(colon + 1) };
}

function repositoryRef(host: PresetHost, spec: string): PresetRef {
  const m = REPO_PRESET.exec(spec)?.groups;
  if (!m) return { kind: 'invalid', why: 'expected owner/repo, then :file, :file/preset or //path/file, then #tag' };
  const ref: PresetRef = { kind: 'repository', host, repo: m.repo!, keys: [] };
  if (m.tag) ref.tag = m.tag;
  if (m.path) ref.file = jsonFile(m.path);
  else if (m.preset) {
    const [file, ...keys] = m.preset.split('/');
    if (file !== 'default') ref.file = jsonFile(file!);
    ref.keys = keys;
  }
  return ref;
}
