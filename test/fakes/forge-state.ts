/**
 * The in-memory world behind the fake forges: repositories with commits and tags (annotated or
 * lightweight). One state can back a GitHub and a Gitea fake alike; later stages add branches, pull
 * requests and issues here. Shas are deterministic (sha1 of the content), so tests can predict them.
 */
import { createHash } from 'node:crypto';

export interface FakeIdentity {
  name: string;
  email: string;
  date: string;
}

export interface FakeCommit {
  sha: string;
  treeSha: string;
  message: string;
  parents: string[];
  author: FakeIdentity;
  committer: FakeIdentity;
}

export interface FakeTag {
  name: string;
  /** The commit the tag points to (after peeling an annotated tag). */
  commitSha: string;
  /** Annotated tags: the sha of the tag object, its message and tagger. */
  annotated?: { sha: string; message: string; tagger: FakeIdentity };
  /** Order of creation (the fakes list newest first). */
  seq: number;
}

export interface FakeRepo {
  id: number;
  owner: string;
  name: string;
  private: boolean;
  defaultBranch: string;
  commits: Map<string, FakeCommit>;
  tags: Map<string, FakeTag>;
  branches: Map<string, string>;
}

export interface CommitInput {
  message?: string;
  date?: string;
  parents?: string[];
  author?: Partial<FakeIdentity>;
}

export interface TagInput {
  /** The commit to tag (default: the head of the default branch, a new commit when there is none). */
  commit?: string;
  /** An annotated tag with this message. */
  message?: string;
  date?: string;
}

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
const DEFAULT_DATE = '2024-01-01T00:00:00Z';

export class ForgeState {
  readonly repos = new Map<string, FakeRepo>();
  private seq = 0;
  private nextRepoId = 1000;

  addRepo(fullName: string, options: { private?: boolean; defaultBranch?: string } = {}): FakeRepo {
    const [owner, name, ...rest] = fullName.split('/');
    if (!owner || !name || rest.length) throw new Error(`fake forge: "${fullName}" is not owner/name`);
    const repo: FakeRepo = {
      id: this.nextRepoId++,
      owner,
      name,
      private: options.private ?? false,
      defaultBranch: options.defaultBranch ?? 'main',
      commits: new Map(),
      tags: new Map(),
      branches: new Map(),
    };
    this.repos.set(fullName.toLowerCase(), repo);
    return repo;
  }

  /** Case-insensitive, as both forges resolve owner and repository names. */
  getRepo(owner: string, name: string): FakeRepo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  repo(fullName: string): FakeRepo {
    const repo = this.repos.get(fullName.toLowerCase());
    if (!repo) throw new Error(`fake forge: no repository ${fullName}`);
    return repo;
  }

  /** A commit on the default branch (parents default to the current head). */
  addCommit(fullName: string, input: CommitInput = {}): FakeCommit {
    const repo = this.repo(fullName);
    const head = repo.branches.get(repo.defaultBranch);
    const parents = input.parents ?? (head ? [head] : []);
    const message = input.message ?? `commit ${this.seq + 1}`;
    const who: FakeIdentity = {
      name: input.author?.name ?? 'Fake Author',
      email: input.author?.email ?? 'author@example.com',
      date: input.date ?? DEFAULT_DATE,
    };
    const treeSha = sha1(`tree ${fullName} ${this.seq}`);
    const sha = sha1(`commit ${fullName}\n${treeSha}\n${parents.join(' ')}\n${message}\n${who.date}\n${++this.seq}`);
    const commit: FakeCommit = { sha, treeSha, message, parents, author: who, committer: { ...who } };
    repo.commits.set(sha, commit);
    repo.branches.set(repo.defaultBranch, sha);
    return commit;
  }

  /** Creates or moves a tag (moving is what `v4`-style major tags of actions do). */
  addTag(fullName: string, name: string, input: TagInput = {}): FakeTag {
    const repo = this.repo(fullName);
    const commitSha = input.commit ?? repo.branches.get(repo.defaultBranch) ?? this.addCommit(fullName, { date: input.date }).sha;
    if (!repo.commits.has(commitSha)) throw new Error(`fake forge: ${fullName} has no commit ${commitSha}`);
    const tag: FakeTag = { name, commitSha, seq: ++this.seq };
    if (input.message !== undefined) {
      const tagger: FakeIdentity = { name: 'Fake Tagger', email: 'tagger@example.com', date: input.date ?? repo.commits.get(commitSha)!.committer.date };
      tag.annotated = { sha: sha1(`tag ${fullName} ${name} ${commitSha} ${input.message} ${this.seq}`), message: input.message, tagger };
    }
    repo.tags.set(name, tag);
    return tag;
  }

  deleteTag(fullName: string, name: string): void {
    this.repo(fullName).tags.delete(name);
  }

  /** Tags newest first (the order both forges list them in for a freshly tagged repository). */
  listTags(repo: FakeRepo): FakeTag[] {
    return [...repo.tags.values()].sort((a, b) => b.seq - a.seq);
  }

  /** The date a tag was made: the tagger's for an annotated tag, else its commit's. */
  tagDate(repo: FakeRepo, tag: FakeTag): string {
    return tag.annotated?.tagger.date ?? repo.commits.get(tag.commitSha)!.committer.date;
  }
}
