import { describe, expect, it } from 'vitest';
import { money } from '../domain/money.ts';
import { effectiveCatalog, type PricingContext } from './effective-prices.ts';
import { exchangeRateTable } from './exchange-rates.ts';
import { loadFixtureCatalog } from './test-catalog.ts';

const bundle = loadFixtureCatalog();
const fx = exchangeRateTable(bundle.fxRates);
const context = (vat: 'gross' | 'net', extra: Partial<PricingContext> = {}): PricingContext => ({
  currency: 'EUR',
  vat,
  fx,
  on: '2027-01-01',
  ...extra,
});
const priced = (provider: string, ctx: PricingContext) =>
  effectiveCatalog(bundle.catalogs.find((c) => c.provider === provider)!, ctx);
const type = (provider: string, name: string, ctx: PricingContext) =>
  priced(provider, ctx).types.find((t) => t.name === name)!;

describe('effectiveCatalog', () => {
  it.each([
    ['hetzner', 'CX23', 'gross', '0.0114'],
    ['hetzner', 'CX23', 'net', '0.009579832'],
    ['stackit', 'g1a.1d', 'gross', '0.058508337'],
    ['aws', 'm6a.large', 'net', '0.092966855'],
    ['aws', 'm6a.large', 'gross', '0.110630557'],
    ['azure', 'Standard_D2a_v4', 'net', '0.091506849'],
  ] as const)('%s %s hourly (%s) is %s EUR', (provider, name, vat, expected) => {
    expect(type(provider, name, context(vat)).hourly).toEqual(money(expected, 'EUR'));
  });

  it('uses the exchange rate valid on the date and names it', () => {
    const august = type('aws', 'm6a.large', context('net', { on: '2026-09-01' }));
    expect(august.hourly).toEqual(money('0.089478689', 'EUR'));
    expect(priced('aws', context('net')).fxRate).toContain('1.1133 USD (2026-10-28');
    expect(priced('hetzner', context('net')).fxRate).toBeUndefined();
  });

  it('notes derived hourly prices and converts caps and commitments', () => {
    const d2 = type('azure', 'Standard_D2a_v4', context('net'));
    expect(d2.notes).toContain('hourly price derived from the monthly price ÷ 730 h');
    expect(d2.commitments.map((c) => [c.term, c.hourly, c.proxyRegion])).toEqual([
      ['1y', money('0.06712', 'EUR'), 'westeurope'],
      ['3y', money('0.04618', 'EUR'), 'westeurope'],
    ]);
    expect(type('hetzner', 'CX23', context('gross')).monthlyCap).toEqual(money('6.5331', 'EUR'));
    const e2 = type('gcp', 'e2-standard-2', context('net'));
    expect(e2.commitments[0]?.hourly).toEqual(money('0.048856012', 'EUR'));
  });

  it('applies a price factor and lists what is unpriced', () => {
    expect(type('hetzner', 'CX23', context('gross', { priceFactor: '1.1' })).hourly).toEqual(
      money('0.01254', 'EUR'),
    );
    expect(priced('otc', context('gross')).types).toEqual([]);
    expect(priced('otc', context('gross')).unpriced).toContain('otc: instance types');
  });
});
