/**
 * The one clock of a run. A run is made at one instant (`startedAt`) that every decision reads — release
 * age, schedules, limits, the dashboard — so a run can be replayed at any date by injecting that instant.
 * Things that measure elapsed time against the world (cache freshness, a registry token's expiry,
 * Retry-After) read `now()`, which starts at `startedAt` and advances with real (monotonic) time.
 *
 * This is the only module that reads the wall clock for a decision; everything else is handed a Clock.
 */
export interface Clock {
  /** The run's instant. */
  readonly startedAt: Date;
  /** Milliseconds since the epoch: `startedAt` plus the time elapsed since the clock was made. */
  now(): number;
}

/** A clock starting now (the wall clock), or at `at` (a replayed or tested run). */
export function createClock(at?: Date): Clock {
  const origin = at ? at.getTime() : Date.now();
  const started = performance.now();
  return {
    startedAt: new Date(origin),
    now: () => origin + (performance.now() - started),
  };
}
