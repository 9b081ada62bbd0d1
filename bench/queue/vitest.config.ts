import { defineConfig } from 'vitest/config';

// The queue figures use the TypeScript test services (Redis, registry) under vitest (bench/queue-workers.mjs starts it).
export default defineConfig({ test: { include: ['bench/queue/*.figures.ts'], testTimeout: 900_000, hookTimeout: 300_000 } });
