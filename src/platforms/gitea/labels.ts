/**
 * Label names → ids, as Gitea's PR and issue calls want ids. The repository's labels and its
 * organization's (a 404 means the owner is a user: no organization labels) are read once per repository
 * run and only when a call needs labels; a name found in neither is created as a repository label (Renovate
 * silently drops unknown names, so a label a user configured would never appear). Repository labels win
 * over organization labels of the same name.
 */
import { createHash } from 'node:crypto';
import { apiPath, type GiteaApi } from './api.js';
import type { GiteaLabel } from './wire.js';

/** A stable colour per name, so reruns and other repositories get the same one. */
const colourOf = (name: string) => `#${createHash('sha1').update(name).digest('hex').slice(0, 6)}`;

export class LabelResolver {
  private known: Promise<Map<string, number>> | undefined;

  constructor(
    private readonly api: GiteaApi,
    private readonly owner: string,
    private readonly name: string,
  ) {}

  /** The ids of `names`, in order, creating the missing ones; duplicates and blanks dropped. */
  async ids(names: readonly string[]): Promise<number[]> {
    const wanted = [...new Set(names.map((n) => n.trim()).filter(Boolean))];
    if (wanted.length === 0) return [];
    const known = await (this.known ??= this.load());
    const ids: number[] = [];
    for (const label of wanted) {
      let id = known.get(label);
      if (id === undefined) {
        const created = await this.api.call('POST', apiPath`/repos/${this.owner}/${this.name}/labels`, { body: { name: label, color: colourOf(label) } });
        id = (created.body as GiteaLabel).id;
        known.set(label, id);
      }
      ids.push(id);
    }
    return ids;
  }

  private async load(): Promise<Map<string, number>> {
    const known = new Map<string, number>();
    for (const label of await this.api.getAll<GiteaLabel>(apiPath`/orgs/${this.owner}/labels`, {}, { absentOn: [403, 404] })) known.set(label.name, label.id);
    for (const label of await this.api.getAll<GiteaLabel>(apiPath`/repos/${this.owner}/${this.name}/labels`)) known.set(label.name, label.id);
    return known;
  }
}
