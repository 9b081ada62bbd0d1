/** The names-only metadata and the plug-ins agree: every manager and datasource has one entry, and takes its defaults from it. */
import { expect, it } from 'vitest';
import { getDatasource } from '../../src/datasources/registry.js';
import { MANAGERS } from '../../src/managers/registry.js';
import { DATASOURCE_IDS, DATASOURCE_META, defaultVersioning } from '../../src/meta/datasources.js';
import { MANAGER_IDS, MANAGER_META } from '../../src/meta/managers.js';

it('every manager has a metadata entry, in run order, and its patterns and datasources are the entry’s', () => {
  expect(MANAGERS.map((m) => m.id)).toEqual([...MANAGER_IDS]);
  for (const manager of MANAGERS) {
    const meta = MANAGER_META[manager.id];
    expect({ filePatterns: manager.filePatterns, readsManifests: manager.readsManifests, datasources: manager.datasources }).toEqual(meta);
    for (const id of meta.datasources) expect(DATASOURCE_IDS).toContain(id);
  }
});

it('every datasource id has an implementation whose default versioning is the table’s, and the reverse', () => {
  for (const id of DATASOURCE_IDS) {
    const datasource = getDatasource(id);
    expect(datasource?.id).toBe(id);
    expect(datasource?.defaultVersioning).toBe(DATASOURCE_META[id].defaultVersioning);
  }
  expect(defaultVersioning('docker')).toBe('docker');
  expect(defaultVersioning('no-such-datasource')).toBe('semver');
  expect(defaultVersioning(undefined)).toBe('semver');
});
