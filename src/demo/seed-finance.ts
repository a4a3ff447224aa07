/**
 * Finance data of the demo tenant: actual costs of 2026 up to yesterday, a grant
 * "Digitalisierung Kommunal 2026-2027" that the current run rate uses up before its end, a
 * shared budget line with an allocation key, a FOCUS sample import (USD, converted at a demo
 * rate) and the alerts the grant has crossed. All amounts and prices are demo assumptions.
 */
import { focusSample } from '../../fixtures/focus/make-sample.ts';
import { loadImportContext, parseCostFile, writeCostImports } from '../cost-import-service/import-costs.ts';
import { addDays } from '../domain/calendar-day.ts';
import { type Money, money } from '../domain/money.ts';
import { grantAlertSubject } from '../finance/evaluate-alerts.ts';
import { loadGrantStatus } from '../finance-service/load-spend-status.ts';
import { raiseAlerts } from '../finance-service/raise-alerts.ts';
import { insertBudgetLine } from '../store/budget-store.ts';
import { putMappingRules } from '../store/cost-mapping-store.ts';
import { insertCostRecords, type NewCostRecord } from '../store/cost-record-store.ts';
import { fillDailyRate } from '../store/exchange-rate-store.ts';
import { insertGrant } from '../store/grant-store.ts';
import type { TenantTx } from '../store/with-tenant.ts';
import { demoLoad } from './demo-load.ts';

const YEAR_START = '2026-01-01';
/** Demo assumption: a managed platform's price per vCPU-hour, operation included. */
const PER_CORE_HOUR = '0.12';
const COMPUTED = `Berechnet: cpu_cores × ${PER_CORE_HOUR.replace('.', ',')} EUR je vCPU-Stunde (Demo-Annahme)`;

/** Monthly invoices of the data centre and software vendors (demo figures, EUR). */
const monthlyInvoices: readonly { service: string; category: string; amount: string; text: string }[] = [
  { service: 'kfz-zulassung', category: 'licences', amount: '1450.00', text: 'Fachverfahren Kfz, Lizenz' },
  { service: 'briefwahl', category: 'services', amount: '900.00', text: 'Betrieb Wahlschein-Portal' },
  { service: 'buergerkonto', category: 'services', amount: '1100.00', text: 'Betrieb Bürgerkonto' },
  { service: 'buergerkonto', category: 'storage', amount: '180.00', text: 'Speicher und Sicherung' },
  { service: 'hundesteuer', category: 'licences', amount: '240.00', text: 'Steuerverfahren, Lizenz' },
];

/** Computed daily compute cost per service from the demo's hourly cpu_cores, to the day before `now`. */
function computedCosts(serviceIds: ReadonlyMap<string, string>, now: Date): NewCostRecord[] {
  const to = now.toISOString().slice(0, 10);
  if (to <= YEAR_START) return [];
  const perCoreHour = money(PER_CORE_HOUR, 'EUR').nanos;
  const records: NewCostRecord[] = [];
  for (const series of demoLoad(Date.parse(`${YEAR_START}T00:00:00Z`), Date.parse(`${to}T00:00:00Z`))) {
    if (series.metric !== 'cpu_cores') continue;
    const serviceId = serviceIds.get(series.service.key);
    if (serviceId === undefined) continue;
    const daily = new Map<string, number>();
    for (const point of series.points) {
      const day = new Date(point.ts).toISOString().slice(0, 10);
      daily.set(day, (daily.get(day) ?? 0) + point.value);
    }
    for (const [day, coreHours] of daily) {
      // Core-hours to milli precision, then exact money: no float is summed.
      const amount: Money = {
        nanos: (BigInt(Math.round(coreHours * 1000)) * perCoreHour) / 1000n,
        currency: 'EUR',
      };
      records.push({ day, serviceId, category: 'compute', amount, source: COMPUTED });
    }
  }
  return records;
}

function invoiceFile(now: Date): string {
  const lines = ['date,service,category,amount,currency,description'];
  for (let day = YEAR_START; day < now.toISOString().slice(0, 10); day = addDays(day, 1)) {
    if (!day.endsWith('-01')) continue;
    for (const invoice of monthlyInvoices) {
      lines.push(`${day},${invoice.service},${invoice.category},${invoice.amount},EUR,"${invoice.text}"`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export async function seedFinance(
  tx: TenantTx,
  tenantId: string,
  serviceIds: ReadonlyMap<string, string>,
  now: Date,
  newId: () => string,
): Promise<void> {
  const id = (key: string) => serviceIds.get(key) as string;
  await insertCostRecords(tx, tenantId, 'computed', null, computedCosts(serviceIds, now));

  await putMappingRules(
    tx,
    tenantId,
    [
      { serviceId: id('briefwahl'), tag: { key: 'service', value: 'wahlschein' } },
      { serviceId: id('kfz-zulassung'), tag: { key: 'service', value: 'kfz-zulassung' } },
      { serviceId: id('buergerkonto'), tag: { key: 'service', value: 'buergerkonto' } },
    ],
    now,
  );
  await fillDailyRate(tx, tenantId, {
    base: 'USD',
    quote: 'EUR',
    from: '2025-12-01',
    to: '2026-04-30',
    rate: '0.92',
    source: 'Demo-Kurs (kein EZB-Referenzkurs)',
  });
  const context = await loadImportContext(tx);
  for (const [body, fileName] of [
    [invoiceFile(now), 'rz-rechnungen-2026.csv'],
    [focusSample(200, 1), 'focus-sample-2026q1.csv'],
  ] as const) {
    const parsed = await parseCostFile(context, [body], {
      fileName,
      basis: 'billed',
      sourceName: 'rechenzentrum',
    });
    await writeCostImports(tx, tenantId, parsed, context.currency, newId, now);
  }

  const grant = await insertGrant(tx, tenantId, {
    id: newId(),
    programme: 'Digitalisierung Kommunal 2026-2027',
    funder: 'Freistaat Bayern (Demo)',
    referenceNumber: 'DK-2026-0042',
    amount: money('60000', 'EUR'),
    period: { start: '2026-01-01', end: '2027-12-31' },
    eligibleServiceIds: [id('briefwahl'), id('kfz-zulassung'), id('buergerkonto')],
    eligibleCategories: ['compute', 'storage', 'egress', 'licences', 'services'],
    coFundingRate: '0.8',
    tranches: [
      { day: '2026-03-01', amount: money('20000', 'EUR'), label: '1. Mittelabruf' },
      { day: '2026-09-01', amount: money('20000', 'EUR'), label: '2. Mittelabruf' },
    ],
    alertThresholds: [50, 80, 100],
    unspentAlertAbove: money('5000', 'EUR'),
  });
  await insertBudgetLine(tx, tenantId, {
    id: newId(),
    name: 'IT-Betrieb Bürgerdienste',
    fiscalYear: 2026,
    fiscalYearStartMonth: 1,
    amount: money('80000', 'EUR'),
    serviceIds: [...serviceIds.values()],
    allocationKey: {
      id: newId(),
      name: 'Einwohner 31.12.2025 (Demo)',
      basis: 'inhabitants',
      shares: [
        { memberId: 'musterstadt', memberName: 'Stadt Musterstadt', weight: '48210' },
        { memberId: 'beispielheim', memberName: 'Gemeinde Beispielheim', weight: '9875' },
        { memberId: 'probstein', memberName: 'Markt Probstein', weight: '6140' },
      ],
    },
    alertThresholds: [50, 80, 100],
  });
  const { status } = await loadGrantStatus(tx, grant, now);
  await raiseAlerts(
    tx,
    tenantId,
    grantAlertSubject(status),
    { thresholds: grant.alertThresholds, unspentAbove: money('5000', 'EUR') },
    now,
  );
}
