import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney, money } from '../domain/money.ts';
import type { CostRecord } from './cost-record.ts';
import { type AllocationKey, allocateCost, memberStatements, sharedCostLines } from './member-statements.ts';
import { memberStatementsCsv } from './member-statements-csv.ts';
import { eur } from './test-data.ts';

const inhabitants: AllocationKey = {
  id: 'ew-2025',
  name: 'Einwohner 31.12.2025',
  basis: 'inhabitants',
  shares: [
    { memberId: 'a', memberName: 'Stadt Aberg', weight: '23456' },
    { memberId: 'b', memberName: 'Gemeinde Bedorf', weight: '4321' },
    { memberId: 'c', memberName: 'Gemeinde Cehausen', weight: '1234' },
  ],
};

describe('allocateCost', () => {
  it('splits by inhabitants and adds up to the cent', () => {
    const parts = allocateCost(eur('1000'), inhabitants);
    expect(parts.map((p) => formatMoney(p.amount))).toEqual(['808.52', '148.94', '42.54']);
  });

  it.each([
    ['a negative weight', '-1', /at least 0/],
    ['text', 'viele', /decimal number/],
  ])('refuses %s', (_name, weight, message) => {
    const key = { ...inhabitants, shares: [{ memberId: 'x', memberName: 'X', weight }] };
    expect(() => allocateCost(eur('1'), key)).toThrow(message);
  });

  it('refuses a key where everyone weighs zero', () => {
    const key = { ...inhabitants, shares: inhabitants.shares.map((s) => ({ ...s, weight: '0' })) };
    expect(() => allocateCost(eur('1'), key)).toThrow(/no member with a weight above 0/);
  });
});

describe('memberStatements', () => {
  it('gives each member its lines, with a usage key per month', () => {
    const usageMarch: AllocationKey = {
      id: 'usage-2026-03',
      name: 'Nutzung März',
      basis: 'usage',
      shares: [
        { memberId: 'a', memberName: 'Stadt Aberg', weight: '0.5' },
        { memberId: 'b', memberName: 'Gemeinde Bedorf', weight: '0.5' },
      ],
    };
    const lines = [
      { month: '2026-02', serviceId: 'portal', amount: eur('1000.004') },
      { month: '2026-03', serviceId: 'portal', amount: eur('0.03') },
    ];
    const { statements, total } = memberStatements(
      lines,
      (l) => (l.month === '2026-03' ? usageMarch : inhabitants),
      'EUR',
    );
    expect(formatMoney(total)).toBe('1000.03');
    expect(statements.map((s) => [s.memberId, formatMoney(s.total)])).toEqual([
      ['a', '808.54'],
      ['b', '148.95'],
      ['c', '42.54'],
    ]);
    expect(statements[0]?.lines[1]).toMatchObject({
      month: '2026-03',
      basis: 'usage',
      amount: eur('0.02'),
      lineTotal: eur('0.03'),
    });
  });

  it('member totals add up to the sum of the lines, to the cent, for any lines and keys', () => {
    const cents = fc.bigInt({ min: -(10n ** 10n), max: 10n ** 10n });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(cents, fc.integer({ min: 0, max: 999 })), { minLength: 0, maxLength: 20 }),
        fc
          .array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 12 })
          .filter((w) => w.some((x) => x > 0)),
        (raw, weights) => {
          const key: AllocationKey = {
            id: 'k',
            name: 'k',
            basis: 'fixed',
            shares: weights.map((w, i) => ({ memberId: `m${i}`, memberName: `M${i}`, weight: String(w) })),
          };
          // Amounts with sub-cent digits, so each line is rounded before it is split.
          const lines = raw.map(([c, extra], i) => ({
            month: '2026-01',
            serviceId: `s${i}`,
            amount: money(`${c}.${String(extra).padStart(3, '0')}`, 'EUR'),
          }));
          const { statements, total } = memberStatements(lines, key, 'EUR');
          const members = statements.reduce((t, s) => t + s.total.nanos, 0n);
          expect(members).toBe(total.nanos);
          expect(total.nanos % 10_000_000n).toBe(0n);
          for (const s of statements)
            expect(s.lines.reduce((t, l) => t + l.amount.nanos, 0n)).toBe(s.total.nanos);
        },
      ),
    );
  });
});

describe('memberStatementsCsv', () => {
  it('lists the parts and a total that is their sum', () => {
    const lines = [
      { month: '2026-01', serviceId: 'portal', amount: eur('1000') },
      { month: '2026-02', serviceId: 'portal', amount: eur('333.333') },
    ];
    const { statements } = memberStatements(lines, inhabitants, 'EUR');
    expect(memberStatementsCsv(statements.slice(0, 1), 'de')).toBe(
      '\uFEFFMitglied;Monat;Dienst;Kosten gesamt (€);Anteil (€);Schlüssel;Grundlage\r\n' +
        'Stadt Aberg;2026-01;portal;1000,00;808,52;ew-2025;Einwohner\r\n' +
        'Stadt Aberg;2026-02;portal;333,33;269,50;ew-2025;Einwohner\r\n' +
        'Stadt Aberg;;Summe;;1078,02;;Summe der Zeilen\r\n',
    );
  });
});

describe('sharedCostLines', () => {
  const dms = '0193a8f0-0000-7000-8000-000000000001';
  const mail = '0193a8f0-0000-7000-8000-000000000002';
  const other = '0193a8f0-0000-7000-8000-000000000003';
  const record = (
    day: string,
    serviceId: string | null,
    amount: string,
    category: CostRecord['category'] = 'compute',
  ): CostRecord => ({
    day,
    serviceId,
    category,
    amount: eur(amount),
    source: `file.csv:${day}`,
    importId: 'i1',
  });
  const line = { serviceIds: [mail, dms], amount: eur('100000') };
  const shown = (lines: ReturnType<typeof sharedCostLines>) =>
    lines.map((l) => `${l.month} ${l.serviceId.slice(-1)} ${formatMoney(l.amount)} ${l.amount.currency}`);

  it('sums per month and service, ordered by month then service, leaving out other services and unassigned costs', () => {
    const records = [
      record('2026-02-03', dms, '10.10'),
      record('2026-01-31', mail, '5.05'),
      record('2026-01-02', dms, '1.01'),
      record('2026-01-15', dms, '2.02', 'storage'),
      record('2026-01-20', other, '999.99'),
      record('2026-01-21', null, '888.88'),
    ];
    expect(shown(sharedCostLines(records, line, { from: '2026-01-01', to: '2026-12-31' }))).toEqual([
      '2026-01 1 3.03 EUR',
      '2026-01 2 5.05 EUR',
      '2026-02 1 10.10 EUR',
    ]);
  });

  it('keeps only the days of the range, both ends included', () => {
    const records = [
      record('2026-01-09', dms, '1.00'),
      record('2026-01-10', dms, '2.00'),
      record('2026-01-20', dms, '4.00'),
      record('2026-01-21', dms, '8.00'),
    ];
    expect(shown(sharedCostLines(records, line, { from: '2026-01-10', to: '2026-01-20' }))).toEqual([
      '2026-01 1 6.00 EUR',
    ]);
  });

  it("keeps only the line's categories, and all when it names none", () => {
    const records = [
      record('2026-03-01', dms, '1.00', 'compute'),
      record('2026-03-02', dms, '2.00', 'licences'),
    ];
    const range = { from: '2026-03-01', to: '2026-03-31' };
    expect(shown(sharedCostLines(records, { ...line, categories: ['licences'] }, range))).toEqual([
      '2026-03 1 2.00 EUR',
    ]);
    expect(shown(sharedCostLines(records, line, range))).toEqual(['2026-03 1 3.00 EUR']);
  });

  it('adds booked cents exactly, with no binary-float drift', () => {
    // 0.1 + 0.2 in floats is 0.30000000000000004; ten thousand of them drift further.
    const records = Array.from({ length: 10_000 }, (_, i) =>
      record(`2026-04-${String((i % 30) + 1).padStart(2, '0')}`, dms, i % 2 === 0 ? '0.10' : '0.20'),
    );
    const [only] = sharedCostLines(records, line, { from: '2026-04-01', to: '2026-04-30' });
    expect(only?.amount).toEqual({ nanos: 1500n * 1_000_000_000n, currency: 'EUR' });
  });
});
