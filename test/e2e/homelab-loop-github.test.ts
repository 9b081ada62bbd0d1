/** The home-lab loop end to end on the GitHub fake: lib/homelab-loop.ts. */
import { describeHomelabLoop } from './lib/homelab-loop.js';

describeHomelabLoop('github');
