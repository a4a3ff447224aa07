import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { focusSample } from '../../../fixtures/focus/make-sample.ts';
import { specSampleAssume } from '../../../fixtures/focus/spec-sample-assume.ts';
import { DomainError } from '../../domain/errors.ts';
import { formatMoney, money } from '../../domain/money.ts';
import type { FocusCharge, RowError } from './focus-charge.ts';
import { mandatoryFocusColumns } from './focus-columns.ts';
import { type FocusOptions, parseFocus } from './parse-focus.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/focus/${name}`, import.meta.url));

async function parseAll(input: string | Uint8Array, options?: FocusOptions) {
  const charges: FocusCharge[] = [];
  const errors: RowError[] = [];
  for await (const batch of parseFocus([input], options)) {
    charges.push(...batch.charges);
    errors.push(...batch.errors);
  }
  return { charges, errors };
}

const header = mandatoryFocusColumns.join(',');
const good: Record<string, string> = {
  BilledCost: '12.5',
  BillingAccountId: 'acct-1',
  BillingAccountName: '',
  BillingCurrency: 'EUR',
  BillingPeriodEnd: '2026-02-01T00:00:00Z',
  BillingPeriodStart: '2026-01-01T00:00:00Z',
  ChargeCategory: 'Usage',
  ChargeClass: '',
  ChargeDescription: 'VM hours',
  ChargePeriodEnd: '2026-01-02T00:00:00Z',
  ChargePeriodStart: '2026-01-01T00:00:00Z',
  ContractedCost: '12.5',
  EffectiveCost: '12.5',
  InvoiceIssuerName: 'STACKIT',
  ListCost: '13',
  PricingQuantity: '24',
  PricingUnit: 'Hours',
  ProviderName: 'STACKIT',
  PublisherName: 'STACKIT',
  ServiceCategory: 'Compute',
  ServiceName: 'Compute Engine',
};
const row = (changes: Record<string, string> = {}) =>
  mandatoryFocusColumns.map((column) => changes[column] ?? good[column] ?? '').join(',');

describe('parseFocus', () => {
  it('reads the 44-column sample of the official data set shape without a rejected row', async () => {
    const { charges, errors } = await parseAll(fixture('focus_1.0_sample_shape_200.csv'));
    expect(errors).toEqual([]);
    expect(charges).toHaveLength(200);
    expect(new Set(charges.map((c) => c.providerName))).toEqual(new Set(['AWS', 'Microsoft', 'Oracle']));
    expect(new Set(charges.map((c) => c.chargeCategory))).toEqual(
      new Set(['usage', 'purchase', 'tax', 'credit', 'adjustment']),
    );
    expect(charges.some((c) => c.chargeClass === 'correction')).toBe(true);
    const first = charges[0]!;
    expect(first.line).toBe(2);
    expect(first.extensions.x_CostCenter).toMatch(/^KST-/);
    expect(first.tags['owner "team"']).toBe('fachverfahren');
    expect(first.billingPeriodStart).toBe('2026-02-01T00:00:00.000Z');
  });

  it('reconciles BilledCost and EffectiveCost totals with the text of the file to the nano-unit', async () => {
    const text = fixture('focus_1.0_sample_shape_200.csv').toString('utf8');
    const { charges } = await parseAll(text);
    // An independent reading: the generator writes 6 fraction digits, so the digits are micro-units.
    const lines = text.trim().split('\n').slice(1);
    const column = (line: string, index: number) => line.replace(/"(?:[^"]|"")*"/g, 'Q').split(',')[index]!;
    const micros = (index: number) =>
      lines.reduce((total, line) => total + BigInt(column(line, index).replace('.', '')), 0n);
    const billed = charges.reduce((total, c) => total + c.billedCost.nanos, 0n);
    const effective = charges.reduce((total, c) => total + c.effectiveCost.nanos, 0n);
    expect(billed).toBe(micros(1) * 1000n);
    expect(effective).toBe(micros(22) * 1000n);
  });

  it('names every missing mandatory column of the spec samples and reads them with assumptions', async () => {
    const sample = fixture('focus_v1.2_commitment_discount_flexibility_1_resource.csv');
    const error = await parseAll(sample).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).extensions.missingColumns).toEqual([
      'BillingAccountId',
      'BillingAccountName',
      'BillingCurrency',
      'ChargeClass',
      'ChargeDescription',
      'ContractedCost',
      'InvoiceIssuerName',
      'PricingUnit',
      'ProviderName',
      'PublisherName',
      'ServiceCategory',
      'ServiceName',
    ]);
    const assume = specSampleAssume;
    const { charges, errors } = await parseAll(sample, { assume });
    expect(errors).toEqual([]);
    expect(
      charges.map((c) => [c.line, c.chargeCategory, formatMoney(c.billedCost), formatMoney(c.effectiveCost)]),
    ).toEqual([
      [2, 'purchase', '0.50', '0.00'],
      [4, 'usage', '0.00', '0.50'],
      [6, 'usage', '2.25', '2.25'],
    ]);
    expect(charges[0]?.extensions).toEqual({ x_CommitmentDiscountUnitPrice: '0.50' });
    expect(charges[0]?.skuPriceId).toBe('VM_SMALL_COMMITTED_PURCHASE_NO_UPFRONT');

    const ledger = await parseAll(fixture('focus_correction_late_arriving_usage_ledger.csv'), { assume });
    expect(ledger.errors).toEqual([]);
    expect(ledger.charges[0]).toMatchObject({
      chargeClass: 'correction',
      invoiceId: 'INV-20250601-20250701',
      chargePeriodStart: '2025-05-01T00:00:00.000Z',
      billingPeriodStart: '2025-06-01T00:00:00.000Z',
      billedCost: money('1500', 'USD'),
      listCost: money('2000', 'USD'),
    });
  });

  it('says the file is empty', async () => {
    await expect(parseAll('')).rejects.toThrow(/empty/);
  });

  it('refuses a duplicated column', async () => {
    await expect(parseAll(`${header},BilledCost\n`)).rejects.toThrow(/BilledCost appears twice/);
  });

  it.each([
    ['BilledCost', { BilledCost: '"12,50"' }, /not a decimal number/],
    ['BilledCost', { BilledCost: '' }, /BilledCost is empty/],
    ['BillingCurrency', { BillingCurrency: 'eur' }, /ISO 4217/],
    ['ChargeCategory', { ChargeCategory: 'Refund' }, /must be Usage, Purchase/],
    ['ChargeClass', { ChargeClass: 'Fix' }, /Correction or empty/],
    ['ChargePeriodStart', { ChargePeriodStart: '2026-02-30T00:00:00Z' }, /no such date/],
    ['ChargePeriodEnd', { ChargePeriodEnd: '2025-12-31T00:00:00Z' }, /not be before/],
    ['BillingPeriodEnd', { BillingPeriodEnd: '2026-01-01T00:00:00Z' }, /must be after/],
    ['ServiceName', { ServiceName: 'null' }, /ServiceName is empty/],
  ])('reports a bad %s with line and column', async (column, changes, message) => {
    const { charges, errors } = await parseAll(`${header}\n${row()}\n${row(changes)}\n${row()}\n`);
    expect(charges.map((c) => c.line)).toEqual([2, 4]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 3, column });
    expect(errors[0]?.message).toMatch(message);
  });

  it('reports bad Tags and a wrong field count', async () => {
    const input = `${header},Tags\n${row()},"{""a"":1}"\n${row()},"[1]"\n${row()}\n`;
    const { charges, errors } = await parseAll(input);
    expect(charges[0]?.tags).toEqual({ a: '1' });
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [3, 'Tags'],
      [4, null],
    ]);
    expect(errors[0]?.periodKey).toBe('STACKIT|acct-1|2026-01-01T00:00:00.000Z/2026-02-01T00:00:00.000Z');
  });

  it('reads exponent notation, offsets and negative credits exactly', async () => {
    const input = `${header}\n${row({ BilledCost: '1.5E-05', ChargeCategory: 'credit', EffectiveCost: '-3.25', ChargePeriodStart: '2026-01-01T01:00:00+01:00' })}\n`;
    const { charges } = await parseAll(input);
    expect(charges[0]).toMatchObject({
      billedCost: money('0.000015', 'EUR'),
      effectiveCost: money('-3.25', 'EUR'),
      chargeCategory: 'credit',
      chargePeriodStart: '2026-01-01T00:00:00.000Z',
    });
  });

  it('yields batches of the requested size with the same rows', async () => {
    const text = focusSample(250, 7);
    let batches = 0;
    let rows = 0;
    for await (const batch of parseFocus([text], { batchSize: 100 })) {
      batches++;
      rows += batch.charges.length;
    }
    expect([batches, rows]).toEqual([3, 250]);
  });

  it('gives the same charges for any chunking of the bytes', async () => {
    const bytes = new TextEncoder().encode(`\uFEFF${focusSample(30, 3).replaceAll('\n', '\r\n')}`);
    const whole = await parseAll(bytes);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4096 }), async (size) => {
        const chunks = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) =>
          bytes.subarray(i * size, (i + 1) * size),
        );
        const charges: FocusCharge[] = [];
        for await (const batch of parseFocus(chunks)) charges.push(...batch.charges);
        expect(charges).toEqual(whole.charges);
      }),
      { numRuns: 25 },
    );
  });
});
