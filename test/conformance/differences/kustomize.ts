import type { Differences } from './types.js';

/** Deliberate differences from Renovate for the kustomize manager. */

const DIGEST = 'sha256:b0cfe264cb1143c7c660ddfd5c482464997d62d6bc9f97f8fdf3deefce881a8c';

export const kustomizeDifferences: Differences = {
  'kustomize-images': [
    {
      reason:
        'Upkeep reads versions as written: unquoted `newTag: 2.5` is the tag "2.5" (kustomize renders nginx:2.5), a valid dep; Renovate reads the YAML number 2.5 and calls it invalid-value.',
      adjustExpected: (d) =>
        d.depName === 'nginx' && d.skipReason === 'invalid-value'
          ? { depName: 'nginx', packageName: 'nginx', currentValue: '2.5', datasource: 'docker', depType: 'Kustomization' }
          : d,
    },
  ],
  'kustomize-digest-forms': [
    {
      reason:
        "`newTag` and `digest` together are valid: kustomize's image transformer (api/filters/imagetag/updater.go) renders `name:newTag@digest` when both are set, and that is the form Upkeep writes when it pins a newTag. Renovate's note that kustomize ignores newTag is outdated.",
      adjustExpected: (d) => (d.skipReason === 'invalid-dependency-specification' ? { currentValue: '11', currentDigest: DIGEST, skipReason: undefined } : d),
    },
  ],
  'kustomize-newtag-forms': [
    {
      reason:
        "The case's kustomization.yaml is cut off at the comment `# invalid - renders as \\` (a backtick in Renovate's fixture ended the transcription): the third image entry (`newTag: sha256:…`) that the expected invalid-value dep comes from is not in the input. test/managers/kustomize.test.ts checks that form.",
      dropExpected: (d) => d.skipReason === 'invalid-value',
    },
  ],
};
