/**
 * A fake GitLab REST API (`/api/v4`) on a ForgeModel (repositories as real git over smart HTTP at
 * `/<group>/<project>.git`, merge requests with real merges, issues, notes, labels, commit statuses),
 * every request and answer validated against a hand-kept OpenAPI 3.0 subset of GitLab's API
 * (gitlab/spec.ts says where it comes from: GitLab's own description is not available here).
 *
 * Behaviour copied from GitLab: `PRIVATE-TOKEN: <token>` (or `Authorization: Bearer`); an unknown token is
 * 401 `{"message":"401 Unauthorized"}`, a private project without access 404; projects by numeric id or
 * URL-encoded full path; paging with `page`/`per_page` (≤ 100) and the `x-*` headers and `Link`; merge
 * requests and issues numbered by `iid`; the merge method a project setting (`merge_method` from the
 * model's default style), squash per request. The version played (`17.11.0` by default) decides whether
 * `auto_merge` exists: older servers only know `merge_when_pipeline_succeeds` and refuse the new key.
 * A status whose description contains `[allow_failure]` plays a job allowed to fail, one containing
 * `[status:canceled]` (any GitLab status name) plays that status.
 */
import type { Json } from './openapi-document.js';
import { ApiValidator } from './openapi-validator.js';
import { ForgeServer, type ForgeRequest, type ForgeResponse, type RequestRecord } from './forge-server.js';
import { ForgeModel, isGitPath, serveGit, type GitRequestRecord } from './forge-model/index.js';
import type { GitLabFake } from './gitlab/context.js';
import { issueHandlers } from './gitlab/issues.js';
import { mergeRequestHandlers } from './gitlab/merge-requests.js';
import { projectHandlers } from './gitlab/projects.js';
import { gitlabSubset } from './gitlab/spec.js';

export interface FakeGitLabOptions {
  validator?: ApiValidator;
  /** The GitLab version played (`17.11.0`, `16.11.3-ee`). */
  version?: string;
  model?: ForgeModel;
}

export function loadGitLabValidator(): ApiValidator {
  return new ApiValidator('GitLab', gitlabSubset() as Json);
}

export class FakeGitLab {
  readonly model: ForgeModel;
  readonly server: ForgeServer;
  readonly gitRequests: GitRequestRecord[] = [];
  private readonly ownsModel: boolean;

  constructor(options: FakeGitLabOptions = {}) {
    this.ownsModel = !options.model;
    this.model = options.model ?? new ForgeModel();
    const versionText = options.version ?? '17.11.0';
    const [major = 0, minor = 0] = versionText.split(/[.-]/).map((n) => Number.parseInt(n, 10) || 0);
    const fake: GitLabFake = { model: this.model, version: [major, minor], versionText, viewer: (req) => this.model.tokenUser(this.tokenOf(req))?.login };
    const autoMergeKnown = major > 17 || (major === 17 && minor >= 11);
    this.server = new ForgeServer({
      validator: options.validator ?? loadGitLabValidator(),
      basePath: '/api/v4',
      errorBody: (message) => ({ message }),
      before: (req) => this.authenticate(req),
      raw: (req, res, url) => {
        if (!isGitPath(url.pathname)) return false;
        serveGit(this.model, req, res, url, this.gitRequests);
        return true;
      },
      // Before 17.11 the merge endpoint has no `auto_merge` (gitlab-org/gitlab!184731 added it).
      adaptRequest: (operationId, body) =>
        operationId === 'putApiV4ProjectsIdMergeRequestsMergeRequestIidMerge' && !autoMergeKnown && body && typeof body === 'object' && 'auto_merge' in body
          ? {
              violation: `request body: "auto_merge" is not a parameter of the merge endpoint on GitLab ${versionText} (from 17.11; use merge_when_pipeline_succeeds)`,
            }
          : { body },
      onAnswer: (record) => this.model.counters.api(record.method, record.path, record.operationId, record.status),
      handlers: { ...projectHandlers(fake), ...mergeRequestHandlers(fake), ...issueHandlers(fake) },
    });
  }

  async start(): Promise<string> {
    await this.server.start();
    return this.server.url;
  }

  async close(): Promise<void> {
    await this.server.close();
    if (this.ownsModel) this.model.dispose();
  }

  get requests(): RequestRecord[] {
    return this.server.requests;
  }

  private tokenOf(req: ForgeRequest): string | undefined {
    const header = req.headers['private-token'];
    if (typeof header === 'string') return header;
    return /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  }

  private authenticate(req: ForgeRequest): ForgeResponse | undefined {
    if (req.headers['private-token'] === undefined && req.headers.authorization === undefined) return undefined;
    if (this.model.tokenUser(this.tokenOf(req))) return undefined;
    return { status: 401, body: { message: '401 Unauthorized' } };
  }
}
