import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.ts';
import { decodeCsvSamples, parseLabels } from './csv-samples.ts';
import type { DecodedBatch } from './sample.ts';

const now = Date.UTC(2026, 10, 23, 12);
const header = 'service,metric,unit,timestamp,value,labels';

async function* chunks(parts: readonly (string | Uint8Array)[]): AsyncGenerator<string | Uint8Array> {
  yield* parts;
}

async function decodeAll(parts: readonly (string | Uint8Array)[], batchSize = 1000): Promise<DecodedBatch[]> {
  const out: DecodedBatch[] = [];
  for await (const batch of decodeCsvSamples(chunks(parts), { now, batchSize })) out.push(batch);
  return out;
}

async function decodeOne(text: string): Promise<DecodedBatch> {
  const batches = await decodeAll([text]);
  return { samples: batches.flatMap((b) => b.samples), rejected: batches.flatMap((b) => b.rejected) };
}

describe('decodeCsvSamples', () => {
  it('decodes rows with both label forms, quoting, CRLF and a BOM', async () => {
    const text = `\uFEFF${header}\r\nkfz,requests_per_second,1/s,2026-11-23T10:00:00Z,12.5,env=prod;zone=a\r\n"kfz","memory_gib","MiB",1795428000000,1536,"{""env"":""prod""}"\r\n"Bürgerbüro (Mitte)",cpu_cores,cores,2026-11-23T11:00:00+01:00,2,\r\n`;
    const { samples, rejected } = await decodeOne(text);
    expect(rejected).toEqual([]);
    expect(samples).toEqual([
      {
        service: 'kfz',
        metric: 'requests_per_second',
        unit: '1/s',
        kind: 'gauge',
        labels: { env: 'prod', zone: 'a' },
        ts: Date.UTC(2026, 10, 23, 10),
        value: 12.5,
      },
      {
        service: 'kfz',
        metric: 'memory_gib',
        unit: 'GiB',
        kind: 'gauge',
        labels: { env: 'prod' },
        ts: 1795428000000,
        value: 1.5,
      },
      {
        service: 'Bürgerbüro (Mitte)',
        metric: 'cpu_cores',
        unit: 'cores',
        kind: 'gauge',
        labels: {},
        ts: Date.UTC(2026, 10, 23, 10),
        value: 2,
      },
    ]);
  });

  it('gives the same result however the bytes are chunked', async () => {
    const text = `${header}\nkfz,cpu_cores,cores,2026-11-23T10:00:00Z,1,"a=1;b=""x,\ny"""\nkfz,cpu_cores,cores,2026-11-23T10:01:00Z,2,\r\nkfz,cpu_cores,cores,bad,3,\nkfz,cpu_cores,cores,2026-11-23T10:03:00Z,4,`;
    const bytes = new TextEncoder().encode(text);
    const whole = await decodeOne(text);
    expect(whole.samples.map((s) => s.value)).toEqual([1, 2, 4]);
    expect(whole.samples[0]?.labels).toEqual({ a: '1', b: '"x,\ny"' });
    expect(whole.rejected).toEqual([
      { index: 2, line: 5, reason: expect.stringContaining("timestamp 'bad'") },
    ]);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }),
        async (cuts) => {
          const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
          const parts = points.slice(1).map((end, i) => bytes.subarray(points[i], end));
          const batches = await decodeAll(parts, 2);
          expect(batches.flatMap((b) => b.samples)).toEqual(whole.samples);
          expect(batches.flatMap((b) => b.rejected)).toEqual(whole.rejected);
          for (const b of batches) expect(b.samples.length + b.rejected.length).toBeLessThanOrEqual(2);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reports bad rows with their line numbers and carries on', async () => {
    const text = [
      'service,metric,unit,timestamp,value,labels,kind',
      'kfz,cpu_cores,cores,2026-11-23T10:00:00Z,1,,',
      '',
      'kfz,cpu_cores,cores,2026-11-23T10:00:00Z,1',
      'kfz,cpu_cores,GiB,2026-11-23T10:00:00Z,1,,',
      'kfz,requests_total,1,2026-11-23T10:00:00Z,-3,,counter',
      'kfz,cpu_cores,cores,2026-11-23T10:00:00Z,NaN,,',
      'kfz,cpu_cores,cores,2026-11-23T10:00:00Z,1,env,',
      'kfz,cpu_cores,cores,2026-11-23T10:00:00Z,1,"{bad",',
      'kfz,cpu_cores,cores,2026-11-23T10:00:00Z,1,"x"y,',
      'kfz,cpu_cores,cores,2026-11-23T10:00:00Z,1,,histogram',
      'kfz,requests_total,1,2026-11-23T10:00:00Z,7,,counter',
      'kfz,cpu_cores,cores,2026-11-23T10:00:00Z,1,"open',
    ].join('\n');
    const { samples, rejected } = await decodeOne(text);
    expect(samples.map((s) => [s.metric, s.kind, s.value])).toEqual([
      ['cpu_cores', 'gauge', 1],
      ['requests_total', 'counter', 7],
    ]);
    expect(rejected.map((r) => [r.index, r.line, r.reason])).toEqual([
      [1, 4, 'expected 7 fields (service,metric,unit,timestamp,value,labels,kind), got 5'],
      [2, 5, expect.stringContaining("'GiB' (information) cannot be converted to 'cores'")],
      [3, 6, 'counter value -3 is negative'],
      [4, 7, "value 'NaN' is not a decimal number"],
      [5, 8, "label 'env' is not key=value"],
      [6, 9, "labels '{bad' is not a JSON object"],
      [7, 10, 'unexpected character after a closing quote at field 6'],
      [8, 11, expect.stringContaining("kind must be 'gauge', 'counter' or 'delta'")],
      [10, 13, 'quoted field is not closed before the end of the input'],
    ]);
  });

  it.each([
    ['', /CSV is empty/],
    // Blank lines are skipped, so only blank lines are as empty as no text.
    ['\n\r\n', /CSV is empty/],
    ['kfz,cpu_cores,cores,2026-11-23T10:00:00Z,1', /unknown column 'kfz'/],
    ['service,metric,unit,timestamp', /missing value/],
    ['service,metric,unit,timestamp,value,value', /'value' appears twice/],
    ['"', /quoted field is not closed/],
    ['service,"metric', /quoted field is not closed/],
  ])('refuses a bad header %j', async (text, message) => {
    await expect(decodeOne(text)).rejects.toThrow(message);
    await expect(decodeOne(text)).rejects.toBeInstanceOf(DomainError);
  });

  it('accepts a header alone, column aliases and any column order', async () => {
    expect(await decodeAll([header])).toEqual([]);
    const { samples } = await decodeOne(
      'VALUE,ts,Unit,metric,service\n3,2026-11-23T10:00:00Z,GiB,memory_gib,kfz\n',
    );
    expect(samples).toMatchObject([{ service: 'kfz', metric: 'memory_gib', value: 3 }]);
  });

  it('refuses invalid UTF-8 and over-long records', async () => {
    await expect(decodeAll([new Uint8Array([0x73, 0xff, 0x0a])])).rejects.toMatchObject({
      kind: 'malformed-body',
    });
    const long = `${header}\nkfz,cpu_cores,cores,2026-11-23T10:00:00Z,1,${'a=b;'.repeat(20_000)}`;
    await expect(decodeOne(long)).rejects.toThrow(/line 2: record is longer than 65536/);
  });

  it('streams many rows in bounded batches', async () => {
    async function* rows(): AsyncGenerator<string> {
      yield `${header}\n`;
      for (let c = 0; c < 50; c++) {
        let text = '';
        for (let i = 0; i < 1000; i++)
          text += `svc-${i % 7},cpu_cores,cores,${Date.UTC(2026, 0, 1) + (c * 1000 + i) * 60_000},${i},host=h${i % 3}\n`;
        yield text;
      }
    }
    let total = 0;
    let batches = 0;
    for await (const batch of decodeCsvSamples(rows(), { now, batchSize: 4096 })) {
      expect(batch.rejected).toEqual([]);
      expect(batch.samples.length).toBeLessThanOrEqual(4096);
      total += batch.samples.length;
      batches++;
    }
    expect(total).toBe(50_000);
    expect(batches).toBe(13);
  });

  it('only ever yields batches or throws a DomainError (fuzz)', async () => {
    const cell = fc.oneof(
      fc.string(),
      fc.constantFrom('"', '""', ',', '\n', '\r\n', 'kfz', 'cpu_cores', '2026-11-23T10:00:00Z', '1', 'a=b'),
    );
    const text = fc.oneof(
      fc.string(),
      fc
        .array(fc.array(cell, { maxLength: 8 }), { maxLength: 10 })
        .map((rows) => `${header}\n${rows.map((r) => r.join(',')).join('\n')}`),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          text,
          fc.uint8Array().map((b) => new TextDecoder().decode(b)),
        ),
        fc.integer({ min: 1, max: 5 }),
        async (input, size) => {
          try {
            for await (const batch of decodeCsvSamples(chunks([input.slice(0, 7), input.slice(7)]), {
              now,
              batchSize: size,
            })) {
              for (const r of batch.rejected) expect(r.line).toBeGreaterThanOrEqual(2);
            }
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('parseLabels', () => {
  it.each([
    ['', {}],
    ['env=prod', { env: 'prod' }],
    ['env=prod;;zone=a', { env: 'prod', zone: 'a' }],
    ['expr=a=b', { expr: 'a=b' }],
    ['{"env":"prod"}', { env: 'prod' }],
  ])('%j', (raw, labels) => {
    expect(parseLabels(raw)).toEqual(labels);
  });

  it.each([['=x'], ['env'], ['a=1;a=2'], ['{'], ['{"a":1']])('refuses %j', (raw) => {
    expect(typeof parseLabels(raw)).toBe('string');
  });
});
