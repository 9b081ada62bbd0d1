import type { Differences } from './types.js';

/** Deliberate differences from Renovate for the dockerfile manager. */
export const dockerfileDifferences: Differences = {
  'dockerfile-arg-overwritten': [
    {
      reason:
        'Docker expands FROM with the ARGs declared before the first FROM only: `ARG base=nginx:1.20` sits inside stage1 and does ' +
        'not change what stage2 pulls, which is nginx:1.19 from line 1. Upkeep reports the image the build really uses, once ' +
        '(both FROM lines take it from the same ARG line, so it is one place to edit); Renovate would propose edits to the ' +
        'stage-local ARG that change nothing.',
      dropExpected: (d) => d.currentValue === '1.20',
      adjustExpected: (d) => ({ ...d, depType: 'final' }),
    },
  ],
  'dockerfile-arg-without-default': [
    {
      reason:
        'Every Upkeep dep has a depName, so the report and the dashboard can say which reference was skipped: an image that is ' +
        'only an unset ARG is named by its text as written (`$img_base`). Renovate leaves depName out.',
      adjustExpected: (d) => ({ ...d, depName: d.replaceString, packageName: d.replaceString }),
    },
  ],
  'dockerfile-registry-alias': [
    {
      reason:
        'Repository names must be lowercase: `docker pull quay.io/myName/myPackage:0.6.2` fails with "repository name must be ' +
        'lowercase". Upkeep lists the dep with skipReason invalid-ref and that message instead of looking up a name no registry ' +
        'serves; name, tag and the aliased packageName are read as Renovate reads them.',
      adjustExpected: (d) => ({ ...d, skipReason: 'invalid-ref' }),
    },
  ],
};
