import type { Differences } from './types.js';

/** Deliberate differences from Renovate for the docker-compose manager. */
export const dockerComposeDifferences: Differences = {
  'docker-compose-default-variable': [
    {
      reason:
        '`sha256:abcd` is not a digest (sha256 has 64 hex digits) and `docker compose pull` rejects the reference; Upkeep lists ' +
        'the dep with skipReason invalid-ref (and says why) instead of looking up a digest that cannot exist. Name, tag and digest ' +
        'are still read exactly as Renovate reads them.',
      adjustExpected: (d) => (d.currentDigest === 'sha256:abcd' ? { ...d, skipReason: 'invalid-ref' } : d),
    },
  ],
  'docker-compose-v3': [
    {
      reason:
        'Every Upkeep dep has a depName, so the report and the dashboard can say which reference was skipped: a reference whose ' +
        'name is a variable (`${IMAGE:-…}:${TAG:-…}`) is named by its text as written. Renovate leaves depName out.',
      adjustExpected: (d) => (d.skipReason === 'contains-variable' ? { ...d, depName: d.replaceString, packageName: d.replaceString } : d),
    },
  ],
};
