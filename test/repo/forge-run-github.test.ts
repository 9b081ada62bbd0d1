/** A repository on the GitHub fake, run after run: the scenarios of lib/forge-run-scenarios.ts. */
import { describeForgeRun } from './lib/forge-run-scenarios.js';

describeForgeRun(['github']);
