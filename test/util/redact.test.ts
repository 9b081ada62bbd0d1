import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/util/redact.js';

describe('Redactor', () => {
  it('removes user info from URLs', () => {
    const r = new Redactor();
    expect(r.redact('GET https://bot:hunter2@charts.example.com/index.yaml failed')).toBe('GET https://***@charts.example.com/index.yaml failed');
    expect(r.redact('git clone https://x-access-token:ghs_abc@github.com/o/r.git')).toBe('git clone https://***@github.com/o/r.git');
  });

  it('removes Authorization values and secret query parameters', () => {
    const r = new Redactor();
    expect(r.redact('authorization: Bearer eyJhbGciOiJSUzI1NiJ9.payload.sig')).toBe('authorization: Bearer ***');
    expect(r.redact('Basic Ym90Omh1bnRlcjI=')).toBe('Basic ***');
    expect(r.redact('https://a.io/x?access_token=abc&page=2&password=p%40ss')).toBe('https://a.io/x?access_token=***&page=2&password=***');
  });

  it('removes every secret it was given, wherever it stands, and ignores ones too short to be one', () => {
    const r = new Redactor(['s3cret-value']);
    r.add('tok');
    r.add(undefined);
    r.add('another-secret');
    expect(r.redact('path /s3cret-value/x and another-secret twice: another-secret, tok stays')).toBe('path /***/x and *** twice: ***, tok stays');
  });
});
