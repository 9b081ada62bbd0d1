/**
 * Zod as Upkeep uses it: every config module imports `z` from here. Without its JIT: zod compiles each
 * object schema into a function on first use, which cost ~10 ms in a run that validates one config and a
 * few presets, and validated no faster afterwards at these sizes.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
