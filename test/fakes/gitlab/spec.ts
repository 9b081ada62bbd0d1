/**
 * The part of GitLab's REST API (v4) that Upkeep calls, as an OpenAPI 3.0 document for the fake's
 * validator. GitLab's official description (`doc/api/openapi/openapi_v3.yaml` in gitlab-org/gitlab, 3.9 MB)
 * is in no npm package and could not be brought here, so this subset is written by hand from GitLab's REST
 * documentation (docs.gitlab.com/api: merge_requests, projects, issues, notes, labels, users, commits
 * "statuses of a commit", repository_files, version) and the shapes of `@gitbeaker/core`'s types
 * (`MergeRequestSchema`, `ProjectSchema`, `IssueSchema`, `CommitStatusSchema`, `UserSchema`). Request
 * parameters and bodies list exactly what GitLab documents, so a misspelt or invented key is a violation
 * (the server refuses unknown keys); answers list the fields GitLab always sends as required.
 */
import type { Json } from '../openapi-document.js';

const str: Json = { type: 'string' };
const nstr: Json = { type: ['string', 'null'] };
const int: Json = { type: 'integer' };
const bool: Json = { type: 'boolean' };
const arr = (items: Json): Json => ({ type: 'array', items });
const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const obj = (required: string[], properties: Record<string, Json>): Json => ({ type: 'object', required, properties });
const closed = (properties: Record<string, Json>, required: string[] = []): Json => ({ type: 'object', required, properties, additionalProperties: false });

const schemas: Record<string, Json> = {
  UserBasic: obj(['id', 'username', 'name', 'state', 'web_url'], { id: int, username: str, name: str, state: str, avatar_url: nstr, web_url: str }),
  User: obj(['id', 'username', 'name', 'state', 'web_url'], {
    id: int,
    username: str,
    name: str,
    state: str,
    avatar_url: nstr,
    web_url: str,
    email: str,
    public_email: nstr,
    bot: bool,
  }),
  Access: { type: ['object', 'null'], required: ['access_level'], properties: { access_level: int, notification_level: int } },
  Project: obj(['id', 'name', 'path', 'path_with_namespace', 'default_branch', 'http_url_to_repo', 'web_url', 'archived', 'visibility'], {
    id: int,
    name: str,
    path: str,
    path_with_namespace: str,
    name_with_namespace: str,
    default_branch: nstr,
    http_url_to_repo: str,
    ssh_url_to_repo: str,
    web_url: str,
    archived: bool,
    visibility: { type: 'string', enum: ['private', 'internal', 'public'] },
    issues_enabled: bool,
    merge_requests_enabled: bool,
    merge_method: { type: 'string', enum: ['merge', 'rebase_merge', 'ff'] },
    squash_option: { type: 'string', enum: ['never', 'always', 'default_on', 'default_off'] },
    only_allow_merge_if_pipeline_succeeds: bool,
    remove_source_branch_after_merge: bool,
    namespace: obj(['id', 'name', 'path', 'kind', 'full_path'], { id: int, name: str, path: str, kind: str, full_path: str }),
    permissions: obj([], { project_access: ref('Access'), group_access: ref('Access') }),
  }),
  MergeRequest: obj(
    [
      'id',
      'iid',
      'project_id',
      'title',
      'description',
      'state',
      'created_at',
      'updated_at',
      'target_branch',
      'source_branch',
      'author',
      'assignees',
      'reviewers',
      'source_project_id',
      'target_project_id',
      'labels',
      'draft',
      'merge_when_pipeline_succeeds',
      'detailed_merge_status',
      'sha',
      'merge_commit_sha',
      'squash_commit_sha',
      'web_url',
    ],
    {
      id: int,
      iid: int,
      project_id: int,
      title: str,
      description: nstr,
      state: { type: 'string', enum: ['opened', 'closed', 'locked', 'merged'] },
      created_at: str,
      updated_at: str,
      merged_at: nstr,
      closed_at: nstr,
      target_branch: str,
      source_branch: str,
      author: ref('UserBasic'),
      assignees: arr(ref('UserBasic')),
      reviewers: arr(ref('UserBasic')),
      source_project_id: int,
      target_project_id: int,
      labels: arr(str),
      draft: bool,
      merge_when_pipeline_succeeds: bool,
      detailed_merge_status: str,
      has_conflicts: bool,
      sha: nstr,
      merge_commit_sha: nstr,
      squash_commit_sha: nstr,
      squash: bool,
      web_url: str,
    },
  ),
  Issue: obj(['id', 'iid', 'project_id', 'title', 'description', 'state', 'created_at', 'updated_at', 'author', 'labels', 'web_url'], {
    id: int,
    iid: int,
    project_id: int,
    title: str,
    description: nstr,
    state: { type: 'string', enum: ['opened', 'closed'] },
    created_at: str,
    updated_at: str,
    closed_at: nstr,
    author: ref('UserBasic'),
    assignees: arr(ref('UserBasic')),
    labels: arr(str),
    web_url: str,
  }),
  Note: obj(['id', 'body', 'author', 'created_at', 'updated_at', 'system', 'noteable_type', 'noteable_iid'], {
    id: int,
    body: str,
    author: ref('UserBasic'),
    created_at: str,
    updated_at: str,
    system: bool,
    noteable_id: int,
    noteable_type: str,
    noteable_iid: int,
  }),
  Label: obj(['id', 'name', 'color'], { id: int, name: str, color: str, description: nstr, text_color: str }),
  CommitStatus: obj(['id', 'sha', 'ref', 'status', 'name', 'created_at', 'author', 'allow_failure'], {
    id: int,
    sha: str,
    ref: nstr,
    status: {
      type: 'string',
      enum: ['created', 'waiting_for_resource', 'preparing', 'pending', 'running', 'success', 'failed', 'canceled', 'skipped', 'manual', 'scheduled'],
    },
    name: str,
    description: nstr,
    target_url: nstr,
    created_at: str,
    started_at: nstr,
    finished_at: nstr,
    allow_failure: bool,
    author: ref('UserBasic'),
  }),
  Error: obj([], { message: {}, error: str }),
};

const q = (name: string, schema: Json, required = false): Json => ({ name, in: 'query', required, schema });
const p = (name: string, schema: Json = str): Json => ({ name, in: 'path', required: true, schema });
const json = (schema: Json): Json => ({ content: { 'application/json': { schema } } });
const ok = (schema: Json, status = '200'): Json => ({ [status]: { description: 'OK', ...json(schema) } });
const errors = (...statuses: string[]): Json => Object.fromEntries(statuses.map((s) => [s, { description: 'error', ...json(ref('Error')) }]));
const paging = [q('page', int), q('per_page', int)];
const body = (properties: Record<string, Json>, required: string[] = []): Json => ({ required: true, ...json(closed(properties, required)) });
const ID = p('id');
const IID = p('merge_request_iid', int);
const ISSUE = p('issue_iid', int);

const mrEdit = {
  title: str,
  description: str,
  state_event: { type: 'string', enum: ['close', 'reopen'] },
  labels: str,
  add_labels: str,
  remove_labels: str,
  target_branch: str,
  assignee_ids: arr(int),
  reviewer_ids: arr(int),
  remove_source_branch: bool,
  squash: bool,
};

const paths: Record<string, Json> = {
  '/version': { get: { operationId: 'getApiV4Version', responses: ok(obj(['version', 'revision'], { version: str, revision: str })) } },
  '/user': { get: { operationId: 'getApiV4User', responses: { ...ok(ref('User')), ...errors('401') } } },
  '/users': { get: { operationId: 'getApiV4Users', parameters: [q('username', str), ...paging], responses: ok(arr(ref('UserBasic'))) } },
  '/projects': {
    get: {
      operationId: 'getApiV4Projects',
      parameters: [q('membership', bool), q('min_access_level', int), q('archived', bool), q('order_by', str), q('sort', str), q('simple', bool), ...paging],
      responses: ok(arr(ref('Project'))),
    },
  },
  '/projects/{id}': { get: { operationId: 'getApiV4ProjectsId', parameters: [ID], responses: { ...ok(ref('Project')), ...errors('404') } } },
  '/projects/{id}/repository/files/{file_path}/raw': {
    get: {
      operationId: 'getApiV4ProjectsIdRepositoryFilesFilePathRaw',
      parameters: [ID, p('file_path'), q('ref', str)],
      responses: { 200: { description: 'the file', content: { 'text/plain': { schema: str } } }, ...errors('404') },
    },
  },
  '/projects/{id}/merge_requests': {
    get: {
      operationId: 'getApiV4ProjectsIdMergeRequests',
      parameters: [
        ID,
        q('state', { type: 'string', enum: ['opened', 'closed', 'locked', 'merged', 'all'] }),
        q('author_id', int),
        q('source_branch', str),
        q('target_branch', str),
        q('order_by', { type: 'string', enum: ['created_at', 'updated_at', 'title'] }),
        q('sort', { type: 'string', enum: ['asc', 'desc'] }),
        ...paging,
      ],
      responses: ok(arr(ref('MergeRequest'))),
    },
    post: {
      operationId: 'postApiV4ProjectsIdMergeRequests',
      parameters: [ID],
      requestBody: body(
        {
          source_branch: str,
          target_branch: str,
          title: str,
          description: str,
          labels: str,
          assignee_ids: arr(int),
          reviewer_ids: arr(int),
          remove_source_branch: bool,
          squash: bool,
          target_project_id: int,
        },
        ['source_branch', 'target_branch', 'title'],
      ),
      responses: { ...ok(ref('MergeRequest'), '201'), ...errors('400', '409', '422') },
    },
  },
  '/projects/{id}/merge_requests/{merge_request_iid}': {
    get: { operationId: 'getApiV4ProjectsIdMergeRequestsMergeRequestIid', parameters: [ID, IID], responses: { ...ok(ref('MergeRequest')), ...errors('404') } },
    put: {
      operationId: 'putApiV4ProjectsIdMergeRequestsMergeRequestIid',
      parameters: [ID, IID],
      requestBody: body(mrEdit),
      responses: { ...ok(ref('MergeRequest')), ...errors('400', '404') },
    },
  },
  '/projects/{id}/merge_requests/{merge_request_iid}/merge': {
    put: {
      operationId: 'putApiV4ProjectsIdMergeRequestsMergeRequestIidMerge',
      parameters: [ID, IID],
      requestBody: body({
        sha: str,
        squash: bool,
        should_remove_source_branch: bool,
        merge_commit_message: str,
        squash_commit_message: str,
        auto_merge: bool,
        merge_when_pipeline_succeeds: bool,
      }),
      responses: { ...ok(ref('MergeRequest')), ...errors('401', '403', '404', '405', '406', '409', '422') },
    },
  },
  '/projects/{id}/merge_requests/{merge_request_iid}/notes': {
    get: {
      operationId: 'getApiV4ProjectsIdMergeRequestsNoteableIdNotes',
      parameters: [ID, IID, q('sort', str), q('order_by', str), ...paging],
      responses: ok(arr(ref('Note'))),
    },
    post: {
      operationId: 'postApiV4ProjectsIdMergeRequestsNoteableIdNotes',
      parameters: [ID, IID],
      requestBody: body({ body: str, internal: bool }, ['body']),
      responses: ok(ref('Note'), '201'),
    },
  },
  '/projects/{id}/merge_requests/{merge_request_iid}/notes/{note_id}': {
    put: {
      operationId: 'putApiV4ProjectsIdMergeRequestsNoteableIdNotesNoteId',
      parameters: [ID, IID, p('note_id', int)],
      requestBody: body({ body: str }, ['body']),
      responses: { ...ok(ref('Note')), ...errors('404') },
    },
  },
  '/projects/{id}/labels': {
    get: { operationId: 'getApiV4ProjectsIdLabels', parameters: [ID, q('include_ancestor_groups', bool), ...paging], responses: ok(arr(ref('Label'))) },
    post: {
      operationId: 'postApiV4ProjectsIdLabels',
      parameters: [ID],
      requestBody: body({ name: str, color: str, description: str, priority: int }, ['name', 'color']),
      responses: { ...ok(ref('Label'), '201'), ...errors('400', '409') },
    },
  },
  '/projects/{id}/repository/commits/{sha}/statuses': {
    get: {
      operationId: 'getApiV4ProjectsIdRepositoryCommitsShaStatuses',
      parameters: [ID, p('sha'), q('ref', str), q('stage', str), q('name', str), q('all', bool), ...paging],
      responses: ok(arr(ref('CommitStatus'))),
    },
  },
  '/projects/{id}/issues': {
    get: {
      operationId: 'getApiV4ProjectsIdIssues',
      parameters: [
        ID,
        q('author_id', int),
        q('state', { type: 'string', enum: ['opened', 'closed', 'all'] }),
        q('search', str),
        q('in', str),
        q('order_by', str),
        q('sort', { type: 'string', enum: ['asc', 'desc'] }),
        ...paging,
      ],
      responses: ok(arr(ref('Issue'))),
    },
    post: {
      operationId: 'postApiV4ProjectsIdIssues',
      parameters: [ID],
      requestBody: body({ title: str, description: str, labels: str, assignee_ids: arr(int), confidential: bool }, ['title']),
      responses: { ...ok(ref('Issue'), '201'), ...errors('400', '403') },
    },
  },
  '/projects/{id}/issues/{issue_iid}': {
    get: { operationId: 'getApiV4ProjectsIdIssuesIssueIid', parameters: [ID, ISSUE], responses: { ...ok(ref('Issue')), ...errors('404') } },
    put: {
      operationId: 'putApiV4ProjectsIdIssuesIssueIid',
      parameters: [ID, ISSUE],
      requestBody: body({ title: str, description: str, state_event: { type: 'string', enum: ['close', 'reopen'] }, labels: str }),
      responses: { ...ok(ref('Issue')), ...errors('404') },
    },
  },
};

export function gitlabSubset(): Json {
  return {
    openapi: '3.0.0',
    info: {
      title: 'GitLab REST API v4 (the subset Upkeep uses)',
      version: '17.11',
      description:
        'Written by hand from GitLab’s REST docs (docs.gitlab.com/api: merge_requests, projects, issues, notes, commits#list-the-statuses-of-a-commit, labels, users, repository_files, version) and from @gitbeaker/core’s TypeScript types (MergeRequestSchema, ExpandedMergeRequestSchema, ProjectSchema, IssueSchema, CommitStatusSchema, UserSchema), covering exactly the operations the fake serves. GitLab’s own description (doc/api/openapi/openapi_v3.yaml, 3.9 MB) is in no npm package and was not available. See test/fakes/gitlab/spec.ts.',
    },
    paths,
    components: { schemas },
  };
}
