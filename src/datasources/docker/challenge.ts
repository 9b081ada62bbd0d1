/**
 * `WWW-Authenticate` parsing (RFC 9110 §11.6.1): one header may hold several challenges, each a scheme
 * and comma-separated `key=value` / `key="quoted value"` parameters.
 *
 *   Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"
 */
export interface Challenge {
  /** Lower case: `bearer`, `basic`. */
  scheme: string;
  /** Parameter names in lower case. */
  params: Record<string, string>;
}

const TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y;

export function parseChallenges(header: string | undefined): Challenge[] {
  if (!header) return [];
  const out: Challenge[] = [];
  let i = 0;
  const skip = (chars: RegExp) => {
    while (i < header.length && chars.test(header[i]!)) i++;
  };
  const token = (): string | undefined => {
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(header);
    if (!m) return undefined;
    i += m[0].length;
    return m[0];
  };
  const quoted = (): string => {
    let value = '';
    i++; // opening quote
    while (i < header.length && header[i] !== '"') {
      if (header[i] === '\\' && i + 1 < header.length) i++;
      value += header[i++];
    }
    i++; // closing quote
    return value;
  };
  let current: Challenge | undefined;
  while (i < header.length) {
    skip(/[\s,]/);
    const word = token();
    if (word === undefined) {
      i++; // stray character: ignore it
      continue;
    }
    skip(/[ \t]/);
    if (header[i] === '=' && current) {
      i++;
      skip(/[ \t]/);
      const value = header[i] === '"' ? quoted() : (token() ?? '');
      current.params[word.toLowerCase()] = value;
    } else {
      current = { scheme: word.toLowerCase(), params: {} };
      out.push(current);
      // A token68 credential (`Negotiate abc==`) is not a parameter list: skip it.
      if (/^[A-Za-z0-9._~+/-]+=*(?:\s*,|\s*$)/.test(header.slice(i)) && !/^[A-Za-z0-9._~+/-]+\s*=\s*[^=,\s]/.test(header.slice(i))) {
        skip(/[A-Za-z0-9._~+/=-]/);
      }
    }
  }
  return out;
}

/** The challenge to answer: Bearer with a realm first (the token dance), then Basic, then whatever came. */
export function pickChallenge(challenges: Challenge[]): Challenge | undefined {
  return challenges.find((c) => c.scheme === 'bearer' && c.params.realm) ?? challenges.find((c) => c.scheme === 'basic') ?? challenges[0];
}
