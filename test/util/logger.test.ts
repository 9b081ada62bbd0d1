import { describe, expect, it } from 'vitest';
import { createLogger, readableLine } from '../../src/util/logger.js';
import { Redactor } from '../../src/util/redact.js';

describe('the service log', () => {
  it('writes one JSON object per line off a terminal, with the fields given', () => {
    const lines: string[] = [];
    const log = createLogger({ pretty: false, write: (l) => lines.push(l) });
    log.info({ repository: 'acme/app', outcome: 'ok', branches: 3 }, 'acme/app: done, 3 branches');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 30, msg: 'acme/app: done, 3 branches', repository: 'acme/app', outcome: 'ok', branches: 3 });
  });

  it('writes readable lines on a terminal', () => {
    const lines: string[] = [];
    const log = createLogger({ pretty: true, write: (l) => lines.push(l) });
    log.warn({ repository: 'acme/app' }, 'acme/app: running on another worker');
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d WARN {2}acme\/app: running on another worker {2}repository=acme\/app\n$/);
    expect(readableLine('not json')).toBe('not json');
  });

  it('never writes a secret the redactor knows, in the message or a field', () => {
    const secret = 'ghp_canary0123456789abcdef';
    const lines: string[] = [];
    const log = createLogger({ pretty: false, redactor: new Redactor([secret]), write: (l) => lines.push(l) });
    log.error({ url: `https://x-access-token:${secret}@github.com/acme/app.git` }, `push failed with ${secret}`);
    expect(lines.join('')).not.toContain(secret);
    expect(lines.join('')).toContain('push failed with');
  });
});
