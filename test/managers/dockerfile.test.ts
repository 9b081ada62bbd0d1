import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dep } from '../../src/deps/dep.js';
import { applyUpdate } from '../../src/edit/apply-update.js';
import { anyOf, compileBuiltinPattern as compilePattern } from '../../src/config/file-patterns.js';
import { dockerfileManager } from '../../src/managers/dockerfile.js';
import { createPackageFile } from '../../src/managers/package-file.js';
import type { ExtractOptions } from '../../src/managers/types.js';
import { EditError } from '../../src/util/errors.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/dockerfile');
const NODE_DIGEST = 'sha256:66abef25028edbf19b3e6fa5d293a19adfdfe6cc2e8fd9ca7392c3f6f0c64615';
const DISTROLESS_DIGEST = 'sha256:ea3e6869841f102bdb95fc7358ad94097770136193d88ac06a56a1c5a318d613';
const SERVERCORE_DIGEST = 'sha256:327c9b917bd132cdd99bdd8ab5cb7437376791131e18be94de73068c0729f50c';
const NEW_DIGEST = 'sha256:4f1e4b2d8f0c6a3e9b7d5c1a0e2f4b6d8c0a2e4f6b8d0c2e4a6f8b0d2c4e6a8f';

function fixture(path: string): string {
  return readFileSync(resolve(FIXTURES, path), 'utf8');
}

function extract(path: string, content = fixture(path), options: ExtractOptions = {}) {
  return dockerfileManager.extractFile(createPackageFile(path, content), options);
}

const brief = (d: Dep) => [d.line, d.depName, d.currentValue, d.currentDigest, d.depType, d.skipReason];

/** The text a span of the dep points at. */
const at = (content: string, span: { start: number; end: number } | undefined) => (span ? content.slice(span.start, span.end) : undefined);

/** Replace the only occurrence of `from` by `to` (the expected file). */
function expectedEdit(content: string, from: string, to: string): string {
  expect(content.split(from).length, `"${from}" occurs once`).toBe(2);
  return content.replace(from, to);
}

describe('dockerfile manager: extraction', () => {
  it('reads a multi-stage Go/Node build: syntax, ARG-driven bases, RUN --mount from, COPY --from', () => {
    const { deps, warnings } = extract('webapp/Dockerfile');
    expect(warnings).toEqual([]);
    expect(deps.map(brief)).toEqual([
      [1, 'docker/dockerfile', '1.7', undefined, 'syntax', undefined],
      [5, 'node', '20.15.1-bookworm-slim', NODE_DIGEST, 'stage', undefined],
      [4, 'golang', '1.22.5-bookworm', undefined, 'stage', undefined],
      [36, 'golangci/golangci-lint', 'v1.59.1', undefined, 'stage', undefined],
      [40, 'gcr.io/distroless/static-debian12', 'nonroot', DISTROLESS_DIGEST, 'stage', undefined],
      [41, 'ghcr.io/grpc-ecosystem/grpc-health-probe', 'v0.4.28', undefined, 'final', undefined],
    ]);
    expect(deps.every((d) => d.manager === 'dockerfile' && d.datasource === 'docker' && d.file === 'webapp/Dockerfile')).toBe(true);
  });

  it('points tag and digest spans into the ARG lines they come from', () => {
    const content = fixture('webapp/Dockerfile');
    const [, node, golang, , distroless] = extract('webapp/Dockerfile').deps;
    const lineOf = (offset: number) => content.slice(0, offset).split('\n').length;
    expect(at(content, node!.location.value)).toBe('20.15.1-bookworm-slim');
    expect(at(content, node!.location.digest)).toBe(NODE_DIGEST);
    expect(lineOf(node!.location.value!.start)).toBe(5);
    expect(at(content, golang!.location.value)).toBe('1.22.5-bookworm');
    expect(golang!.location.digestInsert).toEqual({ at: golang!.location.value!.end, before: '@' });
    // The tag is written in the FROM line, the digest in ARG RUNTIME_DIGEST.
    expect(lineOf(distroless!.location.value!.start)).toBe(40);
    expect(lineOf(distroless!.location.digest!.start)).toBe(7);
    expect(at(content, distroless!.location.digest)).toBe(DISTROLESS_DIGEST);
  });

  it('skips stage names and stage numbers, and edits a version from an ARG with text around it', () => {
    const content = fixture('webapp/frontend/Dockerfile.prod');
    const { deps } = extract('webapp/frontend/Dockerfile.prod', content);
    expect(deps.map(brief)).toEqual([
      [1, 'node', '20.15.1-alpine', undefined, 'stage', undefined],
      [2, 'nginxinc/nginx-unprivileged', '1.27.0-alpine', undefined, 'final', undefined],
    ]);
    // `FROM node:${NODE_VERSION}-alpine`: the version stands in the ARG, `-alpine` in the FROM line.
    expect(at(content, deps[0]!.location.value)).toBe('20.15.1');
    expect(deps[0]!.location.valueAffix).toEqual({ prefix: '', suffix: '-alpine' });
  });

  it('lists a tag whose number is put together from several ARGs as not-editable', () => {
    const content = 'ARG MAJOR=1\nARG MINOR=25\nFROM nginx:${MAJOR}.${MINOR}-alpine\n';
    const [nginx] = extract('Dockerfile', content).deps;
    expect(brief(nginx!)).toEqual([1, 'nginx', '1.25-alpine', undefined, 'final', 'not-editable']);
    expect(nginx!.skipDetail).toBe('nginx: the tag "1.25-alpine" is put together from several places (ARG values and the line using them); edit it by hand');
    expect(nginx!.location).toEqual({});
  });

  it('honours # escape=` and finds # syntax= among the leading directives', () => {
    const { deps, warnings } = extract('windows/Containerfile');
    expect(warnings).toEqual([]);
    expect(deps.map(brief)).toEqual([
      [2, 'docker/dockerfile', '1', undefined, 'syntax', undefined],
      [4, 'mcr.microsoft.com/windows/servercore', 'ltsc2022', SERVERCORE_DIGEST, 'stage', undefined],
      [10, 'mcr.microsoft.com/powershell', 'lts-7.4-nanoserver-ltsc2022', undefined, 'final', undefined],
    ]);
  });

  it('skips unset ARGs as contains-variable, scratch via ARG, heredoc bodies; uses ${VAR:-default}', () => {
    const { deps, warnings } = extract('docker/ci.Dockerfile');
    expect(warnings).toEqual([]);
    expect(deps.map(brief)).toEqual([
      [5, '${REGISTRY}/platform/ci-runner:2024.08', undefined, undefined, 'stage', 'contains-variable'],
      [17, 'docker.io/hadolint/hadolint', 'v2.12.0', undefined, 'stage', undefined],
      [19, 'alpine', '3.20.2', undefined, 'final', undefined],
    ]);
    expect(deps[0]!.skipDetail).toBe('image reference contains a variable: "${REGISTRY}/platform/ci-runner:2024.08"');
  });

  it('warns about broken instructions with file and line and keeps the rest', () => {
    const { deps, warnings } = extract('broken/Dockerfile');
    expect(warnings).toEqual([
      { file: 'broken/Dockerfile', line: 2, message: 'FROM without an image' },
      { file: 'broken/Dockerfile', line: 3, message: 'FROM … AS without a stage name' },
      { file: 'broken/Dockerfile', line: 4, message: 'FROM image "${EMPTY}" is empty after ARG substitution' },
      { file: 'broken/Dockerfile', line: 7, message: 'heredoc <<EOF is never closed' },
    ]);
    expect(deps.map(brief)).toEqual([
      [3, 'alpine', '3.20', undefined, 'stage', undefined],
      [5, 'ubuntu', '24.04', undefined, 'stage', undefined],
      [6, 'Ubuntu', '24.04', undefined, 'final', 'invalid-ref'],
    ]);
    expect(deps[2]!.skipDetail).toBe('repository name must be lowercase: "Ubuntu"');
  });

  it('expands FROM with the ARGs before the first FROM only, COPY --from with its stage ARGs', () => {
    const content = [
      'ARG BASE=nginx:1.19',
      'ARG TOOLS=busybox:1.36.0',
      'FROM $BASE AS one',
      'ARG BASE=nginx:1.20',
      'ARG TOOLS',
      'COPY --from=${TOOLS} /bin/busybox /bin/',
      'FROM ${BASE}',
      'COPY --from=$BASE /etc/nginx /etc/nginx',
      '',
    ].join('\n');
    const { deps } = extract('Dockerfile', content);
    // FROM lines 3 and 7 both pull nginx:1.19 from line 1 (one place to edit, one dep); COPY --from in
    // stage one sees the global TOOLS through `ARG TOOLS`; in the last stage $BASE is not declared.
    expect(deps.map(brief)).toEqual([
      [1, 'nginx', '1.19', undefined, 'stage', undefined],
      [2, 'busybox', '1.36.0', undefined, 'stage', undefined],
      [8, '$BASE', undefined, undefined, 'final', 'contains-variable'],
    ]);
  });

  it('handles CRLF line ends and a byte-order mark', () => {
    const content = '\uFEFF# syntax=docker/dockerfile:1.9\r\nARG ALPINE=alpine:3.20.2\r\nFROM ${ALPINE} AS base\r\nFROM base\r\n';
    const { deps } = extract('Dockerfile', content);
    expect(deps.map(brief)).toEqual([
      [1, 'docker/dockerfile', '1.9', undefined, 'syntax', undefined],
      [2, 'alpine', '3.20.2', undefined, 'final', undefined],
    ]);
    expect(at(content, deps[0]!.location.value)).toBe('1.9');
    expect(at(content, deps[1]!.location.value)).toBe('3.20.2');
  });

  it('joins continuation lines across comments, blank lines and a space after the escape', () => {
    const content = 'FROM \\ \n  # the base\n\n  --platform=$BUILDPLATFORM \\\n  python:3.12.4-slim \\\n  AS app\nCOPY --link \\\n  --from=app /a /b\n';
    const { deps } = extract('Dockerfile', content);
    expect(deps.map(brief)).toEqual([[5, 'python', '3.12.4-slim', undefined, 'final', undefined]]);
    expect(at(content, deps[0]!.location.value)).toBe('3.12.4-slim');
  });

  it('reads quoted ARG values, the `ARG NAME value` form and `ARG TARGETOS TARGETARCH`', () => {
    const content = [
      "ARG DEBIAN='debian:12.6-slim'",
      'ARG RUST rust:1.80.0',
      'ARG TARGETOS TARGETARCH',
      'FROM ${DEBIAN}',
      'FROM $RUST',
      'FROM ghcr.io/acme/builder-${TARGETARCH}:1.0.0',
      '',
    ].join('\n');
    expect(extract('Dockerfile', content).deps.map(brief)).toEqual([
      [1, 'debian', '12.6-slim', undefined, 'stage', undefined],
      [2, 'rust', '1.80.0', undefined, 'stage', undefined],
      [6, 'ghcr.io/acme/builder-${TARGETARCH}:1.0.0', undefined, undefined, 'final', 'contains-variable'],
    ]);
  });

  it('expands ${VAR:+alt}, ${VAR-default} and quotes like the shell; other operators are variables', () => {
    const content = 'ARG EMPTY=\nARG SET=1\nFROM a${EMPTY:+-x}:1.0 AS s1\nFROM b:${SET:+2.0} AS s2\nFROM "c:${EMPTY-3.0}4.0" AS s3\nFROM d:${SET%-x}\n';
    const { deps } = extract('Dockerfile', content);
    expect(deps.map(brief)).toEqual([
      [3, 'a', '1.0', undefined, 'stage', undefined],
      [4, 'b', '2.0', undefined, 'stage', undefined],
      [5, 'c', '4.0', undefined, 'stage', undefined],
      [6, 'd', undefined, undefined, 'final', 'contains-variable'],
    ]);
    expect(deps.slice(0, 3).map((d) => at(content, d.location.value))).toEqual(['1.0', '2.0', '4.0']);
  });

  it('bounds ARG expansion, which doubles at every step of a hostile chain', () => {
    const args = Array.from({ length: 40 }, (_, k) => (k === 0 ? 'ARG A0=a' : `ARG A${k}=\${A${k - 1}}\${A${k - 1}}`));
    const { deps } = extract('Dockerfile', [...args, 'FROM ${A39}:1.0', ''].join('\n'));
    expect(deps.map((d) => [d.depName.length, d.currentValue, d.skipReason])).toEqual([[4096, undefined, undefined]]);
    const nested = `FROM ${'${A:-'.repeat(5000)}nginx:1.27${'}'.repeat(5000)}\n`;
    expect(extract('Dockerfile', nested).deps.map((d) => d.skipReason)).toEqual(['contains-variable']);
  });

  it('finds RUN --mount from= in any mount, skipping stages', () => {
    const content = [
      'FROM python:3.12.4 AS build',
      'RUN --mount=type=cache,target=/root/.cache --mount=type=bind,from=ghcr.io/astral-sh/uv:0.2.33,source=/uv,target=/bin/uv uv pip install .',
      'RUN --mount=type=bind,from=build,source=/dist,target=/dist ls /dist',
      '',
    ].join('\n');
    const { deps } = extract('Dockerfile', content);
    expect(deps.map(brief)).toEqual([
      [1, 'python', '3.12.4', undefined, 'stage', undefined],
      [2, 'ghcr.io/astral-sh/uv', '0.2.33', undefined, 'final', undefined],
    ]);
    expect(at(content, deps[1]!.location.value)).toBe('0.2.33');
  });

  it('yields nothing for scratch-only files, files without FROM and empty files', () => {
    expect(extract('Dockerfile', 'FROM scratch\nCOPY app /app\n').deps).toEqual([]);
    expect(extract('Dockerfile', 'just some text\n').deps).toEqual([]);
    expect(extract('Dockerfile', '').deps).toEqual([]);
    expect(extract('Dockerfile', '# syntax=docker/dockerfile:1.9.0\n').deps.map(brief)).toEqual([
      [1, 'docker/dockerfile', '1.9.0', undefined, 'syntax', undefined],
    ]);
  });

  it('ignores directives after the first comment or blank line', () => {
    const content = '# build me\n# escape=`\n\nFROM nginx:1.27.0 `\n  AS web\n';
    // The escape directive came too late: ` is no escape, so `AS web` is not part of the FROM line.
    expect(extract('Dockerfile', content).deps.map(brief)).toEqual([[4, 'nginx', '1.27.0', undefined, 'final', undefined]]);
  });

  it('applies registryAliases to packageName only', () => {
    const { deps } = extract('Dockerfile', 'FROM quay.io/prometheus/node-exporter:v1.8.2\n', {
      registryAliases: { 'quay.io': 'mirror.example.com/quay' },
    });
    expect(deps[0]).toMatchObject({ depName: 'quay.io/prometheus/node-exporter', packageName: 'mirror.example.com/quay/prometheus/node-exporter' });
  });

  it('matches Renovate default file patterns', () => {
    const matches = anyOf(dockerfileManager.filePatterns.map((p) => compilePattern(p)));
    for (const path of ['Dockerfile', 'Containerfile', 'dockerfile', 'api/Dockerfile', 'docker/ci.Dockerfile', 'Dockerfile.prod', 'web/containerfile.dev']) {
      expect(matches(path), path).toBe(true);
    }
    for (const path of ['Dockerfiles/base/README.md', 'mydockerfile', 'docs/Dockerfile-guide/index.md', 'docker-compose.yml']) {
      expect(matches(path), path).toBe(false);
    }
    expect(dockerfileManager.mightContain!('\uFEFFfrom alpine\n')).toBe(true);
    expect(dockerfileManager.mightContain!('# Just a note\nRUN true\n')).toBe(false);
  });
});

describe('dockerfile manager: applyUpdate round-trips', () => {
  const webapp = fixture('webapp/Dockerfile');
  const [syntax, node, golang, lint, distroless, probe] = extract('webapp/Dockerfile', webapp).deps;

  it('changes only the tag in an ARG default', () => {
    expect(applyUpdate(webapp, golang!, { newValue: '1.23.0-bookworm' })).toBe(
      expectedEdit(webapp, 'ARG GO_IMAGE=golang:1.22.5-bookworm\n', 'ARG GO_IMAGE=golang:1.23.0-bookworm\n'),
    );
  });

  it('adds a digest to a tag-only ARG default', () => {
    expect(applyUpdate(webapp, golang!, { newDigest: NEW_DIGEST })).toBe(
      expectedEdit(webapp, 'golang:1.22.5-bookworm\n', `golang:1.22.5-bookworm@${NEW_DIGEST}\n`),
    );
  });

  it('changes only the digest, and tag and digest together, inside a quoted ARG default', () => {
    expect(applyUpdate(webapp, node!, { newDigest: NEW_DIGEST })).toBe(
      expectedEdit(webapp, `"node:20.15.1-bookworm-slim@${NODE_DIGEST}"`, `"node:20.15.1-bookworm-slim@${NEW_DIGEST}"`),
    );
    expect(applyUpdate(webapp, node!, { newValue: '20.16.0-bookworm-slim', newDigest: NEW_DIGEST })).toBe(
      expectedEdit(webapp, `"node:20.15.1-bookworm-slim@${NODE_DIGEST}"`, `"node:20.16.0-bookworm-slim@${NEW_DIGEST}"`),
    );
  });

  it('edits a tag in the FROM line and a digest in its ARG line', () => {
    const out = applyUpdate(webapp, distroless!, { newValue: 'latest', newDigest: NEW_DIGEST });
    const expected = expectedEdit(
      expectedEdit(webapp, `ARG RUNTIME_DIGEST=${DISTROLESS_DIGEST}\n`, `ARG RUNTIME_DIGEST=${NEW_DIGEST}\n`),
      'FROM ${RUNTIME_IMAGE}:nonroot@${RUNTIME_DIGEST}\n',
      'FROM ${RUNTIME_IMAGE}:latest@${RUNTIME_DIGEST}\n',
    );
    expect(out).toBe(expected);
  });

  it('edits the syntax directive, a RUN --mount from= and a COPY --from=', () => {
    expect(applyUpdate(webapp, syntax!, { newValue: '1.9' })).toBe(
      expectedEdit(webapp, '# syntax=docker/dockerfile:1.7\n', '# syntax=docker/dockerfile:1.9\n'),
    );
    expect(applyUpdate(webapp, lint!, { newValue: 'v1.60.1' })).toBe(
      expectedEdit(webapp, '--mount=from=golangci/golangci-lint:v1.59.1,', '--mount=from=golangci/golangci-lint:v1.60.1,'),
    );
    expect(applyUpdate(webapp, probe!, { newValue: 'v0.4.29', newDigest: NEW_DIGEST })).toBe(
      expectedEdit(
        webapp,
        '--from=ghcr.io/grpc-ecosystem/grpc-health-probe:v0.4.28 ',
        `--from=ghcr.io/grpc-ecosystem/grpc-health-probe:v0.4.29@${NEW_DIGEST} `,
      ),
    );
  });

  it('returns the identical string for a no-op update', () => {
    expect(applyUpdate(webapp, node!, { newValue: node!.currentValue, newDigest: node!.currentDigest })).toBe(webapp);
    expect(applyUpdate(webapp, golang!, {})).toBe(webapp);
  });

  it('edits small files exactly: bare ARG image gets a tag and digest, FROM text stays', () => {
    const content = 'ARG BASE="nginx"\nFROM --platform=$BUILDPLATFORM ${BASE} AS web\n';
    const [dep] = extract('Dockerfile', content).deps;
    expect(applyUpdate(content, dep!, { newValue: '1.27.0', newDigest: NEW_DIGEST })).toBe(
      `ARG BASE="nginx:1.27.0@${NEW_DIGEST}"\nFROM --platform=$BUILDPLATFORM \${BASE} AS web\n`,
    );
  });

  it('edits the default of ${VAR:-default} in FROM', () => {
    const content = 'FROM alpine:${ALPINE_VERSION:-3.20.2}\n';
    const [dep] = extract('Dockerfile', content).deps;
    expect(applyUpdate(content, dep!, { newValue: '3.20.3' })).toBe('FROM alpine:${ALPINE_VERSION:-3.20.3}\n');
  });

  it('keeps CRLF line ends and the byte-order mark', () => {
    const content = '\uFEFFARG IMAGE_TAG=14.04\r\n# pinned by Upkeep\r\nFROM ubuntu:$IMAGE_TAG\r\nRUN apt-get update\r\n';
    const [dep] = extract('Dockerfile', content).deps;
    expect(applyUpdate(content, dep!, { newValue: '24.04' })).toBe(
      '\uFEFFARG IMAGE_TAG=24.04\r\n# pinned by Upkeep\r\nFROM ubuntu:$IMAGE_TAG\r\nRUN apt-get update\r\n',
    );
    expect(applyUpdate(content, dep!, { newDigest: NEW_DIGEST })).toBe(
      `\uFEFFARG IMAGE_TAG=14.04@${NEW_DIGEST}\r\n# pinned by Upkeep\r\nFROM ubuntu:$IMAGE_TAG\r\nRUN apt-get update\r\n`,
    );
  });

  it('edits a FROM continued over lines with the backtick escape', () => {
    const content = fixture('windows/Containerfile');
    const [, servercore, powershell] = extract('windows/Containerfile', content).deps;
    expect(applyUpdate(content, powershell!, { newValue: 'lts-7.4.5-nanoserver-ltsc2022' })).toBe(
      expectedEdit(
        content,
        '    mcr.microsoft.com/powershell:lts-7.4-nanoserver-ltsc2022\n',
        '    mcr.microsoft.com/powershell:lts-7.4.5-nanoserver-ltsc2022\n',
      ),
    );
    expect(applyUpdate(content, servercore!, { newDigest: NEW_DIGEST })).toBe(expectedEdit(content, SERVERCORE_DIGEST, NEW_DIGEST));
  });

  it('edits the one ARG line that two FROM lines share', () => {
    const content = 'ARG GO=golang:1.22.5\nFROM $GO AS build\nFROM $GO AS test\nFROM gcr.io/distroless/static:nonroot\n';
    const deps = extract('Dockerfile', content).deps;
    expect(deps.map(brief)).toEqual([
      [1, 'golang', '1.22.5', undefined, 'stage', undefined],
      [4, 'gcr.io/distroless/static', 'nonroot', undefined, 'final', undefined],
    ]);
    expect(applyUpdate(content, deps[0]!, { newValue: '1.23.0' })).toBe(
      'ARG GO=golang:1.23.0\nFROM $GO AS build\nFROM $GO AS test\nFROM gcr.io/distroless/static:nonroot\n',
    );
  });

  it('writes the version of an ARG used with text around it, and refuses a value that drops that text', () => {
    const content = fixture('webapp/frontend/Dockerfile.prod');
    const [node] = extract('webapp/frontend/Dockerfile.prod', content).deps;
    expect(applyUpdate(content, node!, { newValue: '22.6.0-alpine' })).toBe(content.replace('NODE_VERSION=20.15.1', 'NODE_VERSION=22.6.0'));
    expect(() => applyUpdate(content, node!, { newValue: '22.6.0-bookworm' })).toThrow(/does not keep "…-alpine"/);
  });

  it('refuses skipped deps', () => {
    const content = 'ARG MAJOR=1\nARG MINOR=25\nFROM nginx:${MAJOR}.${MINOR}-alpine\n';
    const [nginx] = extract('Dockerfile', content).deps;
    expect(() => applyUpdate(content, nginx!, { newValue: '1.27-alpine' })).toThrow(EditError);
  });
});
