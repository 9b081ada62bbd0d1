import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dep } from '../../src/deps/dep.js';
import { applyUpdate } from '../../src/edit/apply-update.js';
import { anyOf, compileBuiltinPattern as compilePattern } from '../../src/config/file-patterns.js';
import { dockerComposeManager } from '../../src/managers/docker-compose.js';
import { createPackageFile } from '../../src/managers/package-file.js';
import type { ExtractOptions } from '../../src/managers/types.js';
import { EditError } from '../../src/util/errors.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/docker-compose');
const AUTHELIA = 'sha256:913f8566936acaa4532730a7024fd5a3355b889daf86231d0dbf0dfadb9e085b';
const HASS = 'sha256:4c2a0277b386a3ef756320d8ca286873d8325c57d34d0e84d6556b3f044c8e85';
const PORTAINER = 'sha256:7f331a0764ad607cd8a54f8f1a683b50df6f2ad91ecf0e1e488f1982a97046e9';
const NEW_DIGEST = 'sha256:4f1e4b2d8f0c6a3e9b7d5c1a0e2f4b6d8c0a2e4f6b8d0c2e4a6f8b0d2c4e6a8f';

function fixture(path: string): string {
  return readFileSync(resolve(FIXTURES, path), 'utf8');
}

function extract(path: string, content = fixture(path), options: ExtractOptions = {}) {
  return dockerComposeManager.extractFile(createPackageFile(path, content), options);
}

const brief = (d: Dep) => [d.line, d.depName, d.currentValue, d.currentDigest, d.skipReason];

/** Replace the only occurrence of `from` by `to` (the expected file). */
function expectedEdit(content: string, from: string, to: string): string {
  expect(content.split(from).length, `"${from}" occurs once`).toBe(2);
  return content.replace(from, to);
}

describe('docker-compose manager: extraction', () => {
  const homelab = fixture('homelab/docker-compose.yml');

  it('reads every service of a homelab stack in file order, x- fragment and merged services once', () => {
    const { deps, warnings } = extract('homelab/docker-compose.yml', homelab);
    expect(warnings).toEqual([]);
    expect(deps.map(brief)).toEqual([
      [17, 'postgres', '16-alpine', undefined, undefined],
      [26, 'traefik', 'v3.1.2', undefined, undefined],
      [37, 'traefik/whoami', 'v1.10.3', undefined, undefined],
      [42, 'ghcr.io/authelia/authelia', '4.38.10', AUTHELIA, undefined],
      [46, 'redis', '7.2.5-alpine', undefined, undefined],
      [50, 'nextcloud', '29.0.4-apache', undefined, undefined],
      [66, 'ghcr.io/home-assistant/home-assistant', '2024.8.1', HASS, undefined],
      [72, 'jellyfin/jellyfin', '10.9.9', undefined, undefined],
      [77, 'lscr.io/linuxserver/sonarr', '4.0.8', undefined, undefined],
      [81, 'lscr.io/linuxserver/radarr', '5.8.3', undefined, undefined],
      [85, 'louislam/uptime-kuma', '1', undefined, undefined],
      [88, 'pihole/pihole', '2024.07.0', undefined, undefined],
      [93, 'portainer/portainer-ce', undefined, PORTAINER, undefined],
      [96, 'containrrr/watchtower', undefined, undefined, undefined],
      [100, '${REGISTRY}/homelab/restic-backup:1.4.0', undefined, undefined, 'contains-variable'],
    ]);
    expect(deps.every((d) => d.manager === 'docker-compose' && d.datasource === 'docker' && d.packageName === d.depName)).toBe(true);
  });

  it('records exact spans inside quotes and inside ${VAR:-default}', () => {
    const deps = extract('homelab/docker-compose.yml', homelab).deps;
    const span = (d: Dep | undefined, key: 'value' | 'digest') => {
      const s = d!.location[key];
      return s ? homelab.slice(s.start, s.end) : undefined;
    };
    const byName = (name: string) => deps.find((d) => d.depName === name);
    expect(span(byName('traefik/whoami'), 'value')).toBe('v1.10.3');
    expect(span(byName('redis'), 'value')).toBe('7.2.5-alpine');
    expect(span(byName('ghcr.io/authelia/authelia'), 'digest')).toBe(AUTHELIA);
    expect(span(byName('pihole/pihole'), 'value')).toBe('2024.07.0');
    expect(span(byName('portainer/portainer-ce'), 'digest')).toBe(PORTAINER);
    const watchtower = byName('containrrr/watchtower')!;
    expect(watchtower.location.valueInsert?.before).toBe(':');
    expect(homelab.slice(watchtower.location.valueInsert!.at - 21, watchtower.location.valueInsert!.at)).toBe('containrrr/watchtower');
  });

  it('reads v1 files without services, skipping services that build', () => {
    expect(extract('legacy/docker-compose.yml').deps.map(brief)).toEqual([
      [3, 'nginx', '1.25.5', undefined, undefined],
      [12, 'mysql', '5.7.44', undefined, undefined],
    ]);
  });

  it('follows service anchors and image aliases; a build merged in skips the service', () => {
    const { deps, warnings } = extract('apps/compose.yaml');
    expect(warnings).toEqual([]);
    expect(deps.map(brief)).toEqual([
      [3, 'ghcr.io/acme/api', '2.3.1', undefined, undefined],
      [21, 'postgres', '15.7', undefined, undefined],
      // `build:` left empty builds nothing: the image is pulled.
      [27, 'axllent/mailpit', 'v1.20.1', undefined, undefined],
    ]);
  });

  it('skips templated references and reads around Jinja blocks', () => {
    const { deps, warnings } = extract('templated/docker-compose.yml');
    expect(warnings).toEqual([]);
    expect(deps.map(brief)).toEqual([
      [4, 'gitea/gitea', undefined, undefined, 'templated'],
      [9, 'postgres', '16.4', undefined, undefined],
      [12, 'adminer', '4.8.1', undefined, undefined],
    ]);
    expect(deps[0]!.skipDetail).toBe('templated image reference "gitea/gitea:{{ gitea_version }}"');
  });

  it('warns once for invalid YAML, naming file and line', () => {
    const { deps, warnings } = extract('broken/compose.yaml');
    expect(deps).toEqual([]);
    expect(warnings).toEqual([{ file: 'broken/compose.yaml', line: 8, message: 'not valid YAML, skipped: Missing closing "quote' }]);
  });

  it('warns about values of the wrong type and keeps the other services', () => {
    const { deps, warnings } = extract('broken/docker-compose.wrong-types.yml');
    expect(deps.map(brief)).toEqual([[10, 'docker.elastic.co/elasticsearch/elasticsearch', '8.14.3', undefined, undefined]]);
    expect(warnings).toEqual([
      { file: 'broken/docker-compose.wrong-types.yml', line: 2, message: 'services.cache is not a map' },
      { file: 'broken/docker-compose.wrong-types.yml', line: 5, message: 'services.proxy.image is not a string' },
      { file: 'broken/docker-compose.wrong-types.yml', line: 8, message: 'services.queue.image is not a string' },
    ]);
    expect(extract('broken/compose.services-list.yaml').warnings).toEqual([
      { file: 'broken/compose.services-list.yaml', line: 2, message: 'services is not a map' },
    ]);
    expect(extract('compose.yaml', '- just\n- a list\n').warnings).toEqual([
      { file: 'compose.yaml', line: 1, message: 'not a Compose file: the top level is not a map' },
    ]);
    expect(extract('compose.yaml', '').deps).toEqual([]);
  });

  it('handles CRLF line ends', () => {
    const content = 'services:\r\n  app:\r\n    image: "nginx:1.27.0"\r\n  db:\r\n    image: postgres:16.4\r\n';
    expect(extract('compose.yaml', content).deps.map(brief)).toEqual([
      [3, 'nginx', '1.27.0', undefined, undefined],
      [5, 'postgres', '16.4', undefined, undefined],
    ]);
  });

  it('applies registryAliases to packageName only', () => {
    const [dep] = extract('compose.yaml', 'services:\n  app:\n    image: quay.io/keycloak/keycloak:25.0.2\n', {
      registryAliases: { 'quay.io': 'mirror.example.com/quay' },
    }).deps;
    expect(dep).toMatchObject({ depName: 'quay.io/keycloak/keycloak', packageName: 'mirror.example.com/quay/keycloak/keycloak' });
  });

  it('matches Renovate default file patterns', () => {
    const matches = anyOf(dockerComposeManager.filePatterns.map((p) => compilePattern(p)));
    for (const path of ['docker-compose.yml', 'compose.yaml', 'docker-compose.prod.yml', 'stacks/media/compose.override.yaml']) {
      expect(matches(path), path).toBe(true);
    }
    for (const path of ['my-compose.yml', 'compose/app.yml', 'docker-compose.json', 'kustomization.yaml']) {
      expect(matches(path), path).toBe(false);
    }
    expect(dockerComposeManager.mightContain!(homelab)).toBe(true);
    expect(dockerComposeManager.mightContain!('networks:\n  default: {}\n')).toBe(false);
  });
});

describe('docker-compose manager: applyUpdate round-trips', () => {
  const homelab = fixture('homelab/docker-compose.yml');
  const deps = extract('homelab/docker-compose.yml', homelab).deps;
  const byName = (name: string) => deps.find((d) => d.depName === name)!;

  it('changes only the tag of a plain reference', () => {
    expect(applyUpdate(homelab, byName('traefik'), { newValue: 'v3.1.3' })).toBe(
      expectedEdit(homelab, '    image: traefik:v3.1.2\n', '    image: traefik:v3.1.3\n'),
    );
  });

  it('keeps a comment after the value', () => {
    expect(applyUpdate(homelab, byName('nextcloud'), { newValue: '29.0.5-apache' })).toBe(
      expectedEdit(homelab, 'nextcloud:29.0.4-apache # pinned', 'nextcloud:29.0.5-apache # pinned'),
    );
  });

  it('changes only the digest, and tag and digest together', () => {
    expect(applyUpdate(homelab, byName('portainer/portainer-ce'), { newDigest: NEW_DIGEST })).toBe(
      expectedEdit(homelab, `portainer/portainer-ce@${PORTAINER}\n`, `portainer/portainer-ce@${NEW_DIGEST}\n`),
    );
    expect(applyUpdate(homelab, byName('ghcr.io/authelia/authelia'), { newValue: '4.38.11', newDigest: NEW_DIGEST })).toBe(
      expectedEdit(homelab, `authelia:4.38.10@${AUTHELIA}`, `authelia:4.38.11@${NEW_DIGEST}`),
    );
  });

  it('adds a digest inside single quotes and a tag inside double quotes, keeping the quotes', () => {
    expect(applyUpdate(homelab, byName('redis'), { newDigest: NEW_DIGEST })).toBe(
      expectedEdit(homelab, "image: 'redis:7.2.5-alpine'", `image: 'redis:7.2.5-alpine@${NEW_DIGEST}'`),
    );
    expect(applyUpdate(homelab, byName('traefik/whoami'), { newValue: 'v1.10.4' })).toBe(
      expectedEdit(homelab, 'image: "traefik/whoami:v1.10.3"', 'image: "traefik/whoami:v1.10.4"'),
    );
  });

  it('adds a tag and a digest to a bare name', () => {
    expect(applyUpdate(homelab, byName('containrrr/watchtower'), { newValue: '1.7.1', newDigest: NEW_DIGEST })).toBe(
      expectedEdit(homelab, 'image: containrrr/watchtower\n', `image: containrrr/watchtower:1.7.1@${NEW_DIGEST}\n`),
    );
  });

  it('edits the default of ${VAR:-default}', () => {
    expect(applyUpdate(homelab, byName('pihole/pihole'), { newValue: '2024.07.1' })).toBe(
      expectedEdit(homelab, '${PIHOLE_IMAGE:-pihole/pihole:2024.07.0}', '${PIHOLE_IMAGE:-pihole/pihole:2024.07.1}'),
    );
  });

  it('edits the x- fragment that two services merge, once', () => {
    expect(applyUpdate(homelab, byName('postgres'), { newValue: '16.4-alpine' })).toBe(
      expectedEdit(homelab, '  image: postgres:16-alpine\n', '  image: postgres:16.4-alpine\n'),
    );
  });

  it('returns the identical string for a no-op update', () => {
    const authelia = byName('ghcr.io/authelia/authelia');
    expect(applyUpdate(homelab, authelia, { newValue: '4.38.10', newDigest: AUTHELIA })).toBe(homelab);
    expect(applyUpdate(homelab, byName('traefik'), {})).toBe(homelab);
  });

  it('keeps CRLF line ends and other documents untouched', () => {
    const content = '# stack\r\nservices:\r\n  app:\r\n    image: "nginx:1.27.0" # web\r\n---\r\nservices:\r\n  db:\r\n    image: postgres:16.4\r\n';
    const [app, db] = extract('compose.yaml', content).deps;
    expect(applyUpdate(content, app!, { newValue: '1.27.1' })).toBe(
      '# stack\r\nservices:\r\n  app:\r\n    image: "nginx:1.27.1" # web\r\n---\r\nservices:\r\n  db:\r\n    image: postgres:16.4\r\n',
    );
    expect(applyUpdate(content, db!, { newDigest: NEW_DIGEST })).toBe(
      `# stack\r\nservices:\r\n  app:\r\n    image: "nginx:1.27.0" # web\r\n---\r\nservices:\r\n  db:\r\n    image: postgres:16.4@${NEW_DIGEST}\r\n`,
    );
  });

  it('refuses skipped deps', () => {
    expect(() => applyUpdate(homelab, byName('${REGISTRY}/homelab/restic-backup:1.4.0'), { newValue: '1.5.0' })).toThrow(EditError);
  });
});
