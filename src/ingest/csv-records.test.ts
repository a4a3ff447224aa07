import { describe, expect, it } from 'vitest';
import { CsvRecordSplitter } from './csv-records.ts';

function split(text: string, maxRecordLength?: number) {
  const splitter = new CsvRecordSplitter(maxRecordLength);
  splitter.push(text);
  return [...splitter.records(true)];
}

describe('CsvRecordSplitter', () => {
  it.each([
    ['', []],
    ['a', [{ line: 1, fields: ['a'] }]],
    ['a,b\n', [{ line: 1, fields: ['a', 'b'] }]],
    [
      'a,b\r\nc,d',
      [
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['c', 'd'] },
      ],
    ],
    [',,\n', [{ line: 1, fields: ['', '', ''] }]],
    ['"a,b","c""d"\n', [{ line: 1, fields: ['a,b', 'c"d'] }]],
    [
      '"multi\nline",x\ny,z\n',
      [
        { line: 1, fields: ['multi\nline', 'x'] },
        { line: 3, fields: ['y', 'z'] },
      ],
    ],
    ['"",""\r\n', [{ line: 1, fields: ['', ''] }]],
    ['a,"b"\r\n', [{ line: 1, fields: ['a', 'b'] }]],
    ['\uFEFFa,b', [{ line: 1, fields: ['a', 'b'] }]],
    ['a"b,c\n', [{ line: 1, fields: ['a"b', 'c'] }]],
    [
      '"x"y,z\nok\n',
      [
        { line: 1, error: 'unexpected character after a closing quote at field 1' },
        { line: 2, fields: ['ok'] },
      ],
    ],
    // An unclosed quote spoils its physical line only; splitting resumes on the next one.
    [
      '"open\nrest',
      [
        { line: 1, error: 'quoted field is not closed before the end of the input' },
        { line: 2, fields: ['rest'] },
      ],
    ],
  ])('splits %j', (text, records) => {
    expect(split(text)).toEqual(records);
  });

  it('keeps an unfinished record until more text arrives', () => {
    const splitter = new CsvRecordSplitter();
    splitter.push('a,"b\r');
    expect([...splitter.records(false)]).toEqual([]);
    splitter.push('\nc",d\r');
    expect([...splitter.records(false)]).toEqual([]);
    splitter.push('\ne');
    expect([...splitter.records(false)]).toEqual([{ line: 1, fields: ['a', 'b\r\nc', 'd'] }]);
    expect([...splitter.records(true)]).toEqual([{ line: 3, fields: ['e'] }]);
  });

  it('refuses a record longer than the limit, complete or not', () => {
    expect(() => split(`${'x'.repeat(20)}\n`, 10)).toThrow(/line 1: record is longer than 10 characters/);
    const splitter = new CsvRecordSplitter(10);
    splitter.push('y'.repeat(11));
    expect(() => [...splitter.records(false)]).toThrow(/longer than 10/);
  });
});
