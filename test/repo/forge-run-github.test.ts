/** The forge-run scenarios (lib/forge-run-scenarios.ts) on the GitHub fake. */
import { FORGES } from '../platforms/worlds.js';
import { describeForgeRun } from './lib/forge-run-scenarios.js';

describeForgeRun(FORGES.find((f) => f.id === 'github')!);
