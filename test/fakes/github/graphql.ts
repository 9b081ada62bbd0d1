/**
 * GitHub's GraphQL endpoint for the fake (`POST /graphql`; GHES `POST /api/graphql`). Not in the OpenAPI
 * description: every document is parsed and checked with graphql-js's `validate()` against GitHub's
 * published schema (`@octokit/graphql-schema`, schema.graphql), and an invalid one is answered as GitHub
 * does (200 with `{errors: [{message, locations}]}`, nothing done) and kept as a violation, like a bad
 * REST request. Valid documents run on graphql-js's `execute()` with resolvers for what the fake
 * implements; any other root field is a violation ("the fake does not implement").
 *
 * Implemented: `viewer { login databaseId id name email }`; `enablePullRequestAutoMerge(input:
 * {pullRequestId, mergeMethod, commitHeadline, commitBody, expectedHeadOid})` — `pullRequestId` is the
 * REST `node_id` — refusing as GitHub does (forge-apis.md §1.3): "Auto merge is not allowed for this
 * repository" (`allow_auto_merge` off), "Pull request Protected branch rules not configured for this
 * branch" (no required checks on the base), "Pull request is in clean status" (mergeable, every check
 * green: merge it directly instead), "… unstable status" (required checks green, others not), "… dirty
 * status" (conflict); else the model schedules the merge and runs it when the required checks turn green;
 * `disablePullRequestAutoMerge(input: {pullRequestId})`. A PR object answers `id number title state
 * merged headRefName baseRefName headRefOid url mergeable autoMergeRequest { enabledAt mergeMethod
 * commitHeadline commitBody enabledBy { login } }`.
 *
 * Counted in the model's counters as one API call: a query reads, a mutation writes.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildSchema, execute, GraphQLError, Kind, parse, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { AutoMergeRecord, MergeStyle, PullRecord, RepoWorld } from '../forge-model/index.js';
import { nodeId, pullByNodeId, type GitHubFake } from './context.js';
import { GITHUB_METHOD } from './objects.js';
import { mergeabilityOf } from './pulls.js';

let schema: GraphQLSchema | undefined;

/** GitHub's GraphQL schema, built once per process (1.2 MB of SDL). */
export function githubGraphqlSchema(): GraphQLSchema {
  if (schema) return schema;
  const require = createRequire(import.meta.url);
  const file = (require.resolve.paths('@octokit/graphql-schema') ?? [])
    .map((dir) => join(dir, '@octokit/graphql-schema/schema.graphql'))
    .find((f) => existsSync(f));
  if (!file) throw new Error('fake GitHub: @octokit/graphql-schema/schema.graphql not found');
  schema = buildSchema(readFileSync(file, 'utf8'), { assumeValidSDL: true });
  return schema;
}

const IMPLEMENTED: Record<string, Set<string>> = {
  query: new Set(['viewer', '__typename', '__schema', '__type']),
  mutation: new Set(['enablePullRequestAutoMerge', 'disablePullRequestAutoMerge', '__typename']),
};
const STYLES: Record<string, MergeStyle> = { MERGE: 'merge', SQUASH: 'squash', REBASE: 'rebase' };
const NOT_ALLOWED: Record<string, string> = {
  MERGE: 'Merge commits are not allowed on this repository.',
  SQUASH: 'Squash merges are not allowed on this repository.',
  REBASE: 'Rebase merges are not allowed on this repository.',
};

/** A resolver's refusal with GitHub's error `type`. */
class GitHubGraphqlError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export interface GraphqlRecord {
  method: string;
  path: string;
  operationId: string;
  status: number;
  authorization?: string;
  body?: unknown;
}

export interface GraphqlHost {
  fake: GitHubFake;
  /** Whether the Authorization header names a known token ('none' when there is none). */
  tokenKnown(header: string | undefined): boolean | 'none';
  violation(message: string): void;
  /** Records the exchange (requests list, counters) once answered. */
  record(record: GraphqlRecord, write: boolean): void;
  /** Headers every answer carries (rate limits). */
  headers(header: string | undefined): Record<string, string>;
}

export function isGraphqlPath(pathname: string, basePath: string): boolean {
  return pathname === (basePath === '/api/v3' ? '/api/graphql' : '/graphql');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function serveGraphql(host: GraphqlHost, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const authorization = req.headers.authorization;
  const record: GraphqlRecord = { method: req.method ?? 'POST', path: url.pathname + url.search, operationId: 'graphql', status: 0 };
  if (authorization) record.authorization = authorization;
  let write = false;
  const send = (status: number, body: unknown) => {
    record.status = status;
    host.record(record, write);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...host.headers(authorization) });
    res.end(JSON.stringify(body));
  };
  const raw = await readBody(req);
  if (req.method !== 'POST') return send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/graphql' });
  const known = host.tokenKnown(authorization);
  if (known === 'none')
    return send(401, {
      message: 'This endpoint requires you to be authenticated.',
      documentation_url: 'https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql',
    });
  if (!known) return send(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/graphql' });
  let request: { query?: unknown; variables?: unknown; operationName?: unknown };
  try {
    request = JSON.parse(raw) as typeof request;
    record.body = request;
  } catch {
    host.violation('GitHub GraphQL: the request body is not JSON');
    return send(400, { message: 'Problems parsing JSON', documentation_url: 'https://docs.github.com/graphql' });
  }
  if (typeof request.query !== 'string') {
    host.violation('GitHub GraphQL: the request has no query string');
    return send(200, { errors: [{ message: 'A query attribute must be specified and must be a string.' }] });
  }
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (err) {
    const error = err as GraphQLError;
    host.violation(`GitHub GraphQL: ${error.message}`);
    return send(200, { errors: [{ message: error.message, locations: error.locations }] });
  }
  const invalid = validate(githubGraphqlSchema(), document);
  if (invalid.length) {
    host.violation(`GitHub GraphQL: invalid document: ${invalid.map((e) => e.message).join('; ')}`);
    return send(200, { errors: invalid.map((e) => ({ path: e.path ?? ['query'], locations: e.locations, message: e.message })) });
  }
  const operationName = typeof request.operationName === 'string' ? request.operationName : undefined;
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  write = operation?.operation === 'mutation';
  record.operationId = `graphql ${operation?.operation ?? 'query'}`;
  const missing = (operation?.selectionSet.selections ?? [])
    .map((s) => (s.kind === Kind.FIELD ? s.name.value : undefined))
    .filter((name): name is string => name !== undefined && !IMPLEMENTED[operation!.operation]?.has(name));
  if (missing.length) {
    host.violation(`GitHub GraphQL: the fake does not implement ${operation!.operation} field(s) ${missing.join(', ')}`);
    return send(200, { errors: missing.map((name) => ({ message: `The fake GitHub does not implement ${name}` })) });
  }
  const viewer = host.fake.viewer(req)!;
  const result = await execute({
    schema: githubGraphqlSchema(),
    document,
    rootValue: resolvers(host.fake, viewer),
    ...(request.variables && typeof request.variables === 'object' ? { variableValues: request.variables as Record<string, unknown> } : {}),
    ...(operationName ? { operationName } : {}),
  });
  const body: Record<string, unknown> = { data: result.data ?? null };
  if (result.errors?.length)
    body.errors = result.errors.map((e) => {
      const type = e.originalError instanceof GitHubGraphqlError ? e.originalError.type : undefined;
      return { ...(type ? { type } : {}), path: e.path, locations: e.locations, message: e.message };
    });
  send(200, body);
}

/** When each scheduled auto-merge was enabled (the model keeps no date). */
const enabledAt = new WeakMap<AutoMergeRecord, string>();

function resolvers(fake: GitHubFake, viewer: string): Record<string, unknown> {
  const { model } = fake;
  const pullObject = (world: RepoWorld, pr: PullRecord) => {
    const auto = pr.autoMerge;
    const [headline = '', ...rest] = (auto?.message ?? '').split('\n');
    return {
      __typename: 'PullRequest',
      id: nodeId('PullRequest', pr.id),
      number: pr.number,
      title: pr.title,
      state: pr.merged ? 'MERGED' : pr.state === 'open' ? 'OPEN' : 'CLOSED',
      merged: pr.merged,
      headRefName: pr.head,
      baseRefName: pr.base,
      headRefOid: pr.headSha,
      url: `${world.repo.fullName}/pull/${pr.number}`,
      mergeable: async () => {
        const m = await mergeabilityOf(fake, world, pr);
        return m.mergeable === null ? 'UNKNOWN' : m.mergeable ? 'MERGEABLE' : 'CONFLICTING';
      },
      autoMergeRequest: auto
        ? {
            enabledAt: enabledAt.get(auto) ?? pr.updatedAt,
            mergeMethod: GITHUB_METHOD[auto.style].toUpperCase(),
            commitHeadline: headline,
            commitBody: rest.join('\n').trim(),
            enabledBy: { __typename: 'User', login: auto.by },
          }
        : null,
    };
  };
  const find = (id: string, needed: 'read' | 'write') => {
    const found = pullByNodeId(model, id);
    if (!found || !model.can(viewer, found.world.repo, 'read'))
      throw new GitHubGraphqlError('NOT_FOUND', `Could not resolve to a node with the global id of '${id}'`);
    if (needed === 'write' && !model.can(viewer, found.world.repo, 'write'))
      throw new GitHubGraphqlError('FORBIDDEN', `${viewer} does not have the correct permissions to execute \`MergePullRequest\``);
    return found;
  };
  const payload = (world: RepoWorld, pr: PullRecord, clientMutationId: unknown) => ({
    clientMutationId: clientMutationId ?? null,
    actor: { __typename: 'User', login: viewer },
    pullRequest: pullObject(world, pr),
  });

  return {
    viewer: () => {
      const user = model.user(viewer);
      return {
        id: nodeId('User', user?.id ?? viewer),
        login: user?.login ?? viewer,
        databaseId: user?.id ?? null,
        name: user?.fullName || null,
        email: user?.email ?? '',
      };
    },

    enablePullRequestAutoMerge: async (args: { input: Record<string, unknown> }) => {
      const input = args.input as {
        pullRequestId: string;
        mergeMethod?: string;
        commitHeadline?: string;
        commitBody?: string;
        expectedHeadOid?: string;
        clientMutationId?: string;
      };
      const { world, pr } = find(input.pullRequestId, 'write');
      await model.pulls.refresh(world.repo.fullName, pr);
      if (pr.state !== 'open') throw new GitHubGraphqlError('UNPROCESSABLE', 'Pull request is in closed state');
      if (!world.repo.allowAutoMerge) throw new GitHubGraphqlError('UNPROCESSABLE', 'Auto merge is not allowed for this repository');
      const method = input.mergeMethod ?? 'MERGE';
      const style = STYLES[method]!;
      if (!world.repo.mergeStyles.includes(style)) throw new GitHubGraphqlError('UNPROCESSABLE', NOT_ALLOWED[method]!);
      if (input.expectedHeadOid && input.expectedHeadOid !== pr.headSha)
        throw new GitHubGraphqlError('UNPROCESSABLE', 'Head branch was modified. Review and try the merge again.');
      if (!world.repo.protections.get(pr.base)?.requiredContexts.length)
        throw new GitHubGraphqlError('UNPROCESSABLE', 'Pull request Protected branch rules not configured for this branch');
      const state = (await mergeabilityOf(fake, world, pr)).state;
      if (state === 'clean' || state === 'unstable' || state === 'dirty') throw new GitHubGraphqlError('UNPROCESSABLE', `Pull request is in ${state} status`);
      const headline =
        input.commitHeadline ?? (style === 'squash' ? `${pr.title} (#${pr.number})` : `Merge pull request #${pr.number} from ${world.repo.owner}/${pr.head}`);
      const body = input.commitBody ?? '';
      // Enabling again replaces the request (GitHub updates it).
      delete pr.autoMerge;
      const outcome = await model.pulls.schedule(world.repo.fullName, pr, {
        style,
        by: viewer,
        message: body ? `${headline}\n\n${body}` : headline,
        deleteBranch: world.repo.deleteBranchOnMerge,
      });
      if (!outcome.scheduled && !outcome.already && !outcome.merge.ok) throw new GitHubGraphqlError('UNPROCESSABLE', outcome.merge.detail);
      if (pr.autoMerge) enabledAt.set(pr.autoMerge, pr.updatedAt);
      return payload(world, pr, input.clientMutationId);
    },

    disablePullRequestAutoMerge: (args: { input: Record<string, unknown> }) => {
      const input = args.input as { pullRequestId: string; clientMutationId?: string };
      const { world, pr } = find(input.pullRequestId, 'write');
      if (pr.autoMerge) {
        delete pr.autoMerge;
        model.pulls.touch(pr);
      }
      return payload(world, pr, input.clientMutationId);
    },
  };
}
