/** A repository on the GitLab fake, run after run: the scenarios of lib/forge-run-scenarios.ts. */
import { describeForgeRun } from './lib/forge-run-scenarios.js';

describeForgeRun(['gitlab']);
