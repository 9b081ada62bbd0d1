import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePath } from '../services/require.js';
import { FakeGitea, GITEA_SPEC, loadGiteaValidator } from './gitea.js';
import { FakeGitHub, loadGitHubValidator } from './github.js';
import { ApiViolation } from './openapi-validator.js';

const SHARED_GITEA_SPEC = new URL('../../../shared/specs/gitea-swagger.v1.json', import.meta.url);
const github = loadGitHubValidator();
const gitea = loadGiteaValidator();

const violation = (run: () => unknown): string => {
  try {
    run();
  } catch (err) {
    if (err instanceof ApiViolation) return err.message;
    throw err;
  }
  throw new Error('expected an ApiViolation');
};

describe('the Gitea description', () => {
  it('is the 1.27.0 Swagger file', () => {
    const local = readFileSync(GITEA_SPEC);
    expect(createHash('sha256').update(local).digest('hex')).toBe('7c8efb1849f7405f8e251846d383fd925fe571c422fa44f632c069e6a672857d');
  });

  requirePath(SHARED_GITEA_SPEC, '../shared/specs/gitea-swagger.v1.json', 'check out shared/ beside this repository').it(
    'is identical to the shared copy',
    () => {
      expect(readFileSync(GITEA_SPEC).equals(readFileSync(SHARED_GITEA_SPEC))).toBe(true);
    },
  );
});

describe('ApiValidator: matching', () => {
  it('matches by method and path template, the most literal template first', () => {
    expect(github.findOperation('GET', '/repos/o/r/tags')?.operation.operationId).toBe('repos/list-tags');
    expect(github.findOperation('GET', '/repos/o/r')?.operation.operationId).toBe('repos/get');
    expect(github.findOperation('DELETE', '/repos/o/r/tags')).toBeNull();
    expect(gitea.findOperation('GET', '/repos/o/r/tags/v1.0.0')?.operation.operationId).toBe('repoGetTag');
  });

  it('lets multi-segment parameters (x-multi-segment) hold slashes', () => {
    const found = github.findOperation('GET', '/repos/o/r/git/ref/heads/feature/x');
    expect(found?.operation.operationId).toBe('git/get-ref');
    expect(found?.pathParams).toEqual({ owner: 'o', repo: 'r', ref: 'heads/feature/x' });
  });
});

describe('ApiValidator: requests', () => {
  it('types query parameters and names the parameter and schema of a bad one', () => {
    const ok = github.checkRequest('GET', '/repos/o/r/tags', new URLSearchParams('per_page=100&page=2'), undefined);
    expect(ok.query).toEqual({ per_page: 100, page: 2 });
    expect(violation(() => github.checkRequest('GET', '/repos/o/r/tags', new URLSearchParams('per_page=many'), undefined))).toBe(
      'GitHub repos/list-tags (GET /repos/{owner}/{repo}/tags): query parameter "per_page": (root) must be integer (schema #/components/parameters/per-page/schema/type)',
    );
    expect(violation(() => gitea.checkRequest('GET', '/repos/o/r/tags', new URLSearchParams('limit=x'), undefined))).toBe(
      'Gitea repoListTags (GET /repos/{owner}/{repo}/tags): query parameter "limit": (root) must be integer (schema #/paths/~1repos~1{owner}~1{repo}~1tags/get/parameters/3/type)',
    );
  });

  it('refuses query parameters the description does not have', () => {
    expect(violation(() => github.checkRequest('GET', '/repos/o/r/tags', new URLSearchParams('perpage=100'), undefined))).toBe(
      'GitHub repos/list-tags (GET /repos/{owner}/{repo}/tags): query parameter "perpage" is not in the description',
    );
  });

  it('validates request bodies: required keys, types, and unknown keys', () => {
    const create = (body: unknown) => github.checkRequest('POST', '/repos/o/r/pulls', new URLSearchParams(), body);
    expect(create({ head: 'upkeep/x', base: 'main', title: 'Update x' }).operation.operationId).toBe('pulls/create');
    expect(violation(() => create({ head: 'upkeep/x', title: 'Update x' }))).toContain("request body: (root) must have required property 'base'");
    expect(violation(() => create({ head: 'upkeep/x', base: 'main', draft: 'yes' }))).toContain('/draft must be boolean');
    expect(violation(() => create({ head: 'upkeep/x', base: 'main', titel: 'typo' }))).toContain('unknown key(s) "titel"');
    expect(violation(() => github.checkRequest('POST', '/repos/o/r/pulls', new URLSearchParams(), undefined))).toContain('a request body is required');
    // Gitea 1.26+ renamed the merge fields; the 1.22 spelling is caught (forge-apis.md §2.3).
    const merge = (body: unknown) => gitea.checkRequest('POST', '/repos/o/r/pulls/3/merge', new URLSearchParams(), body);
    expect(merge({ do: 'squash', merge_title_field: 't' }).pathParams).toEqual({ owner: 'o', repo: 'r', index: '3' });
    expect(violation(() => merge({ do: 'squash', MergeTitleField: 't' }))).toContain('unknown key(s) "MergeTitleField"');
    expect(violation(() => merge({ do: 'octopus' }))).toContain(
      '/do must be equal to one of the allowed values (schema #/definitions/MergePullRequestOption/properties/do/enum)',
    );
    expect(violation(() => gitea.checkRequest('POST', '/repos/o/r/pulls/three/merge', new URLSearchParams(), { do: 'merge' }))).toContain(
      'path parameter "index": (root) must be integer',
    );
  });
});

describe('ApiValidator: responses', () => {
  const listTags = github.operationById('repos/list-tags')!;
  const tag = {
    name: 'v1',
    commit: { sha: 'a'.repeat(40), url: 'https://api.github.com/x' },
    zipball_url: 'https://github.com/z',
    tarball_url: 'https://github.com/t',
    node_id: 'n',
  };

  it('checks the body against the schema of its status, through $ref', () => {
    expect(() => github.checkResponse(listTags, 200, [tag])).not.toThrow();
    expect(violation(() => github.checkResponse(listTags, 200, [{ ...tag, commit: { sha: 1, url: 'https://x' } }]))).toBe(
      'GitHub repos/list-tags (GET /repos/{owner}/{repo}/tags): response 200 body: /0/commit/sha must be string (schema #/components/schemas/tag/properties/commit/properties/sha/type)',
    );
    const { node_id: _dropped, ...incomplete } = tag;
    expect(violation(() => github.checkResponse(listTags, 200, [incomplete]))).toContain(
      "/0 must have required property 'node_id' (schema #/components/schemas/tag/required)",
    );
    const giteaTags = gitea.operationById('repoListTags')!;
    expect(violation(() => gitea.checkResponse(giteaTags, 200, [{ name: 'v1', commit: { sha: 5 } }]))).toContain(
      '/0/commit/sha must be string (schema #/definitions/CommitMeta/properties/sha/type)',
    );
  });

  it('handles nullable, oneOf and formats', () => {
    const commit = github.operationById('git/get-ref')!;
    expect(
      violation(() =>
        github.checkResponse(commit, 200, {
          ref: 'refs/tags/v1',
          node_id: 'x',
          url: 'not a url',
          object: { type: 'commit', sha: 'a'.repeat(40), url: 'https://x' },
        }),
      ),
    ).toContain('/url must match format "uri"');
    const getCommit = github.operationById('git/get-commit')!;
    const body = (signature: unknown) => ({
      sha: 'a'.repeat(40),
      node_id: 'n',
      url: 'https://x',
      html_url: 'https://x',
      message: 'm',
      parents: [],
      author: { name: 'a', email: 'a@example.com', date: '2024-01-01T00:00:00Z' },
      committer: { name: 'a', email: 'a@example.com', date: '2024-01-01T00:00:00Z' },
      tree: { sha: 'b'.repeat(40), url: 'https://x' },
      verification: { verified: false, reason: 'unsigned', payload: null, signature, verified_at: null },
    });
    expect(() => github.checkResponse(getCommit, 200, body(null))).not.toThrow();
    expect(violation(() => github.checkResponse(getCommit, 200, body(5)))).toContain('/verification/signature must be string');
    const content = github.operationById('repos/get-content')!;
    // Each branch of the oneOf says why it does not fit.
    const oneOf = violation(() => github.checkResponse(content, 200, { type: 'file' }));
    expect(oneOf).toContain('(root) must be array (schema #/components/schemas/content-directory/type)');
    expect(oneOf).toContain("(root) must have required property '_links' (schema #/components/schemas/content-file/required)");
  });

  it('refuses undocumented success statuses and lets undocumented errors through', () => {
    expect(violation(() => github.checkResponse(listTags, 201, []))).toBe(
      'GitHub repos/list-tags (GET /repos/{owner}/{repo}/tags): status 201 is not a documented response',
    );
    expect(() => github.checkResponse(listTags, 403, { message: 'API rate limit exceeded' })).not.toThrow();
  });
});

describe('fake servers', () => {
  const hub = new FakeGitHub({ validator: github });
  const tea = new FakeGitea({ validator: gitea });
  let hubUrl = '';
  let teaUrl = '';

  beforeAll(async () => {
    hubUrl = await hub.start();
    teaUrl = await tea.start();
  });
  afterAll(async () => {
    await hub.close();
    await tea.close();
  });

  it('answer a bad request with 400 and keep the violation for the test to fail on', async () => {
    const res = await fetch(`${hubUrl}/repos/o/r/tags?per_page=lots`);
    expect(res.status).toBe(400);
    expect(() => hub.server.assertNoViolations()).toThrow(/repos\/list-tags .*query parameter "per_page": \(root\) must be integer/);
    expect(() => hub.server.assertNoViolations()).not.toThrow();
  });

  it('answer unknown routes with 404 and operations they do not implement with 501, as violations', async () => {
    expect((await fetch(`${hubUrl}/nope/nothing`)).status).toBe(404);
    expect((await fetch(`${hubUrl}/repos/o/r/branches`)).status).toBe(501);
    expect(hub.server.violations).toEqual([
      'GitHub: no operation in the description for GET /nope/nothing',
      'GitHub: the fake does not implement repos/list-branches (GET /repos/{owner}/{repo}/branches)',
    ]);
    hub.server.violations.length = 0;
  });

  it('serve Gitea under /api/v1 with its version and paging headers', async () => {
    tea.state.addRepo('o/r');
    for (let i = 0; i < 3; i++) tea.state.addTag('o/r', `v0.${i}.0`);
    expect(await (await fetch(`${teaUrl}/api/v1/version`)).json()).toEqual({ version: '1.27.0' });
    const res = await fetch(`${teaUrl}/api/v1/repos/o/r/tags?limit=2&page=1`);
    expect(res.headers.get('x-total-count')).toBe('3');
    expect(res.headers.get('link')).toBe(
      `<${teaUrl}/api/v1/repos/o/r/tags?limit=2&page=2>; rel="next",<${teaUrl}/api/v1/repos/o/r/tags?limit=2&page=2>; rel="last"`,
    );
    expect(((await res.json()) as { name: string }[]).map((t) => t.name)).toEqual(['v0.2.0', 'v0.1.0']);
    tea.server.assertNoViolations();
  });

  it('send GitHub rate-limit headers and ETags', async () => {
    hub.state.addRepo('o/r');
    hub.state.addTag('o/r', 'v1.0.0');
    const first = await fetch(`${hubUrl}/repos/o/r/tags`);
    expect(first.headers.get('x-ratelimit-limit')).toBe('60');
    const remaining = Number(first.headers.get('x-ratelimit-remaining'));
    const again = await fetch(`${hubUrl}/repos/o/r/tags`, { headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect(Number(again.headers.get('x-ratelimit-remaining'))).toBe(remaining);
    hub.server.assertNoViolations();
  });
});
