import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '../../domain/money.ts';
import type { FocusCharge } from './focus-charge.ts';
import { mandatoryFocusColumns } from './focus-columns.ts';
import { parseFocus } from './parse-focus.ts';

const quote = (field: string) => (/[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field);

const decimal = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 14n }), fc.integer({ min: 0, max: 9 }))
  .map(([negative, digits, point]) => {
    const text = digits.toString().padStart(point + 1, '0');
    return `${negative ? '-' : ''}${text.slice(0, text.length - point)}${point ? `.${text.slice(-point)}` : ''}`;
  });
const text = fc
  .string({ unit: fc.constantFrom('a', 'Z', 'ü', ',', '"', '\n', ' ', '{', '}', ':', '7') })
  .filter((s) => s.trim() !== '' && s !== 'null');
const day = fc
  .integer({ min: 0, max: 3000 })
  .map((d) => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().replace('.000Z', 'Z'));

const row = fc.record({
  BilledCost: decimal,
  EffectiveCost: decimal,
  ListCost: decimal,
  ContractedCost: decimal,
  BillingAccountId: text,
  BillingCurrency: fc.constantFrom('EUR', 'USD', 'CHF'),
  ChargeCategory: fc.constantFrom('Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment'),
  ChargeClass: fc.constantFrom('', 'Correction'),
  ChargeDescription: fc.option(text, { nil: '' }),
  start: day,
  InvoiceIssuerName: text,
  ProviderName: text,
  PublisherName: text,
  ServiceCategory: fc.constantFrom('Compute', 'Storage', 'Networking', 'Databases'),
  ServiceName: text,
  tags: fc.dictionary(text, text, { maxKeys: 3 }),
  x_Team: fc.option(text, { nil: '' }),
});

describe('parseFocus on generated files', () => {
  it('reads back every value of any valid file, in any column order and with CRLF or LF', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 15 }),
        fc.boolean(),
        fc.nat(),
        async (rows, crlf, rotate) => {
          const columns = [...mandatoryFocusColumns, 'Tags', 'x_Team'];
          const shift = rotate % columns.length;
          const order = [...columns.slice(shift), ...columns.slice(0, shift)];
          const cells = ({ tags, ...r }: (typeof rows)[number]): Record<string, string> => ({
            ...r,
            BillingAccountName: '',
            PricingQuantity: '',
            PricingUnit: '',
            BillingPeriodStart: r.start,
            BillingPeriodEnd: '2040-01-01T00:00:00Z',
            ChargePeriodStart: r.start,
            ChargePeriodEnd: r.start,
            Tags: JSON.stringify(tags),
          });
          const eol = crlf ? '\r\n' : '\n';
          const csv =
            [order.join(','), ...rows.map((r) => order.map((c) => quote(cells(r)[c] ?? '')).join(','))].join(
              eol,
            ) + eol;
          const charges: FocusCharge[] = [];
          for await (const batch of parseFocus([csv])) {
            expect(batch.errors).toEqual([]);
            charges.push(...batch.charges);
          }
          expect(charges).toHaveLength(rows.length);
          charges.forEach((charge, index) => {
            const r = rows[index]!;
            expect(charge.billedCost).toEqual(money(r.BilledCost, r.BillingCurrency));
            expect(charge.effectiveCost).toEqual(money(r.EffectiveCost, r.BillingCurrency));
            expect(charge.listCost).toEqual(money(r.ListCost, r.BillingCurrency));
            expect(charge.contractedCost).toEqual(money(r.ContractedCost, r.BillingCurrency));
            expect(charge.chargeCategory).toBe(r.ChargeCategory.toLowerCase());
            expect(charge.chargeClass).toBe(r.ChargeClass === '' ? null : 'correction');
            expect(charge.chargeDescription).toBe(r.ChargeDescription === '' ? null : r.ChargeDescription);
            expect(charge.billingAccountId).toBe(r.BillingAccountId);
            expect(charge.serviceName).toBe(r.ServiceName);
            expect(charge.chargePeriodStart).toBe(new Date(r.start).toISOString());
            expect({ ...charge.tags }).toEqual({ ...r.tags });
            expect({ ...charge.extensions }).toEqual(r.x_Team === '' ? {} : { x_Team: r.x_Team });
          });
        },
      ),
      { numRuns: 120 },
    );
  });
});
