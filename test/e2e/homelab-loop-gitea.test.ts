/** The home-lab loop end to end on the Gitea fake: lib/homelab-loop.ts. */
import { describeHomelabLoop } from './lib/homelab-loop.js';

describeHomelabLoop('gitea');
