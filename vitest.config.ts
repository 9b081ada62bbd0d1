import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Prints one line per missing test service, once per run (see test/services/require.ts).
    globalSetup: ['test/services/skip-report.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
