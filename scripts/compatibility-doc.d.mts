/** Types of compatibility-doc.mjs, for the test that compares README.md with what it writes. */
export const START: string;
export const END: string;

export interface CompatibilityData {
  compatibility: {
    OPTION_STATUS: Readonly<Record<string, { status: 'acted'; does: string } | { status: 'not-acted'; why: string }>>;
    statusOf(name: string): { status: string } | undefined;
  };
  renovate: {
    RENOVATE_OPTIONS: readonly string[];
    RENOVATE_RENAMES: ReadonlyArray<{ from: string; to: string }>;
    RENOVATE_GLOBAL_OPTIONS: readonly string[];
    RENOVATE_MANAGERS: readonly string[];
  };
  managerIds: readonly string[];
  presets: ReadonlyArray<{ namespace: string; presets: number; whole: number; partly: number; nothing: number }>;
}

export function compatibilitySection(data: CompatibilityData): string;
export function replaceSection(readme: string, section: string): string;
