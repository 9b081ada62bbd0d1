import { defineConfig } from 'vitest/config';
import { LongRunningFirstSequencer } from './test/services/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Prints one line per missing test service, once per run (see test/services/require.ts).
    globalSetup: ['test/services/skip-report.ts'],
    // Fails a test file whose output shows a canary secret (test/services/canary.ts).
    setupFiles: ['test/services/canary-guard.ts'],
    testTimeout: 30_000,
    // Most files wait on git processes, servers and the forge fakes rather than compute: on the 2-core
    // machines CI uses, vitest's default (cores - 1 = one worker) leaves the CPU idle half the time.
    maxWorkers: 3,
    hookTimeout: 60_000,
    // A fresh checkout has no timings: the long files start first anyway (test/services/sequencer.ts).
    sequence: { sequencer: LongRunningFirstSequencer },
  },
});
