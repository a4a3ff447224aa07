import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';

describe('toCsv', () => {
  it.each([
    [[], ''],
    [[['a', 'b']], 'a,b\r\n'],
    [[['x"y', 'line\nbreak', 1.5, null, undefined]], '"x""y","line\nbreak",1.5,,\r\n'],
    [[[1e21, -0.000001]], '1e+21,-0.000001\r\n'],
  ])('%j', (rows, csv) => {
    expect(toCsv(rows)).toBe(csv);
  });
});
