import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney, money } from '../domain/money.ts';
import { type AllocationKey, allocateCost, memberStatements } from './member-statements.ts';
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
