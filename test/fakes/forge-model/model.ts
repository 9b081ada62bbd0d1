/**
 * A forge-neutral model of a forge for the fakes: users and organizations with tokens, repositories
 * backed by real bare git repositories (git-store.ts), permissions, labels, pull requests (pulls.ts),
 * issues and comments (issues.ts), commit statuses (statuses.ts), test hooks (hooks.ts) and the counters
 * of a run. The Gitea, GitHub and GitLab fakes are API skins over one of these; git smart HTTP is served
 * from it by git-backend.ts.
 *
 *   const model = new ForgeModel();
 *   model.addUser('upkeep-bot', { token: CANARY });
 *   await model.addRepo('acme/app', { files: { 'deploy.yaml': '…' }, collaborators: { 'upkeep-bot': 'write' } });
 */
import { rmSync } from 'node:fs';
import { GitStore, type GitIdentity } from './git-store.js';
import type { MergeStyle } from './git-merge.js';
import { RunCounters } from './counters.js';
import { ForgeHooks } from './hooks.js';
import { IssueStore } from './issues.js';
import { PullStore } from './pulls.js';
import { StatusStore } from './statuses.js';
import type { LabelRecord, RepoRecord, RepoWorld, Role, UserRecord } from './records.js';

export interface RepoOptions {
  private?: boolean;
  archived?: boolean;
  hasIssues?: boolean;
  defaultBranch?: string;
  /** Files of the first commit on the default branch (none: an empty repository). */
  files?: Record<string, string>;
  collaborators?: Record<string, Role>;
  mergeStyles?: MergeStyle[];
  defaultMergeStyle?: MergeStyle;
  /** GitHub's `allow_auto_merge` (default true here so scenarios match Gitea's; GitHub's own default is off). */
  allowAutoMerge?: boolean;
  /** GitHub's `delete_branch_on_merge` (default false). */
  deleteBranchOnMerge?: boolean;
}

const ALL_STYLES: MergeStyle[] = ['merge', 'rebase', 'rebase-merge', 'squash', 'fast-forward'];
const RANK: Record<Role, number> = { read: 1, write: 2, admin: 3 };

export class ForgeModel {
  readonly git: GitStore;
  readonly counters = new RunCounters();
  readonly users = new Map<string, UserRecord>();
  readonly pulls: PullStore;
  readonly issues: IssueStore;
  readonly statuses: StatusStore;
  /** What happens between runs (human pushes, CI statuses, …), for tests. */
  readonly hooks: ForgeHooks;
  private readonly tokens = new Map<string, string>();
  private readonly worlds = new Map<string, RepoWorld>();
  private nextId = 1;
  private seconds = 0;

  constructor(options: { root?: string } = {}) {
    this.git = new GitStore(options.root);
    this.pulls = new PullStore(this);
    this.issues = new IssueStore(this);
    this.statuses = new StatusStore(this);
    this.hooks = new ForgeHooks(this);
  }

  dispose(): void {
    this.git.dispose();
  }

  /** A fresh id for any record (ids are unique across kinds, as in a database with one sequence). */
  id(): number {
    return this.nextId++;
  }

  /** The model's clock: one second later on every call, from 2024-01-01 (no wall clock). */
  now(): string {
    return new Date(Date.UTC(2024, 0, 1, 12, 0, this.seconds++)).toISOString();
  }

  /** Forgets the counters: call before each run. */
  startRun(): RunCounters {
    this.counters.reset();
    return this.counters;
  }

  addUser(login: string, options: { token?: string; fullName?: string; email?: string; admin?: boolean } = {}): UserRecord {
    const user: UserRecord = {
      id: this.id(),
      login,
      fullName: options.fullName ?? '',
      email: options.email ?? `${login}@example.com`,
      admin: options.admin ?? false,
      isOrg: false,
      members: new Map(),
      labels: [],
    };
    this.users.set(login.toLowerCase(), user);
    if (options.token) this.addToken(options.token, login);
    return user;
  }

  addOrg(name: string, options: { members?: Record<string, Role>; labels?: string[] } = {}): UserRecord {
    const org = this.addUser(name, { fullName: name });
    org.isOrg = true;
    for (const [login, role] of Object.entries(options.members ?? {})) org.members.set(login.toLowerCase(), role);
    for (const label of options.labels ?? []) org.labels.push(this.newLabel(label));
    return org;
  }

  addToken(token: string, login: string): void {
    this.tokens.set(token, login);
  }

  /** The login a token belongs to. */
  tokenUser(token: string | undefined): UserRecord | undefined {
    const login = token === undefined ? undefined : this.tokens.get(token);
    return login === undefined ? undefined : this.users.get(login.toLowerCase());
  }

  user(login: string): UserRecord | undefined {
    return this.users.get(login.toLowerCase());
  }

  /** A person's identity for git (unknown logins get one made up from the login). */
  identity(login: string): GitIdentity {
    const user = this.user(login);
    return { name: user?.fullName || login, email: user?.email ?? `${login}@example.com` };
  }

  async addRepo(fullName: string, options: RepoOptions = {}): Promise<RepoRecord> {
    const [owner, name, ...rest] = fullName.split('/');
    if (!owner || !name || rest.length) throw new Error(`fake forge: "${fullName}" is not owner/name`);
    if (!this.user(owner)) this.addUser(owner);
    const repo: RepoRecord = {
      id: this.id(),
      owner: this.user(owner)!.login,
      name,
      fullName: `${this.user(owner)!.login}/${name}`,
      private: options.private ?? false,
      archived: options.archived ?? false,
      hasIssues: options.hasIssues ?? true,
      hasPullRequests: true,
      defaultBranch: options.defaultBranch ?? 'main',
      mergeStyles: options.mergeStyles ?? [...ALL_STYLES],
      defaultMergeStyle: options.defaultMergeStyle ?? 'merge',
      allowAutoMerge: options.allowAutoMerge ?? true,
      deleteBranchOnMerge: options.deleteBranchOnMerge ?? false,
      collaborators: new Map(Object.entries(options.collaborators ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
      protections: new Map(),
      labels: [],
      nextNumber: 1,
      createdAt: this.now(),
    };
    this.worlds.set(fullName.toLowerCase(), { repo, pulls: new Map(), issues: new Map(), comments: [], statuses: [], checkRuns: [] });
    await this.git.init(repo.fullName, repo.defaultBranch);
    if (options.files) {
      const owner = this.identity(repo.owner);
      await this.git.commit(repo.fullName, { branch: repo.defaultBranch, files: options.files, message: 'Initial commit', author: owner });
    }
    return repo;
  }

  /** Deletes a repository with its git data, PRs and issues, so a test can make it again on the same fake. */
  removeRepo(fullName: string): void {
    this.world(fullName);
    this.worlds.delete(fullName.toLowerCase());
    rmSync(this.git.repoDir(fullName), { recursive: true, force: true });
  }

  /** The world of a repository, case-insensitively; undefined when it does not exist. */
  find(owner: string, name: string): RepoWorld | undefined {
    return this.worlds.get(`${owner}/${name}`.toLowerCase());
  }

  world(fullName: string): RepoWorld {
    const world = this.worlds.get(fullName.toLowerCase());
    if (!world) throw new Error(`fake forge: no repository ${fullName}`);
    return world;
  }

  repos(): RepoRecord[] {
    return [...this.worlds.values()].map((w) => w.repo);
  }

  /** What `login` (undefined: anonymous) may do in `repo`. */
  role(login: string | undefined, repo: RepoRecord): Role | undefined {
    const publicRole: Role | undefined = repo.private ? undefined : 'read';
    if (login === undefined) return publicRole;
    const user = this.user(login);
    if (!user) return publicRole;
    if (user.admin || user.login.toLowerCase() === repo.owner.toLowerCase()) return 'admin';
    const roles = [repo.collaborators.get(user.login.toLowerCase()), this.user(repo.owner)?.members.get(user.login.toLowerCase()), publicRole];
    return roles.filter((r): r is Role => r !== undefined).sort((a, b) => RANK[b] - RANK[a])[0];
  }

  can(login: string | undefined, repo: RepoRecord, needed: Role): boolean {
    const role = this.role(login, repo);
    return role !== undefined && RANK[role] >= RANK[needed];
  }

  protect(fullName: string, branch: string, requiredContexts: string[]): void {
    this.world(fullName).repo.protections.set(branch, { requiredContexts });
  }

  addLabel(fullName: string, name: string, options: { color?: string; description?: string } = {}): LabelRecord {
    const label = this.newLabel(name, options);
    this.world(fullName).repo.labels.push(label);
    return label;
  }

  /** Repository labels, then the owning organization's. */
  labelsFor(repo: RepoRecord): LabelRecord[] {
    return [...repo.labels, ...(this.user(repo.owner)?.isOrg ? this.user(repo.owner)!.labels : [])];
  }

  labelNames(repo: RepoRecord, ids: number[]): string[] {
    const all = this.labelsFor(repo);
    return ids.map((id) => all.find((l) => l.id === id)?.name).filter((n): n is string => n !== undefined);
  }

  private newLabel(name: string, options: { color?: string; description?: string } = {}): LabelRecord {
    return { id: this.id(), name, color: options.color ?? '#ededed', description: options.description ?? '' };
  }
}
