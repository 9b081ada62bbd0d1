/**
 * Hostile input through the whole run (issue 12), on the Gitea fake with a real registry that needs
 * credentials, behind a fault server playing a malicious registry:
 *
 * - the repository's config tries to send the operator's registry credentials to a host of its choosing
 *   (`registryAliases` onto the attacker's host, its own `hostRules`), and carries a catastrophic-
 *   backtracking `matchPackageNames` pattern;
 * - the registry offers tags crafted to inject git options and shell (`--upload-pack=…`, `$(…)`, `;`,
 *   newlines) into branch names, commit messages and commands, and a source label stuffed with markdown,
 *   HTML and mentions for the PR body;
 * - manifests hold an image name crafted the same way and a YAML alias bomb.
 *
 * Asserted: the run ends in bounded time; each hostile input is a clear skip or warning naming the file;
 * no credentials reach the attacker's host; no crafted text reaches a branch name, a commit or a shell;
 * the PR body shows the label inert; the canary credentials appear nowhere in what the run wrote or said.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HostRule } from '../../../src/http/host-rules.js';
import type { ForgeWorld } from '../../platforms/world.js';
import { json, status, startFaultServer, type FaultServer } from '../../services/fault-server.js';
import { pushImage } from '../../services/registry-seed.js';
import { registryCommands, startRegistry, type TestRegistry } from '../../services/registry.js';
import { canaryToken } from '../../services/canary.js';
import { requireCommands } from '../../services/require.js';
import { deployment, forge, makeWorld, REPO, runLoop } from '../faults/lib/loop.js';

const gate = requireCommands(registryCommands('basic'));
const CANARY = canaryToken();
const PWNED = '/tmp/upkeep-hostile-pwned';
const CRAFTED_TAGS = [
  '1.0.0',
  '1.0.1',
  '1.0.2;touch${IFS}/tmp/upkeep-hostile-pwned',
  '1.0.3$(touch /tmp/upkeep-hostile-pwned)',
  '--upload-pack=touch /tmp/x',
  '1.0.4\n--exec=sh',
];
const EVIL_SOURCE = 'https://github.com/acme/web)<img src=x onerror=alert(1)> @everyone [click](javascript:alert(1))';

/** An alias bomb in a custom resource (whose every string is searched for images): 9^9 nodes behind a few lines. */
const BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...Array.from({ length: 8 }, (_, i) => {
    const prev = String.fromCharCode(97 + i);
    const cur = String.fromCharCode(98 + i);
    return `${cur}: &${cur} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`;
  }),
  'spec:',
  '  image: *i',
  '',
].join('\n');

gate.describe('a hostile repository and registry', () => {
  let registry: TestRegistry;
  let evil: FaultServer;
  let attacker: FaultServer;
  let hostRules: HostRule[];
  let world: ForgeWorld;
  let output = '';

  beforeAll(async () => {
    registry = await startRegistry({ auth: 'basic', users: [{ username: 'bot', password: CANARY }] });
    for (const tag of ['1.0.0', '1.0.1'])
      await pushImage(registry, 'acme/web', tag, { layer: tag, labels: { 'org.opencontainers.image.source': EVIL_SOURCE } });
    // The malicious registry: the real one, except that its tag list offers crafted tags.
    evil = await startFaultServer({ upstream: registry.url });
    evil.route({ path: '/v2/acme/web/tags/list', handle: () => json({ name: 'acme/web', tags: CRAFTED_TAGS }) });
    // The host the repository wants credentials sent to: it asks for them the way registries do.
    attacker = await startFaultServer({});
    attacker.route({ path: /^\/v2\//, handle: () => status(401, 'auth', { 'www-authenticate': `Bearer realm="${attacker.url}/token",service="registry"` }) });
    attacker.route({ path: '/token', handle: () => json({ token: 'x' }) });
    // The operator's rules: credentials for the registries it uses (docker.io among them), plain HTTP on loopback.
    hostRules = [
      { matchHost: evil.host, insecureRegistry: true, username: 'bot', password: CANARY },
      { matchHost: 'docker.io', username: 'bot', password: CANARY },
      { matchHost: attacker.host, insecureRegistry: true },
    ];
    const config = {
      prHourlyLimit: 0,
      // Docker Hub's images looked up at the repository's host, hoping the docker.io credentials follow.
      registryAliases: { 'docker.io': attacker.host },
      hostRules: [{ matchHost: attacker.host, username: 'bot', password: 'the-repo-chose-this' }],
      packageRules: [{ matchPackageNames: ['/^(a+)+$/'], enabled: false }],
    };
    world = await makeWorld(forge('gitea'), {
      'renovate.json': `${JSON.stringify(config, null, 2)}\n`,
      'k8s/apps/web/deployment.yaml': deployment('web', `${evil.host}/acme/web:1.0.0`),
      'k8s/apps/inject/deployment.yaml': deployment('inject', `${evil.host}/acme/--upload-pack=touch$IFS/tmp/x:1.0.0`),
      'k8s/apps/proxy/deployment.yaml': deployment('proxy', 'docker.io/library/nginx:1.25.3'),
      'k8s/bomb.yaml': `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: bomb\n${BOMB}`,
    });
  }, 60_000);

  afterAll(async () => {
    world?.fake.server.assertNoViolations();
    await world?.close();
    await attacker?.stop();
    await evil?.stop();
    await registry?.stop();
  });

  it('runs in bounded time, says what it skipped and why, and proposes only the real update', async () => {
    const started = performance.now();
    const result = await runLoop(world, undefined, {
      global: { hostRules, registryAliases: {}, token: world.token },
    });
    expect(performance.now() - started).toBeLessThan(30_000);
    output = JSON.stringify(result);

    // The repository's own hostRules are the operator's business: ignored, said once.
    expect(result.report.warnings.join('\n')).toMatch(/hostRules/);
    // The alias bomb is given up with a warning naming the file.
    expect(result.report.warnings.some((w) => w.startsWith('k8s/bomb.yaml'))).toBe(true);
    // The crafted image name is not a reference Upkeep looks up: skipped, with why.
    const inject = result.report.deps.find((d) => d.file === 'k8s/apps/inject/deployment.yaml');
    expect(inject?.skipReason).toMatch(/^(invalid-ref|contains-variable)$/);
    // Docker Hub's image was looked up at the repository's host, which got nothing to authenticate with.
    const proxy = result.report.deps.find((d) => d.file === 'k8s/apps/proxy/deployment.yaml');
    expect(proxy?.status.kind).toBe('lookup-failed');
    expect(attacker.requests.length).toBeGreaterThan(0);

    // Only 1.0.1 is a version: the crafted tags are not proposed, the branch name is plain.
    const branches = (await world.fake.model.git.branches(REPO)).keys();
    const names = [...branches].filter((b) => b.startsWith('upkeep/'));
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^upkeep\/[a-z0-9.-]+$/);
    const [pr] = await world.fake.model.pulls.list(REPO);
    expect(pr!.title).toMatch(/ to v1\.0\.1$/);
    const log = await world.fake.model.git.git(REPO, ['log', '--format=%B', names[0]!, '-1']);
    expect(log).not.toMatch(/upload-pack|\$\(|;touch/);
    expect(existsSync(PWNED)).toBe(false);

    // The label's markdown and HTML reach the body inert: percent-encoded inside the link target, so no raw
    // tag, no second link, no mention in the text.
    expect(pr!.body).not.toContain('<img');
    expect(pr!.body).not.toContain('](javascript:');
    expect(pr!.body.replace(/\]\([^)\s]*\)/g, '](…)')).not.toContain('@everyone');
  }, 60_000);

  it("the operator's credentials reach neither the attacker's host nor anything the run wrote or said", async () => {
    // The attacker's host saw its own bearer token and nothing of the operator's.
    const basic = Buffer.from(`bot:${CANARY}`).toString('base64');
    for (const request of attacker.requests) {
      expect([undefined, 'Bearer x']).toContain(request.headers.authorization);
      expect(JSON.stringify(request)).not.toContain(basic);
      expect(JSON.stringify(request)).not.toContain(CANARY);
    }
    const written = [
      output,
      ...(await world.fake.model.pulls.list(REPO)).map((p) => `${p.title}\n${p.body}`),
      ...world.fake.model.issues.list(REPO).map((i) => i.body),
    ].join('\n');
    expect(written).not.toContain(CANARY);
    expect(written).not.toContain(Buffer.from(`bot:${CANARY}`).toString('base64'));
    expect(written).not.toContain(world.token);
  });
});
