import { describe, expect, it } from 'vitest';
import { focusSample } from '../../fixtures/focus/make-sample.ts';
import { formatMoney, money } from '../domain/money.ts';
import type { FocusCharge } from '../ingest/focus/focus-charge.ts';
import type { ServiceRule } from '../ingest/focus/map-charge-to-service.ts';
import { parseFocus } from '../ingest/focus/parse-focus.ts';
import { focusDigest, periodDigests } from '../ingest/focus/period-digests.ts';
import { bookedCosts } from './booked-costs.ts';
import { costRecordsFromCharges } from './cost-records-from-charges.ts';
import { evaluateAlerts, grantAlertSubject } from './evaluate-alerts.ts';
import type { Grant } from './grant.ts';
import { grantStatus } from './grant-status.ts';
import { proofOfUse } from './proof-of-use.ts';
import { proofOfUseCsv } from './proof-of-use-csv.ts';
import { proofOfUseHtml } from './proof-of-use-html.ts';
import type { RateLookup } from './rate-history.ts';
import { dailyPlan } from './test-data.ts';

/** The whole finance flow, on pure functions: import, book, status, alert, report. */
const grant: Grant = {
  id: 'dk-2026',
  programme: 'Digitalisierung Kommunal 2026-2027',
  funder: 'Land, Ministerium für Digitales',
  referenceNumber: 'DK-2026-0042',
  amount: money('20000', 'EUR'),
  period: { start: '2026-01-01', end: '2027-12-31' },
  eligibleServiceIds: ['svc-wahl', 'svc-kfz'],
  eligibleCategories: ['compute', 'storage', 'egress'],
  coFundingRate: '0.8',
  tranches: [{ day: '2026-02-01', amount: money('5000', 'EUR') }],
};
const rules: ServiceRule[] = [
  { serviceId: 'svc-wahl', tag: { key: 'service', value: 'wahlschein' } },
  { serviceId: 'svc-kfz', tag: { key: 'service', value: 'kfz-zulassung' } },
];
// A fixed invented rate; the real one comes from the tenant's rate table per day.
const rates: RateLookup = (from, to, day) =>
  from === 'USD' && to === 'EUR'
    ? { kind: 'found', entry: { base: 'USD', quote: 'EUR', rate: '0.92', date: day, source: 'Demo' } }
    : { kind: 'missing', detail: `no ${from}/${to} rate` };

async function importFile(text: string) {
  const charges: FocusCharge[] = [];
  const digests = periodDigests(focusDigest);
  let rejected = 0;
  for await (const batch of parseFocus([text])) {
    rejected += batch.errors.length;
    for (const charge of batch.charges) {
      charges.push(charge);
      digests.add(charge);
    }
  }
  return { charges, rejected, periods: await digests.finish() };
}

describe('demo grant "Digitalisierung Kommunal 2026-2027"', () => {
  it('imports a FOCUS file, reconciles, projects, alerts and reports', async () => {
    const file = focusSample(3000, 2026);
    const first = await importFile(file);
    const again = await importFile(file);
    expect(first.rejected).toBe(0);
    expect(again.periods.map((p) => p.hash)).toEqual(first.periods.map((p) => p.hash));

    const records = costRecordsFromCharges(first.charges, {
      basis: 'billed',
      currency: 'EUR',
      rates,
      rules,
      fileName: 'demo.csv',
    });
    // Reconcile: the records hold the file's billed total, converted (rounding at most a nano per row).
    const fileUsd = first.periods.reduce((t, p) => t + p.billedCost[0]!.nanos, 0n);
    const booked = records.reduce((t, r) => t + r.amount.nanos, 0n);
    const difference = booked - (fileUsd * 92n) / 100n;
    expect(difference < 0n ? -difference : difference).toBeLessThanOrEqual(BigInt(records.length));

    const plan = [
      ...dailyPlan('2026-04-01', '2027-12-31', '5', '12', '25'),
      ...dailyPlan('2026-04-01', '2027-12-31', '3', '6', '9', 'svc-kfz'),
    ];
    const status = grantStatus(grant, records, plan, new Date('2026-03-31T18:00:00Z'));
    expect(status.spendToDate.nanos).toBeGreaterThan(0n);
    expect(status.fundedToDate.nanos + status.ownShareToDate.nanos).toBe(status.spendToDate.nanos);
    expect(status.forecastSpend.low.nanos).toBeLessThanOrEqual(status.forecastSpend.expected.nanos);
    expect(status.forecastSpend.expected.nanos).toBeLessThanOrEqual(status.forecastSpend.high.nanos);
    expect(status.burnDown).toHaveLength(24);

    const { alerts, state } = evaluateAlerts({ fired: [] }, grantAlertSubject(status), {
      unspentAbove: money('1000', 'EUR'),
    });
    expect(alerts.length).toBeGreaterThan(0);
    expect(
      evaluateAlerts(state, grantAlertSubject(status), { unspentAbove: money('1000', 'EUR') }).alerts,
    ).toEqual([]);

    const report = proofOfUse(grant, records, { asOf: '2026-03-31' });
    const eligible = records.filter(
      (r) =>
        r.serviceId !== null &&
        grant.eligibleServiceIds.includes(r.serviceId) &&
        grant.eligibleCategories.includes(r.category),
    );
    // Both add up the same booked cents; each month of the file is its exact sum rounded once.
    const bookedEligible = bookedCosts(records).filter(
      (r) =>
        r.serviceId !== null &&
        grant.eligibleServiceIds.includes(r.serviceId) &&
        grant.eligibleCategories.includes(r.category),
    );
    expect(report.total.spend.nanos).toBe(bookedEligible.reduce((t, r) => t + r.amount.nanos, 0n));
    const exact = eligible.reduce((t, r) => t + r.amount.nanos, 0n);
    const drift = report.total.spend.nanos - exact;
    expect(drift < 0n ? -drift : drift).toBeLessThan(BigInt(bookedEligible.length) * 10_000_000n);
    expect(formatMoney(report.total.spend)).toBe(formatMoney(status.spendToDate));
    expect(proofOfUseCsv(report)).toContain('Gesamtsumme;DK-2026-0042');
    expect(proofOfUseHtml(report)).toContain('Digitalisierung Kommunal 2026-2027');
  });
});
