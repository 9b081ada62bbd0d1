/**
 * Labels on GitHub: the repository's labels are read once per repository run, and only when a call
 * needs labels; a configured name the repository lacks is created first with a stable colour (GitHub
 * would create it on the fly with grey `ededed`, and only for tokens allowed to — an explicit create
 * gives a clear error instead, and the same colour everywhere). A 422 `already_exists` means another run
 * made it meanwhile: fine.
 */
import { createHash } from 'node:crypto';
import { HttpStatusError } from '../../util/errors.js';
import type { RepoContext } from './wire.js';

/** A stable colour per name (six hex digits, no `#`: GitHub's form). */
const colourOf = (name: string) => createHash('sha1').update(name).digest('hex').slice(0, 6);

export const cleanLabels = (names: readonly string[]): string[] => [...new Set(names.map((n) => n.trim()).filter(Boolean))];

export class Labels {
  private known: Promise<Set<string>> | undefined;

  constructor(private readonly ctx: RepoContext) {}

  /** Makes sure every label in `names` exists in the repository; returns the cleaned list. */
  async ensure(names: readonly string[]): Promise<string[]> {
    const wanted = cleanLabels(names);
    if (wanted.length === 0) return wanted;
    const known = await (this.known ??= this.load());
    for (const name of wanted) {
      if (known.has(name.toLowerCase())) continue;
      try {
        await this.ctx.api.rest.issues.createLabel({ owner: this.ctx.owner, repo: this.ctx.repo, name, color: colourOf(name) });
      } catch (err) {
        if (!(err instanceof HttpStatusError && err.status === 422)) throw err;
      }
      known.add(name.toLowerCase());
    }
    return wanted;
  }

  private async load(): Promise<Set<string>> {
    const labels = await this.ctx.api.paginate(this.ctx.api.rest.issues.listLabelsForRepo, { owner: this.ctx.owner, repo: this.ctx.repo, per_page: 100 });
    // GitHub matches label names case-insensitively.
    return new Set(labels.map((l) => l.name.toLowerCase()));
  }
}
