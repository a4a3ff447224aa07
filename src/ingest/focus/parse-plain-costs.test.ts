import { describe, expect, it } from 'vitest';
import { money } from '../../domain/money.ts';
import type { RowError } from './focus-charge.ts';
import { type PlainCost, parsePlainCosts, plainPeriodKey } from './parse-plain-costs.ts';

async function parseAll(chunks: (string | Uint8Array)[], sourceName?: string) {
  const costs: PlainCost[] = [];
  const errors: RowError[] = [];
  for await (const batch of parsePlainCosts(chunks, sourceName ? { sourceName } : {})) {
    costs.push(...batch.charges);
    errors.push(...batch.errors);
  }
  return { costs, errors };
}

describe('parsePlainCosts', () => {
  it('reads a comma file with columns in any order', async () => {
    const { costs, errors } = await parseAll([
      'service,date,amount,currency,category,description\n',
      'Kfz-Zulassung,2026-01-31,1200.00,EUR,licences,"Fachverfahren, Januar"\n',
      'Wahlschein,2026-02-01,-3.5,EUR,Rechenleistung,\n',
    ]);
    expect(errors).toEqual([]);
    expect(costs).toEqual([
      {
        line: 2,
        day: '2026-01-31',
        service: 'Kfz-Zulassung',
        category: 'licences',
        amount: money('1200', 'EUR'),
        description: 'Fachverfahren, Januar',
      },
      {
        line: 3,
        day: '2026-02-01',
        service: 'Wahlschein',
        category: 'compute',
        amount: money('-3.5', 'EUR'),
        description: null,
      },
    ]);
  });

  it('reads a German spreadsheet export (semicolons, decimal comma, dd.mm.yyyy), header split over chunks', async () => {
    const { costs, errors } = await parseAll([
      '\uFEFFdate;service;cat',
      'egory;amount;currency\r\n31.01.2026;Portal;Speicher;1.234,56;EUR\r\n',
    ]);
    expect(errors).toEqual([]);
    expect(costs[0]).toMatchObject({
      day: '2026-01-31',
      category: 'storage',
      amount: money('1234.56', 'EUR'),
    });
  });

  it.each([
    ['date', '2026-02-30,S,compute,1,EUR', /not a date/],
    ['service', '2026-01-01,,compute,1,EUR', /service is empty/],
    ['category', '2026-01-01,S,hardware,1,EUR', /category must be one of/],
    ['amount', '2026-01-01,S,compute,1;5,EUR', /not an amount/],
    ['currency', '2026-01-01,S,compute,1,€', /ISO 4217/],
  ])('reports a bad %s with line and column', async (column, line, message) => {
    const { costs, errors } = await parseAll([
      `date,service,category,amount,currency\n2026-01-01,S,compute,1,EUR\n${line}\n`,
    ]);
    expect(costs).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 3, column });
    expect(errors[0]?.message).toMatch(message);
  });

  it('names the missing columns', async () => {
    await expect(parseAll(['date,service,amount\n'])).rejects.toThrow(/missing columns category, currency/);
  });

  it('keys periods by source and month', () => {
    expect(plainPeriodKey({ day: '2026-03-15' }, 'hoster')).toBe('plain|hoster|2026-03');
  });
});
