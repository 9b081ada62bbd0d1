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
