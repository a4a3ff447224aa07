import { describe, expect, it } from 'vitest';
import type { CsvRecord } from './csv-reader.ts';
import { csvRecords } from './csv-records.ts';

async function all(chunks: Iterable<Uint8Array | string>, delimiter?: string): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const batch of csvRecords(chunks, delimiter ? { delimiter } : {})) out.push(...batch);
  return out;
}

describe('csvRecords', () => {
  it('reads text and bytes alike, a BOM and a character torn between byte chunks included', async () => {
    const bytes = new TextEncoder().encode('\uFEFFname,sum\r\n"Grüße, €",1\r\n');
    const parts = [bytes.subarray(0, 1), bytes.subarray(1, 15), bytes.subarray(15, 16), bytes.subarray(16)];
    expect(await all(parts)).toEqual([
      { line: 1, fields: ['name', 'sum'] },
      { line: 2, fields: ['Grüße, €', '1'] },
    ]);
  });

  it('refuses bytes that are not UTF-8, naming the line', async () => {
    await expect(all(['a\n', new Uint8Array([0x61, 0xff, 0x0a])])).rejects.toMatchObject({
      kind: 'malformed-body',
      message: expect.stringMatching(/not valid UTF-8 \(in or after line 2\)/),
    });
    // A character cut off by the end of the input is as invalid as a wrong byte.
    await expect(all([new Uint8Array([0x61, 0xc3])])).rejects.toMatchObject({ kind: 'malformed-body' });
  });

  it('takes a semicolon as separator', async () => {
    expect(await all(['a;"b;c"\n'], ';')).toEqual([{ line: 1, fields: ['a', 'b;c'] }]);
  });

  it('reads a ReadableStream of bytes, as a fetch or Hono request body gives it', async () => {
    const bytes = new TextEncoder().encode('a,b\r\n"ä, ö",2\r\n');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.subarray(0, 7));
        controller.enqueue(bytes.subarray(7));
        controller.close();
      },
    });
    const out: string[][] = [];
    for await (const batch of csvRecords(body)) out.push(...batch.map((r) => r.fields ?? []));
    expect(out).toEqual([
      ['a', 'b'],
      ['ä, ö', '2'],
    ]);
  });
});
