/**
 * Zod as Upkeep uses it: config modules write `import * as z from './zod.js'`.
 *
 * - Without its JIT: zod compiles each object schema into a function on first use, which cost ~10 ms in a
 *   run that validates one config and a few presets, and validated no faster afterwards at these sizes.
 * - As a namespace of named exports, not zod's `z` object: the CLI bundle then holds only the parts of
 *   zod the schemas use (~170 KiB instead of ~750 KiB with every locale), which every run compiles.
 */
import { config } from 'zod';

config({ jitless: true });

export * from 'zod';
