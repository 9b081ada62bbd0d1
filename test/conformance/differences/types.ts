/** A deliberate difference between Upkeep and Renovate on one conformance case, with its reason. */
export type ExpectedDep = Record<string, unknown>;

export interface CaseDifference {
  /** Why Upkeep differs: a user reading the test should understand the choice. */
  reason: string;
  /** Expected deps Upkeep deliberately does not produce. */
  dropExpected?: (dep: ExpectedDep) => boolean;
  /** Rewrite expected deps into what Upkeep deliberately produces instead. */
  adjustExpected?: (dep: ExpectedDep) => ExpectedDep;
  /** Deps Upkeep produces that this snapshot of Renovate's output does not have. */
  dropActual?: (dep: ExpectedDep) => boolean;
}

/** Case directory name → its differences. */
export type Differences = Record<string, CaseDifference[]>;
