import { defineConfig } from 'vitest/config';

// The forge figures run the TypeScript fakes under vitest (bench/forge-run.mjs starts it).
export default defineConfig({ test: { include: ['bench/forge/*.figures.ts'], testTimeout: 300_000 } });
