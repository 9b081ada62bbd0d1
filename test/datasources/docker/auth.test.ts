/**
 * Authentication against real registries: htpasswd Basic, and token auth through a token server the
 * registry trusts; wrong credentials; tokens cached until they expire; no credentials after a redirect.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { credentialFor } from '../../../src/datasources/docker/auth.js';
import { dockerDatasource } from '../../../src/datasources/docker/index.js';
import { resolveTarget } from '../../../src/datasources/docker/registry-url.js';
import { HttpStatusError } from '../../../src/util/errors.js';
import { redirect, startFaultServer, status } from '../../services/fault-server.js';
import { pushImage, type PushedManifest } from '../../services/registry-seed.js';
import { registryCommands, startRegistry, type TestRegistry } from '../../services/registry.js';
import { requireCommands } from '../../services/require.js';
import { counts, nextRun, testContext } from './context.js';

const withRegistry = requireCommands([...registryCommands('basic'), ...registryCommands('token')]);

describe('credentials for Docker Hub', () => {
  it('uses a rule for docker.io, whichever Docker Hub name the image is written with', () => {
    const ctx = testContext([{ hostType: 'docker', matchHost: 'docker.io', username: 'bot', password: 'hub-secret' }]);
    for (const name of ['nginx', 'docker.io/library/nginx', 'index.docker.io/grafana/grafana', 'registry-1.docker.io/bitnami/redis']) {
      const target = resolveTarget({ packageName: name }, (url) => ctx.http.hostRule(url, 'docker'));
      expect(credentialFor(target, ctx)).toBe(`Basic ${Buffer.from('bot:hub-secret').toString('base64')}`);
    }
    const ghcr = resolveTarget({ packageName: 'ghcr.io/o/r' }, (url) => ctx.http.hostRule(url, 'docker'));
    expect(credentialFor(ghcr, ctx)).toBeUndefined();
    const tokenCtx = testContext([{ hostType: 'docker', matchHost: 'ghcr.io', token: 'ghp_abcdef' }]);
    expect(credentialFor(ghcr, tokenCtx)).toBe('Bearer ghp_abcdef');
  });
});

withRegistry.describe('docker datasource with registry auth', () => {
  let basic: TestRegistry;
  let token: TestRegistry;
  let open: TestRegistry;
  let app: PushedManifest;
  const bad = { username: 'upkeep', password: 'wrong-password-123' };

  beforeAll(async () => {
    [basic, token, open] = await Promise.all([
      startRegistry({ auth: 'basic' }),
      startRegistry({ auth: 'token' }),
      startRegistry({ auth: 'token', anonymousPull: true }),
    ]);
    await pushImage(open, 'public/app', ['5.0'], { created: '2024-05-05T00:00:00Z' });
    app = await pushImage(basic, 'team/app', ['1.0.0', 'latest'], { created: '2024-04-01T00:00:00Z' });
    await pushImage(token, 'team/app', ['1.0.0', 'latest'], { created: '2024-04-01T00:00:00Z' });
    await pushImage(token, 'team/other', ['3.1'], { created: '2024-04-02T00:00:00Z' });
  }, 60_000);

  afterAll(async () => {
    await basic?.stop();
    await token?.stop();
    await open?.stop();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  describe('Basic (htpasswd)', () => {
    it('sends the host rule credentials after the registry asks for Basic', async () => {
      const ctx = testContext(basic.hostRules());
      const pkg = { packageName: `${basic.host}/team/app` };
      expect((await dockerDatasource.getReleases(pkg, ctx))!.releases.map((r) => r.version)).toEqual(['1.0.0', 'latest']);
      expect(await dockerDatasource.getDigest!(pkg, '1.0.0', ctx)).toBe(app.digest);
      // One anonymous probe of /v2/ per registry; every other request goes with credentials at once.
      // GET: the probe, the tag list, `latest` by tag and its config (source URL); HEAD: 1.0.0.
      expect(counts(ctx)).toEqual({ [`GET ${basic.host}`]: 4, [`HEAD ${basic.host}`]: 1 });
    });

    it('names the host and keeps the secret out when the credentials are wrong or missing', async () => {
      const pkg = { packageName: `${basic.host}/team/app` };
      const wrong = testContext(basic.hostRules(bad));
      const error = await dockerDatasource.getReleases(pkg, wrong).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HttpStatusError);
      expect((error as HttpStatusError).status).toBe(401);
      expect((error as HttpStatusError).host).toBe(basic.host);
      expect((error as Error).message).toBe(
        `${basic.host}/team/app: tag list: 401 Unauthorized from ${basic.host} (the registry refused the credentials of the docker host rule)`,
      );
      expect((error as Error).message).not.toContain(bad.password);
      expect((error as Error).message).not.toContain(Buffer.from(`${bad.username}:${bad.password}`).toString('base64'));

      const none = testContext(basic.hostRules(null));
      await expect(dockerDatasource.getDigest!(pkg, 'latest', none)).rejects.toThrow(
        `${basic.host}/team/app: manifest of latest: 401 Unauthorized from ${basic.host} (the registry needs credentials and no docker host rule with credentials matches it)`,
      );
    });

    it('learns the challenge from a 401 when /v2/ lets anyone in but the repositories do not', async () => {
      const front = await startFaultServer({ upstream: basic.url });
      try {
        front.route({ path: '/v2/', actions: [], then: status(200, '{}') });
        const rules = [
          { hostType: 'docker', matchHost: front.host, insecureRegistry: true, username: basic.users[0]!.username, password: basic.users[0]!.password },
        ];
        const ctx = testContext(rules);
        const first = await dockerDatasource.getDigest!({ packageName: `${front.host}/team/app` }, '1.0.0', ctx);
        const second = await dockerDatasource.getDigest!({ packageName: `${front.host}/team/app` }, 'latest', ctx);
        expect([first, second]).toEqual([app.digest, app.digest]);
        expect(front.requests.map((r) => `${r.method} ${r.path} ${r.headers.authorization ? 'auth' : 'anonymous'}`)).toEqual([
          'GET /v2/ anonymous',
          'HEAD /v2/team/app/manifests/1.0.0 anonymous',
          'HEAD /v2/team/app/manifests/1.0.0 auth',
          'HEAD /v2/team/app/manifests/latest auth',
        ]);
      } finally {
        await front.stop();
      }
    });

    it('sends no Authorization to another host when a blob read is redirected there', async () => {
      const storage = await startFaultServer();
      const front = await startFaultServer({ upstream: basic.url });
      try {
        storage.route({ path: '/object-store/config', actions: [status(200, app.config!.body.toString(), { 'content-type': 'application/octet-stream' })] });
        front.route({ path: `/v2/team/app/blobs/${app.config!.digest}`, actions: [redirect(`${storage.url}/object-store/config?X-Amz-Signature=abc`)] });
        const rules = [
          { hostType: 'docker', matchHost: front.host, insecureRegistry: true, username: basic.users[0]!.username, password: basic.users[0]!.password },
        ];
        const ctx = testContext(rules);
        expect(await dockerDatasource.getReleaseTimestamp!({ packageName: `${front.host}/team/app` }, '1.0.0', ctx)).toBe('2024-04-01T00:00:00.000Z');
        const blobRead = front.requestsTo(`/v2/team/app/blobs/${app.config!.digest}`);
        expect(blobRead).toHaveLength(1);
        expect(blobRead[0]!.headers.authorization).toMatch(/^Basic /);
        expect(storage.requests).toHaveLength(1);
        expect(storage.requests[0]!.url).toBe('/object-store/config?X-Amz-Signature=abc');
        expect(storage.requests[0]!.headers.authorization).toBeUndefined();
      } finally {
        await front.stop();
        await storage.stop();
      }
    });
  });

  describe('token auth', () => {
    it('does the token dance with the challenge realm, service and a pull scope, once per repository', async () => {
      const server = token.tokenServer!;
      server.requests.length = 0;
      const ctx = testContext(token.hostRules());
      const app = { packageName: `${token.host}/team/app` };
      const other = { packageName: `${token.host}/team/other` };
      expect((await dockerDatasource.getReleases(app, ctx))!.releases.map((r) => r.version)).toEqual(['1.0.0', 'latest']);
      expect(await dockerDatasource.getReleaseTimestamp!(app, '1.0.0', ctx)).toBe('2024-04-01T00:00:00.000Z');
      expect((await dockerDatasource.getReleases(other, ctx))!.releases).toEqual([{ version: '3.1' }]);
      expect(server.requests).toEqual([
        { service: 'upkeep-test-registry', scopes: ['repository:team/app:pull'], account: 'upkeep', hadAuthorization: true, status: 200 },
        { service: 'upkeep-test-registry', scopes: ['repository:team/other:pull'], account: 'upkeep', hadAuthorization: true, status: 200 },
      ]);

      // The next run within the token's lifetime uses the cached token.
      const run2 = nextRun(ctx, token.hostRules());
      await dockerDatasource.getDigest!(app, '1.0.0', run2);
      expect(server.requests).toHaveLength(2);
      expect(counts(run2)).toEqual({ [`HEAD ${token.host}`]: 1 });
    });

    it('asks for a new token once the old one is about to expire', async () => {
      const server = token.tokenServer!;
      const ctx = testContext(token.hostRules());
      const app = { packageName: `${token.host}/team/app` };
      vi.useFakeTimers({ toFake: ['Date'] });
      await dockerDatasource.getDigest!(app, 'latest', ctx);
      const asked = server.requests.length;
      vi.setSystemTime(Date.now() + 280_000); // tokens live 300 s; 15 s before that they are not used
      await dockerDatasource.getDigest!(app, '1.0.0', ctx);
      expect(server.requests.length).toBe(asked);
      vi.setSystemTime(Date.now() + 10_000);
      await dockerDatasource.getDigest!(app, '1.0.0', nextRun(ctx, token.hostRules()));
      expect(server.requests.length).toBe(asked + 1);
    });

    it('gets anonymous tokens where the registry lets anyone pull (public images), and never lets a token into a message', async () => {
      const server = open.tokenServer!;
      const ctx = testContext(open.hostRules(null));
      const pkg = { packageName: `${open.host}/public/app` };
      expect((await dockerDatasource.getReleases(pkg, ctx))!.releases).toEqual([{ version: '5.0' }]);
      expect(await dockerDatasource.getReleaseTimestamp!(pkg, '5.0', ctx)).toBe('2024-05-05T00:00:00.000Z');
      expect(server.requests.map((r) => [r.scopes, r.account, r.hadAuthorization])).toEqual([[['repository:public/app:pull'], undefined, false]]);
      expect(server.issued).toHaveLength(1);
      expect(ctx.http.redactor.redact(`failed with ${server.issued[0]}`)).toBe('failed with ***');
    });

    it('says which host refused wrong credentials, without the secret', async () => {
      const ctx = testContext(token.hostRules(bad));
      const error = (await dockerDatasource.getReleases({ packageName: `${token.host}/team/app` }, ctx).catch((e: unknown) => e)) as HttpStatusError;
      expect(error).toBeInstanceOf(HttpStatusError);
      expect(error.host).toBe(token.host);
      expect(error.message).toBe(
        `${token.host}/team/app: the token service 127.0.0.1:${token.tokenServer!.port} refused the credentials of the docker host rule for ${token.host} (401)`,
      );
      expect(error.message).not.toContain(bad.password);
    });

    it('reports 401 naming the host when an anonymous token grants nothing', async () => {
      const server = token.tokenServer!;
      server.requests.length = 0;
      const ctx = testContext(token.hostRules(null));
      await expect(dockerDatasource.getReleases({ packageName: `${token.host}/team/app` }, ctx)).rejects.toThrow(
        `${token.host}/team/app: tag list: 401 Unauthorized from ${token.host} (the registry needs credentials and no docker host rule with credentials matches it)`,
      );
      // The cached token is given up after the 401 and a fresh one tried once.
      expect(server.requests.map((r) => [r.account, r.hadAuthorization])).toEqual([
        [undefined, false],
        [undefined, false],
      ]);
    });
  });
});
