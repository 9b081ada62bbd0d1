import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIndex, readIndexDocument } from '../../src/datasources/helm/index-reader.js';
import { MalformedIndexError, type RawIndex } from '../../src/datasources/helm/raw-entry.js';
import { generateHelmIndex } from '../fixtures/helm/generate-index.mjs';

const FIXTURES = join(import.meta.dirname, '../fixtures/helm');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const asObject = (index: RawIndex) => Object.fromEntries(index);
const reference = (buf: Buffer, wanted?: Set<string>) => asObject(readIndexDocument(buf.toString('utf8'), wanted));

describe('readIndex: the line scanner', () => {
  it('reads the kept fields of every entry, and home/sources/urls of each chart’s first entry', () => {
    const { index, method } = readIndex(fixture('index.yaml'));
    expect(method).toBe('scanner');
    expect([...index.keys()]).toEqual(['ingress-nginx', 'podinfo', 'redis', 'vcluster', 'empty-chart', 'quoted-name']);
    expect(index.get('ingress-nginx')).toEqual([
      {
        appVersion: '1.11.2',
        created: '2024-08-15T17:18:06.125311963Z',
        digest: 'c8f2a5b3bd3a7a27d0b4a9c1b8c7ee1d6f4e2c0b0a9c8d7e6f5a4b3c2d1e0f9a',
        home: 'https://github.com/kubernetes/ingress-nginx',
        sources: ['https://github.com/kubernetes/ingress-nginx'],
        urls: ['https://github.com/kubernetes/ingress-nginx/releases/download/helm-chart-4.11.2/ingress-nginx-4.11.2.tgz'],
        version: '4.11.2',
      },
      { appVersion: '1.11.1', created: '2024-07-10T09:01:02Z', digest: '0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9', version: '4.11.1' },
      { appVersion: '1.10.0', created: '2024-03-01T08:00:00-07:00', version: '4.10.0' },
    ]);
  });

  it('keeps values as Helm reads them: quoted two-part versions, `~` as absent, `v` prefixes', () => {
    const { index } = readIndex(fixture('index.yaml'));
    expect(index.get('podinfo')!.map((e) => [e.version, e.appVersion])).toEqual([
      ['6.7.0', '6.7'],
      ['1.10', '6.10'],
    ]);
    expect(index.get('vcluster')).toEqual([
      { created: '2024-05-05T05:05:05Z', version: 'v0.20.0' },
      { created: '2024-04-04T04:04:04Z', version: 'v0.19.5' },
    ]);
    expect(index.get('redis')![0]!.deprecated).toBe('true');
    expect(index.get('empty-chart')).toEqual([]);
    expect(index.get('quoted-name')).toEqual([{ created: '2020-01-01T00:00:00Z', version: '0.1.0' }]);
  });

  it('is not fooled by YAML-looking lines inside block scalars and wrapped descriptions', () => {
    const podinfo = readIndex(fixture('index.yaml')).index.get('podinfo')!;
    expect(podinfo[0]!.version).toBe('6.7.0'); // the description holds "version: 99.0.0"
  });

  it('agrees with the yaml library on the fixture, with LF and with CRLF line ends', () => {
    const lf = fixture('index.yaml');
    const crlf = Buffer.from(lf.toString('utf8').replace(/\n/g, '\r\n'));
    expect(asObject(readIndex(lf).index)).toEqual(reference(lf));
    const read = readIndex(crlf);
    expect(read.method).toBe('scanner');
    expect(asObject(read.index)).toEqual(reference(lf));
  });

  it('reads only the wanted charts when asked', () => {
    const { index } = readIndex(fixture('index.yaml'), new Set(['redis', 'absent']));
    expect([...index.keys()]).toEqual(['redis']);
  });

  it.each([
    ['go-yaml style', false],
    ['sequences indented under their key', true],
  ])('agrees with the yaml library on a generated 1 MB index (%s)', (_, indentSequences) => {
    const generated = generateHelmIndex({ targetBytes: 1024 * 1024, seed: `reader-${indentSequences}`, indentSequences });
    const buf = Buffer.from(generated.text);
    const read = readIndex(buf);
    expect(read.method).toBe('scanner');
    expect(asObject(read.index)).toEqual(reference(buf));
    expect([...read.index.values()].reduce((n, e) => n + e.length, 0)).toBe(generated.entries);
  });
});

describe('readIndex: shapes the scanner hands to the yaml library', () => {
  it('parses only the unusual chart sections with the yaml library', () => {
    const buf = fixture('sections.yaml');
    const { index, method } = readIndex(buf);
    expect(method).toBe('scanner+sections');
    expect(asObject(index)).toEqual(reference(buf));
    expect(index.get('flow')).toEqual([{ created: '2024-02-02T00:00:00Z', home: 'https://example.com/flow', version: '2.0.0' }]);
    expect(index.get('escaped')).toEqual([{ appVersion: '1.0A', version: '3.0.0' }]);
    expect(index.get('next-line')).toEqual([{ version: '4.0.0' }]);
    expect(index.get('anchored')!.map((e) => e.created)).toEqual(['2024-05-05T00:00:00Z', '2024-05-05T00:00:00Z']);
    expect(index.get('indented')![0]).toEqual({
      home: "https://example.com/it's",
      sources: ['https://gitlab.com/group/helm-charts/-/tree/main/indented'],
      version: '6.0.0',
    });
  });

  it('reads the whole document with the yaml library when an alias crosses charts', () => {
    const { index, method } = readIndex(fixture('anchors.yaml'));
    expect(method).toBe('document');
    expect(index.get('second')!.map((e) => e.version)).toEqual(['1.0.0', '0.9.0']);
  });

  it('reads an index written as JSON', () => {
    const { index, method } = readIndex(fixture('index.json'));
    expect(method).toBe('document');
    expect(asObject(index)).toEqual({
      app: [
        {
          version: '1.2.3',
          appVersion: '4.5',
          created: '2024-01-02T03:04:05Z',
          digest: 'abc',
          home: 'https://example.com',
          sources: ['https://github.com/example/app-charts'],
        },
        { version: '1.2.2', created: '2024-01-01T03:04:05Z' },
      ],
      other: [{ version: '0.0.1' }],
    });
  });

  it('an empty index has no charts', () => {
    expect(readIndex(Buffer.from('apiVersion: v1\nentries: {}\n')).index.size).toBe(0);
  });

  it('says what is wrong with a document that is not an index', () => {
    expect(() => readIndex(fixture('broken.yaml'))).toThrow(MalformedIndexError);
    expect(() => readIndex(fixture('broken.yaml'))).toThrow('not valid YAML: Missing closing "quote at line 8, column 1');
    expect(() => readIndex(fixture('not-an-index.html'))).toThrow('not a Helm repository index (no `entries` map)');
    expect(() => readIndex(Buffer.from(''))).toThrow('not a Helm repository index (no `entries` map)');
    expect(() => readIndex(Buffer.from('apiVersion: v1\nentries:\n  - a\n'))).toThrow(MalformedIndexError);
  });
});
