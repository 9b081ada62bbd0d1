/**
 * The suite's canary: every secret a test hands to Upkeep as the bot's token or a registry password
 * starts with SUITE_CANARY, and canary-guard.ts (a setup file of every test file) fails a file whose
 * output ever shows it. Letters and digits only, so it passes for a token anywhere one is parsed.
 */
import { randomBytes } from 'node:crypto';

export const SUITE_CANARY = 'upkeepcanary';

/** A fresh secret with the canary prefix (hex after it). */
export function canaryToken(bytes = 16): string {
  return `${SUITE_CANARY}${randomBytes(bytes).toString('hex')}`;
}
