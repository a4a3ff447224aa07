import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { everySplit, sizedSplits, splitAt } from './chunk-splits.ts';
import { CsvReader, type CsvReaderOptions, type CsvRecord } from './csv-reader.ts';

type Outcome = { records: CsvRecord[] } | { thrown: string };

/** Feeds chunks the way the streaming parsers do: take every record after each push. */
function read(chunks: readonly (string | Uint8Array)[], options: CsvReaderOptions = {}): Outcome {
  const reader = new CsvReader(options);
  const records: CsvRecord[] = [];
  try {
    for (const chunk of chunks) {
      reader.push(chunk);
      records.push(...reader.records(false));
    }
    records.push(...reader.records(true));
    return { records };
  } catch (error) {
    return { thrown: error instanceof Error ? error.message : String(error) };
  }
}

const records = (text: string, options?: CsvReaderOptions) => {
  const outcome = read([text], options);
  return 'records' in outcome ? outcome.records : outcome;
};

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/** Text built of the pieces that make CSV hard: quotes, separators, every line end, wide characters. */
const csvText = fc
  .tuple(
    fc.boolean(),
    fc.array(fc.constantFrom('a', 'bc', 'ä', '€', '😀', ',', ';', '"', '""', '\n', '\r', '\r\n', ' ', '1'), {
      maxLength: 40,
    }),
  )
  .map(([bom, units]) => (bom ? '\uFEFF' : '') + units.join(''));

describe('CsvReader', () => {
  it.each([
    ['empty', '', []],
    ['only a BOM', '\uFEFF', []],
    ['one field', 'a', [{ line: 1, fields: ['a'] }]],
    ['LF', 'a,b\n', [{ line: 1, fields: ['a', 'b'] }]],
    [
      'CRLF without a final line end',
      'a,b\r\nc,d',
      [
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['c', 'd'] },
      ],
    ],
    [
      'CR only (old Mac line ends)',
      'a,b\r1,2\r',
      [
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['1', '2'] },
      ],
    ],
    ['empty fields', ',,\n', [{ line: 1, fields: ['', '', ''] }]],
    ['quoted separator and doubled quotes', '"a,b","c""d"\n', [{ line: 1, fields: ['a,b', 'c"d'] }]],
    [
      'quoted line breaks count as lines',
      '"multi\nline",x\r\n"cr\rlf\r\n",y\nz\n',
      [
        { line: 1, fields: ['multi\nline', 'x'] },
        { line: 3, fields: ['cr\rlf\r\n', 'y'] },
        { line: 6, fields: ['z'] },
      ],
    ],
    ['empty quoted fields', '"",""\r\n', [{ line: 1, fields: ['', ''] }]],
    ['BOM', '\uFEFFa,b', [{ line: 1, fields: ['a', 'b'] }]],
    ['a quote inside an unquoted field is text', 'a"b,c\n', [{ line: 1, fields: ['a"b', 'c'] }]],
    [
      'blank lines are skipped but counted',
      'a\n\n\r\n\rb\n',
      [
        { line: 1, fields: ['a'] },
        { line: 5, fields: ['b'] },
      ],
    ],
    [
      'text after a closing quote spoils that line only',
      '"x"y,z\nok\n',
      [
        { line: 1, error: 'unexpected character after a closing quote at field 1' },
        { line: 2, fields: ['ok'] },
      ],
    ],
    [
      'an unclosed quote spoils its physical line only',
      '"open\nrest',
      [
        { line: 1, error: 'quoted field is not closed before the end of the input' },
        { line: 2, fields: ['rest'] },
      ],
    ],
  ])('%s', (_name, text, expected) => {
    expect(records(text)).toEqual(expected);
  });

  it('takes another separator', () => {
    expect(records('a;"b;c";d,e\n', { delimiter: ';' })).toEqual([{ line: 1, fields: ['a', 'b;c', 'd,e'] }]);
  });

  it('keeps an unfinished record until the character that ends it arrives', () => {
    const reader = new CsvReader();
    reader.push('a,"b\r');
    expect([...reader.records(false)]).toEqual([]);
    reader.push('\nc",d\r');
    expect([...reader.records(false)]).toEqual([]);
    reader.push('\ne');
    expect([...reader.records(false)]).toEqual([{ line: 1, fields: ['a', 'b\r\nc', 'd'] }]);
    expect([...reader.records(true)]).toEqual([{ line: 3, fields: ['e'] }]);
  });

  it('refuses a record longer than the limit, complete or not', () => {
    expect(records(`${'x'.repeat(20)}\n`, { maxRecordLength: 10 })).toEqual({
      thrown: 'CSV line 1: record is longer than 10 characters',
    });
    const reader = new CsvReader({ maxRecordLength: 10 });
    reader.push('ok\n"');
    reader.push('y'.repeat(11));
    expect(() => [...reader.records(false)]).toThrow(/line 2: record is longer than 10/);
  });

  it('reads any table back, whatever its line ends', () => {
    const field = fc.string({
      unit: fc.constantFrom('a', 'ä', '€', ',', '"', '\n', '\r', '\r\n', ' ', '😀'),
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        (rows, eol) => {
          const text = rows.map((row) => row.map(quote).join(',')).join(eol) + eol;
          const breaks = (row: string[]) =>
            row.reduce((n, f) => n + (f.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
          let line = 1;
          const expected = rows.map((fields) => {
            const record = { line, fields };
            line += 1 + breaks(fields);
            return record;
          });
          expect(records(text)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads the same whatever the split: at every byte offset, and in writes of 1 to 7 bytes', () => {
    fc.assert(
      fc.property(
        csvText,
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 30 }),
        fc.constantFrom(undefined, 12),
        (text, sizes, maxRecordLength) => {
          const options = maxRecordLength ? { maxRecordLength } : {};
          const bytes = new TextEncoder().encode(text);
          const whole = read([bytes], options);
          expect(read([text], options)).toEqual(whole);
          for (const chunks of everySplit(bytes)) expect(read(chunks, options)).toEqual(whole);
          expect(read(sizedSplits(bytes, sizes), options)).toEqual(whole);
          // Text chunks too (a split may tear a surrogate pair; joined again it is the same text).
          expect(read(splitAt(text, sizes), options)).toEqual(whole);
        },
      ),
      { numRuns: 400 },
    );
  });
});
