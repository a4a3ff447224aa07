import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CsvRecord, csvRecords } from './csv-records.ts';

async function all(chunks: Iterable<Uint8Array | string>, delimiter?: string): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const batch of csvRecords(chunks, delimiter ? { delimiter } : {})) out.push(...batch);
  return out;
}

function quote(field: string): string {
  return /[",\r\n;]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/** Splits bytes at the given cut points, so multi-byte characters and CRLF may be torn apart. */
function cut(bytes: Uint8Array, points: number[]): Uint8Array[] {
  const sorted = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const point of sorted) {
    parts.push(bytes.subarray(from, point));
    from = point;
  }
  parts.push(bytes.subarray(from));
  return parts;
}

describe('csvRecords', () => {
  it.each([
    ['empty', '', []],
    ['only a BOM', '\uFEFF', []],
    ['one field', 'a', [['a']]],
    [
      'LF',
      'a,b\n1,2\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'CRLF without a final line end',
      'a,b\r\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'CR only',
      'a,b\r1,2\r',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['BOM', '\uFEFFa,b\n', [['a', 'b']]],
    ['empty fields', ',,\n', [['', '', '']]],
    ['quoted separator and quotes', '"x, ""y""",z\n', [['x, "y"', 'z']]],
    ['quoted line break', '"a\r\nb",c\n', [['a\r\nb', 'c']]],
    ['empty quoted field', '"",x\n', [['', 'x']]],
    ['blank lines skipped', 'a\n\n\r\nb\n', [['a'], ['b']]],
  ])('%s', async (_name, text, expected) => {
    expect((await all([text])).map((r) => r.fields)).toEqual(expected);
  });

  it('numbers lines from 1 and counts line breaks inside quotes', async () => {
    const records = await all(['h1,h2\n"multi\nline",x\n\nlast,y\n']);
    expect(records.map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it.each([
    ['unclosed quote', 'a\n"never closed\n', /line 2: quoted field is never closed/],
    ['text after a closing quote', '"a"b,c\n', /line 1: unexpected character after a closing quote/],
  ])('rejects %s', async (_name, text, message) => {
    await expect(all([text])).rejects.toThrow(message);
  });

  it('rejects bytes that are not UTF-8', async () => {
    await expect(all([new Uint8Array([0x61, 0xff, 0x0a])])).rejects.toThrow(/not valid UTF-8/);
  });

  it('takes a semicolon as separator', async () => {
    expect((await all(['a;"b;c"\n'], ';')).map((r) => r.fields)).toEqual([['a', 'b;c']]);
  });

  it('round-trips any table, whatever the chunking and line ends', async () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'ä', '€', ',', '"', '\n', '\r\n', ' ', '1', '😀') });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (rows, eol, bom, points) => {
          const text = (bom ? '\uFEFF' : '') + rows.map((row) => row.map(quote).join(',')).join(eol) + eol;
          const parsed = await all(cut(new TextEncoder().encode(text), points));
          // A row of one empty field is a blank line, which the reader skips by design.
          const expected = rows.filter((row) => !(row.length === 1 && row[0] === ''));
          expect(parsed.map((r) => r.fields)).toEqual(expected);
          let line = 1;
          rows.forEach((row, index) => {
            expect(parsed[index]?.line).toBe(line);
            line += 1 + row.join('').split(/\r\n|\n/).length - 1;
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('csvRecords on a web stream', () => {
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
    for await (const batch of csvRecords(body)) out.push(...batch.map((r) => r.fields));
    expect(out).toEqual([
      ['a', 'b'],
      ['ä, ö', '2'],
    ]);
  });
});
