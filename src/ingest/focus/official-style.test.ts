/**
 * A bill written the way the FinOps Foundation's FOCUS 1.0 sample data is: nulls as the literal
 * NULL in every column type, some numbers quoted, and a mandatory column (ContractedCost) that
 * one provider leaves out. See fixtures/focus/README.md.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { money } from '../../domain/money.ts';
import { columnWarningText } from './column-warning.ts';
import type { FocusCharge, RowError } from './focus-charge.ts';
import { mandatoryFocusColumns } from './focus-columns.ts';
import { parseFocus } from './parse-focus.ts';
import { focusDigest, periodDigests } from './period-digests.ts';

const file = readFileSync(new URL('../../../fixtures/focus/focus_1.0_official_style.csv', import.meta.url));

async function parseAll(input: string | Uint8Array) {
  const charges: FocusCharge[] = [];
  const errors: RowError[] = [];
  for await (const batch of parseFocus([input])) {
    charges.push(...batch.charges);
    errors.push(...batch.errors);
  }
  return { charges, errors };
}

describe('a FOCUS bill in the style of the official sample data', () => {
  it('reads every row: NULL in strings, decimals, JSON and extensions, quoted numbers', async () => {
    const { charges, errors } = await parseAll(file);
    expect(errors).toEqual([]);
    expect(charges.map((c) => [c.providerName, c.billingCurrency])).toEqual([
      ['AWS', 'USD'],
      ['AWS', 'USD'],
      ['AWS', 'USD'],
      ['AWS', 'USD'],
      ['Microsoft', 'EUR'],
      ['Microsoft', 'EUR'],
      ['Microsoft', 'EUR'],
      ['Oracle', 'EUR'],
      ['Oracle', 'EUR'],
      ['Oracle', 'EUR'],
    ]);
    const [ec2, , transfer, tax] = charges;
    // "0.030000000000", quoted, is the number 0.03.
    expect(ec2?.billedCost).toEqual(money('0.03', 'USD'));
    expect(ec2?.listUnitPrice).toBe('0.115000000000');
    expect(ec2?.chargeClass).toBeNull();
    expect(ec2?.resourceName).toBeNull();
    expect(ec2?.commitmentDiscountId).toBeNull();
    expect(ec2?.tags).toEqual({ service: 'kfz-zulassung', env: 'prod' });
    expect(transfer?.tags).toEqual({});
    expect(transfer?.extensions).toEqual({});
    expect(tax).toMatchObject({
      chargeCategory: 'tax',
      pricingQuantity: null,
      pricingUnit: null,
      consumedQuantity: null,
    });
    expect(charges[7]?.billingAccountName).toBeNull();
  });

  it('keeps a ContractedCost the provider left empty as unknown, never 0, and warns per period', async () => {
    const { charges } = await parseAll(file);
    expect(charges.filter((c) => c.contractedCost === null).map((c) => [c.providerName, c.line])).toEqual([
      ['Oracle', 9],
      ['Oracle', 10],
      ['Oracle', 11],
    ]);
    expect(charges.every((c) => c.listCost !== null)).toBe(true);
    const digests = periodDigests(focusDigest);
    for (const charge of charges) digests.add(charge);
    const periods = await digests.finish();
    expect(
      periods.map((p) => [p.key.split('|')[1], p.rows, p.warnings, p.contractedCost, p.listCost.length]),
    ).toEqual([
      ['111122223333', 4, [], [{ currency: 'USD', amount: money('7.524725', 'USD'), unknownRows: 0 }], 1],
      [
        'b1a2c3d4-0000-4000-8000-000000000001',
        3,
        [],
        [{ currency: 'EUR', amount: money('7.1632', 'EUR'), unknownRows: 0 }],
        1,
      ],
      [
        'ocid1.tenancy.oc1..aaaaaaaakommunal',
        3,
        [{ column: 'ContractedCost', provider: 'Oracle', rows: 3 }],
        [{ currency: 'EUR', amount: null, unknownRows: 3 }],
        1,
      ],
    ]);
    expect(columnWarningText({ column: 'ContractedCost', provider: 'Oracle', rows: 3 })).toEqual({
      en: 'ContractedCost is empty on 3 rows of Oracle: stored as unknown, not as 0 (FOCUS calls the column mandatory)',
      de: 'ContractedCost ist in 3 Zeilen von Oracle leer: als unbekannt gespeichert, nicht als 0 (FOCUS verlangt die Spalte)',
    });
  });

  const header = mandatoryFocusColumns.join(',');
  const good: Record<string, string> = {
    BilledCost: '"1.50"',
    BillingAccountId: 'acct',
    BillingCurrency: 'EUR',
    BillingPeriodEnd: '2026-02-01T00:00:00Z',
    BillingPeriodStart: '2026-01-01T00:00:00Z',
    ChargeCategory: 'Usage',
    ChargePeriodEnd: '2026-01-02T00:00:00Z',
    ChargePeriodStart: '2026-01-01T00:00:00Z',
    ContractedCost: '1.50',
    EffectiveCost: '1.50',
    InvoiceIssuerName: 'STACKIT',
    ListCost: '2',
    ProviderName: 'STACKIT',
    PublisherName: 'STACKIT',
    ServiceCategory: 'Compute',
    ServiceName: 'Compute Engine',
  };
  const row = (changes: Record<string, string>) =>
    mandatoryFocusColumns.map((column) => changes[column] ?? good[column] ?? 'NULL').join(',');

  it.each(['NULL', 'null', ''])('reads %j as null in every nullable column', async (nothing) => {
    const { charges, errors } = await parseAll(
      `${header},Tags,ConsumedQuantity\n${row({ BillingAccountName: nothing, PricingQuantity: nothing })},${nothing},${nothing}\n`,
    );
    expect(errors).toEqual([]);
    expect(charges[0]).toMatchObject({
      billingAccountName: null,
      chargeClass: null,
      pricingQuantity: null,
      consumedQuantity: null,
      tags: {},
      billedCost: money('1.5', 'EUR'),
    });
  });

  it.each([
    ['BilledCost', 'BilledCost is empty'],
    ['ChargePeriodStart', 'ChargePeriodStart is empty'],
    ['BillingCurrency', 'BillingCurrency is empty'],
    ['ServiceName', 'ServiceName is empty'],
  ])('still refuses a row whose %s, needed to book it, is NULL', async (column, message) => {
    const { errors } = await parseAll(`${header}\n${row({ [column]: 'NULL' })}\n`);
    expect(errors).toMatchObject([{ line: 2, column, message }]);
  });
});
