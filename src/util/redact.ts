/**
 * Removing secrets from text before it reaches a log, a report, an error or a PR body.
 */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s:]+(?::[^/@\s]*)?@/gi;
const AUTH_HEADER_VALUE = /\b(Bearer|Basic|token)\s+[A-Za-z0-9._~+/=-]{8,}/g;
const QUERY_SECRETS = /([?&](?:access_token|token|password|client_secret)=)[^&\s]+/gi;

export class Redactor {
  private readonly secrets = new Set<string>();

  constructor(secrets: Iterable<string> = []) {
    for (const s of secrets) this.add(s);
  }

  /** Remember a secret (a token, a password) so it never appears in text passed through `redact`. */
  add(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }

  redact(text: string): string {
    // Cheap checks first: most text (a report of 50,000 deps) holds none of these, and the patterns are slow to scan.
    let out = text;
    if (out.includes('@')) out = out.replace(URL_CREDENTIALS, '$1***@');
    if (out.includes('Bearer') || out.includes('Basic') || out.includes('token')) out = out.replace(AUTH_HEADER_VALUE, '$1 ***');
    if (out.includes('=')) out = out.replace(QUERY_SECRETS, '$1***');
    for (const secret of this.secrets) out = out.split(secret).join('***');
    return out;
  }
}
