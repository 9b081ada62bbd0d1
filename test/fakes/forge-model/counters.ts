/**
 * What a run did to the forge: API reads and writes, git fetches and pushes. A test calls `startRun()`
 * before each run and checks the figures after (the rerun of an unchanged world must make no write);
 * `writeLog` names each write so a failing assertion says which one.
 */
export class RunCounters {
  reads = 0;
  writes = 0;
  fetches = 0;
  pushes = 0;
  /** `METHOD operationId` (or path) → count, this run. */
  readonly operations = new Map<string, number>();
  /** `METHOD path → status` of every write this run. */
  readonly writeLog: string[] = [];

  /** Forgets this run's figures. */
  reset(): void {
    this.reads = this.writes = this.fetches = this.pushes = 0;
    this.operations.clear();
    this.writeLog.length = 0;
  }

  /**
   * One API request; GET and HEAD read, everything else writes, unless `write` says otherwise (a GraphQL
   * query is a POST that only reads).
   */
  api(method: string, path: string, operation: string | undefined, status: number, write?: boolean): void {
    const key = `${method} ${operation ?? path}`;
    this.operations.set(key, (this.operations.get(key) ?? 0) + 1);
    if (!(write ?? !(method === 'GET' || method === 'HEAD'))) this.reads++;
    else {
      this.writes++;
      this.writeLog.push(`${method} ${path} → ${status}`);
    }
  }

  /** One git smart-HTTP exchange (`git-upload-pack` fetches, `git-receive-pack` pushes). */
  git(service: 'upload-pack' | 'receive-pack', path: string): void {
    if (service === 'upload-pack') this.fetches++;
    else {
      this.pushes++;
      this.writeLog.push(`git push ${path}`);
    }
  }

  /** Writes of any kind (API writes and pushes). */
  get allWrites(): number {
    return this.writes + this.pushes;
  }

  snapshot(): { reads: number; writes: number; fetches: number; pushes: number; writeLog: string[] } {
    return { reads: this.reads, writes: this.writes, fetches: this.fetches, pushes: this.pushes, writeLog: [...this.writeLog] };
  }
}
