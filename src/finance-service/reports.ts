import { asOfDay } from '../domain/calendar-day.ts';
import type { CsvLocale } from '../domain/csv-text.ts';
import { bookingRange } from '../finance/booked-costs.ts';
import { dayRange } from '../finance/day-range.ts';
import { monthlyCostCsv } from '../finance/monthly-cost-csv.ts';
import { type ProofOfUse, proofOfUse } from '../finance/proof-of-use.ts';
import { listCostRecords } from '../store/cost-record-store.ts';
import { getGrant, type StoredGrant } from '../store/grant-store.ts';
import { listAllServices } from '../store/service-store.ts';
import { getCurrentTenant } from '../store/tenant-store.ts';
import type { TenantTx } from '../store/with-tenant.ts';

interface DaysAsked {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/**
 * A grant's proof of use (Verwendungsnachweis) from `from` to `to`, which default to the grant
 * period up to `today`.
 */
export async function grantProofOfUse(
  tx: TenantTx,
  id: string,
  days: DaysAsked,
  today: Date,
): Promise<{ readonly grant: StoredGrant; readonly report: ProofOfUse }> {
  if (days.from && days.to) dayRange(days.from, days.to);
  const grant = await getGrant(tx, id);
  const records = await listCostRecords(tx, bookingRange({ from: grant.period.start, to: grant.period.end }));
  const report = proofOfUse(grant, records, {
    asOf: asOfDay(today),
    ...(days.from ? { from: days.from } : {}),
    ...(days.to ? { to: days.to } : {}),
  });
  return { grant, report };
}

/**
 * The monthly cost report per service and category as CSV, from `from` to `to`, which default
 * to the calendar year of `today` up to that day; services are named, not numbered.
 */
export async function monthlyCostReport(
  tx: TenantTx,
  days: DaysAsked,
  today: Date,
  locale: CsvLocale,
): Promise<{ readonly range: { from: string; to: string }; readonly csv: string }> {
  const day = asOfDay(today);
  const range = dayRange(days.from ?? `${day.slice(0, 4)}-01-01`, days.to ?? day);
  const tenant = await getCurrentTenant(tx);
  const names = new Map((await listAllServices(tx)).map((s) => [s.id, s.name]));
  const records = await listCostRecords(tx, bookingRange(range));
  const csv = monthlyCostCsv(records, {
    ...range,
    currency: tenant.currency.trim(),
    locale,
    serviceName: (id) => names.get(id) ?? id,
  });
  return { range, csv };
}
