/**
 * The order test files start in. Vitest starts the files that took longest last time first, but a fresh
 * checkout (CI) has no such record and it falls back to file size: the home-lab loops are four-line
 * files that run for a minute or more each, so they started last and the whole run waited on them. The
 * files known to be long (the e2e loops, faults and hostile runs, the forge runs) start first, in
 * vitest's order among themselves, and everything else follows in vitest's order.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const LONG_RUNNING = [/\/test\/repo\/forge-run-[a-z]+\.test\.ts$/, /\/test\/e2e\//, /\/test\/repo\/forge-/, /\/test\/cli\/run-forge\.test\.ts$/];

const rank = (file: TestSpecification) => {
  const i = LONG_RUNNING.findIndex((re) => re.test(file.moduleId));
  return i === -1 ? LONG_RUNNING.length : i;
};

export class LongRunningFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: vitest's order is kept within each rank.
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}
