/**
 * A small token server for a registry with token auth (the Bearer "token dance" of the distribution spec).
 *
 * It answers `GET /token?service=…&scope=repository:<name>:pull,push` with a JWT signed by an RSA key whose
 * self-signed certificate the registry trusts (`rootcertbundle`); the certificate rides in the JWT's `x5c`
 * header. Known users (Basic auth) get pull and push; wrong credentials get a 401; anonymous clients get
 * pull when `anonymousPull` is set and otherwise a token with no access at all (as Docker Hub does for a
 * private image), which the registry then refuses.
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { LOOPBACK, startOnFreePort } from './free-port.js';

export interface RegistryUser {
  username: string;
  password: string;
}

/** One entry of a token's `access` claim. */
export interface TokenAccess {
  type: string;
  name: string;
  actions: string[];
}

/** What the token server saw, for assertions (how many tokens were asked for, with which scopes). */
export interface TokenRequestRecord {
  service: string | null;
  scopes: string[];
  /** The user who authenticated, or undefined for anonymous requests. */
  account?: string;
  /** An Authorization header was sent. */
  hadAuthorization: boolean;
  status: number;
}

export interface TokenServerOptions {
  /** Directory for the generated key and certificate (the caller removes it). */
  dir: string;
  service: string;
  issuer: string;
  users: RegistryUser[];
  anonymousPull?: boolean;
  /** Token lifetime in seconds (default 300). */
  expiresIn?: number;
}

export interface TokenServer {
  /** `http://127.0.0.1:<port>/token`: the realm the registry sends clients to. */
  realm: string;
  port: number;
  service: string;
  issuer: string;
  /** PEM certificate file the registry must trust. */
  certPath: string;
  requests: TokenRequestRecord[];
  /** Every token handed out over HTTP, in order (to check that none leaks into a message). */
  issued: string[];
  /** Sign a token directly (for seeding, without an HTTP round trip). */
  issue(access: TokenAccess[], subject?: string): string;
  stop(): Promise<void>;
}

/** Real time even while a test fakes `Date` (the registry checks `nbf`/`exp` against its own clock). */
const realNow = Date.now;

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** Generate an RSA key and a self-signed certificate with openssl. */
export function generateSigningCert(dir: string, commonName = 'upkeep-test-token-issuer'): { keyPath: string; certPath: string } {
  const keyPath = join(dir, 'token-key.pem');
  const certPath = join(dir, 'token-cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '2', '-subj', `/CN=${commonName}`], {
    stdio: 'pipe',
  });
  return { keyPath, certPath };
}

function certDer(certPem: string): string {
  const body = certPem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  return body; // already base64 of the DER bytes, as x5c wants
}

function signJwt(key: KeyObject, x5c: string, claims: object): string {
  const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', x5c: [x5c] }));
  const payload = b64url(JSON.stringify(claims));
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), key);
  return `${header}.${payload}.${b64url(signature)}`;
}

function parseScope(scope: string): TokenAccess | undefined {
  // repository:<name>:<actions>; the name may not contain ':' but the type may have a class (repository(plugin))
  const m = /^([a-z()]+):(.+):([a-z*,]+)$/.exec(scope);
  return m ? { type: m[1]!, name: m[2]!, actions: m[3]!.split(',') } : undefined;
}

export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const { keyPath, certPath } = generateSigningCert(options.dir);
  const key = createPrivateKey(readFileSync(keyPath));
  const x5c = certDer(readFileSync(certPath, 'utf8'));
  const expiresIn = options.expiresIn ?? 300;
  const requests: TokenRequestRecord[] = [];
  const issued: string[] = [];

  const issue = (access: TokenAccess[], subject = ''): string => {
    const now = Math.floor(realNow() / 1000);
    return signJwt(key, x5c, {
      iss: options.issuer,
      sub: subject,
      aud: options.service,
      exp: now + expiresIn,
      nbf: now - 10,
      iat: now,
      jti: randomUUID(),
      access,
    });
  };

  const accountOf = (header: string | undefined): { account?: string; bad: boolean } => {
    if (!header) return { bad: false };
    const m = /^Basic\s+(.+)$/i.exec(header);
    if (!m) return { bad: true };
    const [username, ...rest] = Buffer.from(m[1]!, 'base64').toString('utf8').split(':');
    const user = options.users.find((u) => u.username === username && u.password === rest.join(':'));
    return user ? { account: user.username, bad: false } : { bad: true };
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const scopes = url.searchParams
      .getAll('scope')
      .flatMap((s) => s.split(' '))
      .filter(Boolean);
    const { account, bad } = accountOf(req.headers.authorization);
    const record: TokenRequestRecord = {
      service: url.searchParams.get('service'),
      scopes,
      hadAuthorization: req.headers.authorization !== undefined,
      status: 200,
    };
    if (account) record.account = account;
    requests.push(record);
    if (url.pathname !== '/token') {
      record.status = 404;
      res.writeHead(404).end();
      return;
    }
    if (bad) {
      record.status = 401;
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ details: 'incorrect username or password' }));
      return;
    }
    const access = scopes
      .map(parseScope)
      .filter((a): a is TokenAccess => a !== undefined && a.type === 'repository')
      .map((a) => ({
        ...a,
        actions: account ? a.actions.filter((x) => x === 'pull' || x === 'push') : options.anonymousPull ? a.actions.filter((x) => x === 'pull') : [],
      }))
      .filter((a) => a.actions.length > 0);
    const token = issue(access, account ?? '');
    issued.push(token);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ token, access_token: token, expires_in: expiresIn, issued_at: new Date(realNow()).toISOString() }));
  });

  const port = await startOnFreePort(
    (p) =>
      new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(p, LOOPBACK, () => {
          server.off('error', reject);
          resolve(p);
        });
      }),
  );

  return {
    realm: `http://${LOOPBACK}:${port}/token`,
    port,
    service: options.service,
    issuer: options.issuer,
    certPath,
    requests,
    issued,
    issue,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
