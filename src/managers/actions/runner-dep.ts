/**
 * A `runs-on:` label that names a runner image GitHub hosts (`ubuntu-22.04`, `macos-14-large`,
 * `windows-2022`) as a dep of the github-runners datasource: the operating system is the package, what
 * follows it the version, and only the version is rewritten (`ubuntu-22.04` → `ubuntu-24.04`).
 *
 * `ubuntu-latest` is listed but skipped: it follows GitHub's choice and pins nothing. Self-hosted labels
 * (`self-hosted`, `home-ops`, `ubuntu-slim`) and expressions (`${{ matrix.os }}`) are not deps.
 */
import type { Dep, ManagerId } from '../../deps/dep.js';
import { isHostedRunner, RUNNER_MOVING_VERSION } from '../../meta/github-runners.js';
import type { PackageFile } from '../types.js';
import type { ScalarText } from '../yaml/nodes.js';

const RUNNER_LABEL = /^([A-Za-z]+)-(\S+)$/;

export function runnerDep(manager: ManagerId, file: PackageFile, text: ScalarText): Dep | null {
  if (text.templated) return null;
  const label = text.value.trim();
  const [, os, version] = RUNNER_LABEL.exec(label) ?? [];
  if (os === undefined || version === undefined || !isHostedRunner(os, version)) return null;
  const dep: Dep = {
    manager,
    file: file.path,
    line: file.lineAt(text.span.start),
    datasource: 'github-runners',
    depName: os,
    packageName: os,
    currentValue: version,
    depType: 'github-runner',
    location: {},
  };
  if (version === RUNNER_MOVING_VERSION) {
    dep.skipReason = 'invalid-version';
    dep.skipDetail = `runs-on: ${label} moves with GitHub's newest image; pin a version (${os}-<version>) to have it updated`;
  } else if (!text.editable) {
    dep.skipReason = 'not-editable';
    dep.skipDetail = `runs-on: ${label} is written with escapes and cannot be edited in place`;
  } else {
    const start = text.span.start + text.value.indexOf(label) + os.length + 1;
    dep.location = { value: { start, end: start + version.length } };
  }
  return dep;
}
