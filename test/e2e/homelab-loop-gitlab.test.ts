/** The home-lab loop end to end on the GitLab fake: lib/homelab-loop.ts. */
import { describeHomelabLoop } from './lib/homelab-loop.js';

describeHomelabLoop('gitlab');
