/**
 * Error classes a caller can act on. Messages are one line and never hold a credential.
 */
export class UpkeepError extends Error {
  readonly kind: string = 'upkeep';
  constructor(message: string) {
    super(message.split('\n')[0]);
    this.name = new.target.name;
  }
}

/** An update could not be written, or the written file did not yield the update when read back. */
export class EditError extends UpkeepError {
  override readonly kind = 'edit';
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    message: string,
  ) {
    super(line !== undefined ? `${file}:${line}: ${message}` : `${file}: ${message}`);
  }
}

/** Bad input in a file or an option: names the file, line or key. */
export class InputError extends UpkeepError {
  override readonly kind = 'input';
}

/** A registry or API answered with an error, or could not be reached. Names the host, never a credential. */
export class ExternalHostError extends UpkeepError {
  override readonly kind: string = 'external-host';
  constructor(
    readonly host: string,
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** The host asked us to slow down (429, or its rate-limit headers say none are left). */
export class RateLimitedError extends ExternalHostError {
  override readonly kind = 'rate-limited';
  constructor(
    host: string,
    status: number | undefined,
    /** Seconds until a retry makes sense, when the host said. */
    readonly retryAfter: number | undefined,
    message: string,
  ) {
    super(host, status, message);
  }
}

/** A host did not answer in time (headers or body): counts toward taking the host as down for the run. */
export class TimedOutError extends ExternalHostError {
  override readonly kind = 'timed-out';
  constructor(host: string, message: string) {
    super(host, undefined, message);
  }
}

/** The answer exists but is not what was asked for: 401/403/404 and other client errors. */
export class HttpStatusError extends ExternalHostError {
  override readonly kind = 'http-status';
}

/**
 * A repository config problem: names the file and, when known, the line (and column) and the key path
 * (`renovate.json:12: packageRules[2].matchUpdateTypes[0]: "mayor" is not one of …`).
 */
export class ConfigError extends UpkeepError {
  override readonly kind = 'config';
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly key: string | undefined;
  constructor(
    readonly file: string,
    /** The problem itself, without file, line or key. */
    readonly detail: string,
    where: { line?: number; column?: number; key?: string } = {},
  ) {
    const position = where.line !== undefined ? `:${where.line}${where.column !== undefined ? `:${where.column}` : ''}` : '';
    super(`${file}${position}: ${where.key ? `${where.key}: ` : ''}${detail}`);
    this.line = where.line;
    this.column = where.column;
    this.key = where.key;
  }
}

/** A git command failed: names the subcommand and says why in one line (stderr redacted). */
export class GitError extends UpkeepError {
  override readonly kind: string = 'git';
  constructor(
    readonly command: string,
    message: string,
  ) {
    super(`git ${command}: ${message}`);
  }
}

/**
 * A push was refused because the branch is no longer where this run saw it: someone pushed in between.
 * Never retried with force; the next run looks again.
 */
export class BranchMovedError extends GitError {
  override readonly kind = 'branch-moved';
  constructor(readonly branch: string) {
    super('push', `${branch} moved since it was read (someone else pushed): not overwritten`);
  }
}
