/** Small priced catalogs for the cost and plan tests (made-up round figures, not real prices). */
import { money } from '../domain/money.ts';
import type { EffectiveCatalog, EffectiveType } from './effective-prices.ts';

/**
 * @example
 * testType('small', 2, '0.10').hourly; // 0.10 EUR
 */
export function testType(
  name: string,
  vcpu: number,
  hourly: string,
  extra: Partial<EffectiveType> = {},
): EffectiveType {
  return {
    provider: 'test',
    name,
    vcpu,
    memoryGib: vcpu * 4,
    hourly: money(hourly, 'EUR'),
    monthlyCap: undefined,
    commitments: [],
    notes: [],
    ...extra,
  };
}

/**
 * @example
 * testCatalog({ egress: undefined }).egress; // undefined
 */
export function testCatalog(extra: Partial<EffectiveCatalog> = {}): EffectiveCatalog {
  return {
    provider: 'test',
    region: 'nowhere',
    version: 'test',
    types: [testType('small', 2, '0.10'), testType('large', 8, '0.35')],
    blockStorage: [
      {
        provider: 'test',
        name: 'ssd',
        perUnitMonth: money('0.073', 'EUR'),
        sizeUnit: 'GiB',
        hoursPerMonth: 730,
        baseMonthly: undefined,
        includedUnits: 0,
      },
    ],
    objectStorage: [
      {
        provider: 'test',
        name: 'standard',
        perUnitMonth: money('0.0073', 'EUR'),
        sizeUnit: 'GiB',
        hoursPerMonth: 730,
        baseMonthly: undefined,
        includedUnits: 0,
      },
    ],
    egress: {
      sizeUnit: 'GiB',
      tiers: [
        { fromUnits: 0, toUnits: 100, perUnit: money('0.10', 'EUR') },
        { fromUnits: 100, toUnits: undefined, perUnit: money('0.05', 'EUR') },
      ],
      freeUnitsPerMonth: 10,
      freeUnitsPerInstanceMonth: 0,
    },
    unpriced: [],
    fxRate: undefined,
    ...extra,
  };
}
