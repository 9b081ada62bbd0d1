/**
 * dockerfile: base images and other images a Dockerfile (or Containerfile) pulls.
 *
 * - `# syntax=docker/dockerfile:1.7` parser directive (depType `syntax`);
 * - `FROM [--platform=…] image [AS name]`; a later `FROM name` is a stage, not an image; `scratch` is
 *   nothing to pull;
 * - `COPY --from=image` and `RUN --mount=…,from=image` (stage names and stage numbers are skipped);
 * - ARG values used in those references, with Docker's scoping: FROM sees the ARGs declared before the
 *   first FROM; COPY and RUN see the ARGs of their own stage (`ARG NAME` there takes the global value).
 *   The tag and digest are then edited in the ARG line they come from.
 *
 * - packages `RUN` installs with `apt-get install` / `apt install` / `apk add` (depType `install`,
 *   listed and never changed: dockerfile/install-packages.ts).
 *
 * depType: the syntax image is `syntax`, the last image `final`, the others `stage`. One dep per place
 * a reference is written: two FROM lines using the same ARG are one dep.
 */
import type { Dep, ExtractWarning } from '../deps/dep.js';
import { dedupeByLocation } from './dedupe.js';
import { expandWord, type Chars, type Expansion } from './dockerfile/expand.js';
import { dockerfileImageDep } from './dockerfile/image.js';
import { installPackageDeps } from './dockerfile/install-packages.js';
import { parseDockerfile, type Instruction } from './dockerfile/instructions.js';
import { leadingFlags, slice, splitWords } from './dockerfile/words.js';
import type { ExtractOptions, FileExtract, Manager, PackageFile } from './types.js';
import { MANAGER_META } from '../meta/managers.js';

interface Walk {
  file: PackageFile;
  options: ExtractOptions;
  escape: string;
  /** ARGs declared before the first FROM. */
  global: Map<string, Expansion | undefined>;
  /** ARGs of the current stage (null before the first FROM). */
  stage: Map<string, Expansion | undefined> | null;
  /** Names of the stages declared so far, lower-cased. */
  stages: Set<string>;
  deps: Dep[];
  warnings: ExtractWarning[];
}

function warn(w: Walk, line: number, message: string): void {
  w.warnings.push({ file: w.file.path, line, message });
}

/**
 * `ARG NAME=value …`. Renovate also reads `ARG NAME value` as a default (Docker declares two ARGs);
 * Upkeep does the same unless the second word looks like an ARG name (`ARG TARGETOS TARGETARCH`).
 */
function readArg(w: Walk, ins: Instruction): void {
  const scope = w.stage ?? w.global;
  const words = splitWords(ins.args, w.escape);
  if (words.length === 2 && !words.some((word) => word.text.includes('=')) && !/^[A-Z_][A-Z0-9_]*$/.test(words[1]!.text)) {
    scope.set(words[0]!.text, expandWord(words[1]!, scope, w.escape));
    return;
  }
  for (const word of words) {
    const eq = word.text.indexOf('=');
    if (eq < 0) {
      // In a stage, `ARG NAME` brings the global value of NAME into scope.
      scope.set(word.text, w.stage ? w.global.get(word.text) : scope.get(word.text));
    } else {
      scope.set(word.text.slice(0, eq), expandWord(slice(word, eq + 1), scope, w.escape));
    }
  }
}

/** A dep for an image written in `word`, unless it names a stage (or `scratch` in FROM). */
function addImage(w: Walk, ins: Instruction, word: Chars, scope: ReadonlyMap<string, Expansion | undefined>, from: boolean): void {
  const exp = expandWord(word, scope, w.escape);
  const name = exp.text.toLowerCase();
  if (exp.text === '') {
    warn(w, ins.line, `${ins.keyword} image "${word.text}" is empty after ARG substitution`);
    return;
  }
  if (w.stages.has(name) || (from && name === 'scratch') || (!from && /^\d+$/.test(name))) return;
  w.deps.push(dockerfileImageDep(w.file, exp, w.options, ins.line));
}

function readFrom(w: Walk, ins: Instruction): void {
  const words = splitWords(ins.args, w.escape);
  const { rest } = leadingFlags(words);
  const image = words[rest];
  w.stage = new Map();
  if (!image) {
    warn(w, ins.line, 'FROM without an image');
    return;
  }
  addImage(w, ins, image, w.global, true);
  const as = words[rest + 1];
  if (as && as.text.toLowerCase() === 'as') {
    const name = words[rest + 2];
    if (name) w.stages.add(name.text.toLowerCase());
    else warn(w, ins.line, 'FROM … AS without a stage name');
  }
}

function readCopy(w: Walk, ins: Instruction): void {
  const { flags } = leadingFlags(splitWords(ins.args, w.escape));
  for (const flag of flags) {
    if (flag.text.startsWith('--from=')) addImage(w, ins, slice(flag, 7), w.stage ?? w.global, false);
  }
}

/** `RUN --mount=type=cache,from=image,target=…`: the `from` of every mount; and the packages it installs. */
function readRun(w: Walk, ins: Instruction): void {
  const words = splitWords(ins.args, w.escape);
  const { flags, rest } = leadingFlags(words);
  w.deps.push(...installPackageDeps(w.file, words.slice(rest)));
  for (const flag of flags) {
    if (!flag.text.startsWith('--mount=')) continue;
    let start = 8;
    for (const field of flag.text.slice(8).split(',')) {
      if (field.startsWith('from=')) addImage(w, ins, slice(flag, start + 5, start + field.length), w.stage ?? w.global, false);
      start += field.length + 1;
    }
  }
}

function extractDockerfile(file: PackageFile, options: ExtractOptions): FileExtract {
  const parsed = parseDockerfile(file.content, file.path);
  const w: Walk = {
    file,
    options,
    escape: parsed.escape,
    global: new Map(),
    stage: null,
    stages: new Set(),
    deps: [],
    warnings: parsed.warnings,
  };
  const syntax = parsed.directives.find((d) => d.name === 'syntax');
  if (syntax && syntax.value.text !== '') {
    w.deps.push(dockerfileImageDep(file, syntax.value, options, syntax.line, 'syntax'));
  }
  for (const ins of parsed.instructions) {
    if (ins.keyword === 'ARG') readArg(w, ins);
    else if (ins.keyword === 'FROM') readFrom(w, ins);
    else if (ins.keyword === 'COPY') readCopy(w, ins);
    else if (ins.keyword === 'RUN') readRun(w, ins);
  }
  const deps = dedupeByLocation(w.deps);
  const images = deps.filter((d) => d.depType !== 'syntax' && d.depType !== 'install');
  images.forEach((d, k) => (d.depType = k === images.length - 1 ? 'final' : 'stage'));
  return { deps, warnings: w.warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
}

export const dockerfileManager: Manager = {
  id: 'dockerfile',
  ...MANAGER_META['dockerfile'],
  mightContain: (content) => /^\uFEFF?[ \t]*(?:from|#[ \t]*syntax)\b/im.test(content),
  extractFile: extractDockerfile,
};
