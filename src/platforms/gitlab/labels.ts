/**
 * Labels on GitLab: the project's labels are read once per repository run, when a call needs labels;
 * a configured name the project lacks is created first with a stable colour (GitLab would create it on
 * the fly in a default colour). A 409 means it exists after all (made meanwhile, or a group label).
 */
import { createHash } from 'node:crypto';
import { HttpStatusError } from '../../util/errors.js';
import type { RepoContext } from './wire.js';

const colourOf = (name: string) => `#${createHash('sha1').update(name).digest('hex').slice(0, 6)}`;

export const cleanLabels = (names: readonly string[]): string[] => [...new Set(names.map((n) => n.trim()).filter(Boolean))];

export class Labels {
  private known: Promise<Set<string>> | undefined;

  constructor(private readonly ctx: RepoContext) {}

  async ensure(names: readonly string[]): Promise<string[]> {
    const wanted = cleanLabels(names);
    if (wanted.length === 0) return wanted;
    const known = await (this.known ??= this.load());
    for (const name of wanted) {
      if (known.has(name)) continue;
      try {
        await this.ctx.api.call('POST', this.ctx.path('/labels'), { body: { name, color: colourOf(name) } });
      } catch (err) {
        if (!(err instanceof HttpStatusError && err.status === 409)) throw err;
      }
      known.add(name);
    }
    return wanted;
  }

  private async load(): Promise<Set<string>> {
    // include_ancestor_groups: group labels count as existing (the default on GitLab).
    const labels = await this.ctx.api.getAll<{ name: string }>(this.ctx.path('/labels'));
    return new Set(labels.map((l) => l.name));
  }
}
