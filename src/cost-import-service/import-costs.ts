import { DEFAULT_FX_MAX_AGE_DAYS } from '../config.ts';
import type { FxRateEntry } from '../cost/price-catalog.ts';
import { DomainError } from '../domain/errors.ts';
import type { Money } from '../domain/money.ts';
import { bookedTotal } from '../finance/booked-costs.ts';
import type { RateLookup } from '../finance/convert-on-day.ts';
import { costRecordsFromCharges, costRecordsFromPlain } from '../finance/cost-records-from-charges.ts';
import { rateHistory } from '../finance/rate-history.ts';
import { ecbReference } from '../fx-service/ecb-reference.ts';
import type { ChunkSource } from '../ingest/chunks-of.ts';
import { billingPeriodKey } from '../ingest/focus/billing-period-key.ts';
import type { ColumnWarning, PartialTotal } from '../ingest/focus/column-warning.ts';
import type { FocusCharge, RowError } from '../ingest/focus/focus-charge.ts';
import type { MandatoryFocusColumn } from '../ingest/focus/focus-columns.ts';
import type { ServiceRule } from '../ingest/focus/map-charge-to-service.ts';
import { parseFocus } from '../ingest/focus/parse-focus.ts';
import { parsePlainCosts, plainPeriodKey } from '../ingest/focus/parse-plain-costs.ts';
import {
  focusDigest,
  type PeriodDigest,
  periodDigests,
  plainDigest,
} from '../ingest/focus/period-digests.ts';
import { planPeriodImports } from '../ingest/focus/plan-period-imports.ts';
import { replacePeriodImport, storedImportHashes } from '../store/cost-import-store.ts';
import { getMappingRules } from '../store/cost-mapping-store.ts';
import { loadRateLayers } from '../store/cost-rate-store.ts';
import type { NewCostRecord } from '../store/cost-record-store.ts';
import { listAllServices } from '../store/service-store.ts';
import { getCurrentTenant } from '../store/tenant-store.ts';
import type { TenantTx } from '../store/with-tenant.ts';
import { isFocusHeader, peekHeader } from './peek-header.ts';

/** What an import needs to know about the tenant, read before the upload is parsed. */
export interface ImportContext {
  readonly currency: string;
  readonly timeZone: string;
  readonly rules: readonly ServiceRule[];
  readonly serviceIdOf: (name: string) => string | undefined;
  readonly rates: RateLookup;
  /** Service keys and names to ids, as plain files are resolved. */
  readonly services: ReadonlyMap<string, string>;
}

/**
 * Reads what an import needs. Rates: the tenant's own, then the built-in catalog's, then the
 * ECB reference rates shipped with lastplan; the last rate published on or before the day.
 */
export async function loadImportContext(
  tx: TenantTx,
  options: { readonly fxMaxAgeDays?: number | undefined } = {},
): Promise<ImportContext> {
  const tenant = await getCurrentTenant(tx);
  const currency = tenant.currency.trim();
  const rules = await getMappingRules(tx);
  const services = new Map<string, string>();
  for (const service of await listAllServices(tx)) {
    services.set(service.key.toLowerCase(), service.id);
    services.set(service.name.toLowerCase(), service.id);
  }
  return {
    currency,
    timeZone: tenant.timeZone,
    rules,
    serviceIdOf: (name) => services.get(name.trim().toLowerCase()),
    rates: rateHistory({
      ...(await loadRateLayers(tx)),
      reference: (await ecbReference()).byCurrency,
      maxAgeDays: options.fxMaxAgeDays ?? DEFAULT_FX_MAX_AGE_DAYS,
    }),
    services,
  };
}

/** The rates a period was booked with: a corrected rate books the period again. */
function ratesUsed(records: readonly NewCostRecord[] | undefined): string {
  const keys = new Set<string>();
  for (const r of records ?? []) {
    if (r.fx)
      keys.add(
        `${r.fx.rate.base}/${r.fx.rate.quote}@${r.fx.rate.date}=${r.fx.rate.rate} ${r.fx.rate.source}`,
      );
  }
  // Empty for a period in the tenant currency, so its hash is the one stored before rates were kept.
  return keys.size === 0 ? '' : `\n${[...keys].sort().join(';')}`;
}

/**
 * The stored hash covers the content and how it is booked (basis, currency, time zone, mapping
 * rules or service names), so the same file re-imported under other rules is booked again,
 * and under the same rules changes nothing.
 */
async function withBooking(
  digests: readonly PeriodDigest[],
  booking: string,
  records: ReadonlyMap<string, readonly NewCostRecord[]>,
): Promise<PeriodDigest[]> {
  const bytes = (text: string) => new TextEncoder().encode(text);
  const hex = (buffer: ArrayBuffer) =>
    [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return Promise.all(
    digests.map(async (d) => ({
      ...d,
      hash: hex(
        await crypto.subtle.digest('SHA-256', bytes(`${d.hash}\n${booking}${ratesUsed(records.get(d.key))}`)),
      ),
    })),
  );
}

/** A parsed upload: per billing period its digest and the cost records it books. */
export interface ParsedCostFile {
  readonly format: 'focus' | 'plain';
  readonly fileName: string;
  readonly rows: number;
  readonly digests: readonly PeriodDigest[];
  readonly errors: readonly RowError[];
  readonly records: ReadonlyMap<string, NewCostRecord[]>;
}

export interface ParseOptions {
  readonly fileName: string;
  /** FOCUS: book BilledCost (invoices) or EffectiveCost (amortised). */
  readonly basis: 'billed' | 'effective';
  /** Plain files: the origin named in the period key (one source and month is replaced as a whole). */
  readonly sourceName: string;
  /** FOCUS: values for mandatory columns the file lacks (e.g. the spec's excerpt samples). */
  readonly assume?: Partial<Record<MandatoryFocusColumn, string>>;
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();
function localDay(instant: string, timeZone: string): string {
  if (timeZone === 'UTC') return instant.slice(0, 10);
  let format = dayFormatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormatters.set(timeZone, format);
  }
  return format.format(new Date(instant));
}

/**
 * Streams a FOCUS 1.0-1.2 or plain cost CSV (told apart by the header) into cost records per
 * billing period, with digests and row errors. A charge in a foreign currency without a rate
 * for its day is a row error, so its period is rejected rather than booked at a guessed rate.
 */
export async function parseCostFile(
  context: ImportContext,
  body: ChunkSource,
  options: ParseOptions,
): Promise<ParsedCostFile> {
  const { header, source } = await peekHeader(body);
  if (header.trim() === '') {
    const detail = 'the file is empty: a cost file starts with a header line';
    throw new DomainError('validation', detail, [{ pointer: '/header', detail }]);
  }
  const records = new Map<string, NewCostRecord[]>();
  const push = (key: string, more: readonly NewCostRecord[]) => {
    const list = records.get(key);
    if (list === undefined) records.set(key, [...more]);
    else for (const record of more) list.push(record);
  };
  const errors: RowError[] = [];
  let rows = 0;
  if (isFocusHeader(header)) {
    const digests = periodDigests(focusDigest);
    const booking = {
      basis: options.basis,
      currency: context.currency,
      rates: context.rates,
      rules: context.rules,
      fileName: options.fileName,
      timeZone: context.timeZone,
    };
    for await (const batch of parseFocus(source, {
      batchSize: 2000,
      ...(options.assume ? { assume: options.assume } : {}),
    })) {
      rows += batch.charges.length + new Set(batch.errors.map((e) => e.line)).size;
      errors.push(...batch.errors);
      const byPeriod = new Map<string, FocusCharge[]>();
      for (const charge of batch.charges) {
        const key = billingPeriodKey(charge);
        digests.add(charge);
        const rate =
          charge.billingCurrency === context.currency
            ? undefined
            : context.rates(
                charge.billingCurrency,
                context.currency,
                localDay(charge.chargePeriodStart, context.timeZone),
              );
        if (rate !== undefined && rate.kind !== 'found') {
          errors.push({ line: charge.line, column: 'BillingCurrency', message: rate.detail, periodKey: key });
          continue;
        }
        const list = byPeriod.get(key);
        if (list === undefined) byPeriod.set(key, [charge]);
        else list.push(charge);
      }
      for (const [key, charges] of byPeriod) push(key, costRecordsFromCharges(charges, booking));
    }
    return {
      format: 'focus',
      fileName: options.fileName,
      rows,
      digests: await withBooking(
        await digests.finish(),
        `focus|${options.basis}|${context.currency}|${context.timeZone}|${JSON.stringify(context.rules)}`,
        records,
      ),
      errors,
      records,
    };
  }
  const digests = periodDigests(plainDigest(options.sourceName));
  for await (const batch of parsePlainCosts(source, { batchSize: 2000, sourceName: options.sourceName })) {
    rows += batch.charges.length + new Set(batch.errors.map((e) => e.line)).size;
    errors.push(...batch.errors);
    for (const cost of batch.charges) {
      const key = plainPeriodKey(cost, options.sourceName);
      digests.add(cost);
      const rate =
        cost.amount.currency === context.currency
          ? undefined
          : context.rates(cost.amount.currency, context.currency, cost.day);
      if (rate !== undefined && rate.kind !== 'found') {
        errors.push({ line: cost.line, column: 'currency', message: rate.detail, periodKey: key });
        continue;
      }
      push(
        key,
        costRecordsFromPlain([cost], {
          currency: context.currency,
          rates: context.rates,
          fileName: options.fileName,
          serviceIdOf: context.serviceIdOf,
        }),
      );
    }
  }
  return {
    format: 'plain',
    fileName: options.fileName,
    rows,
    digests: await withBooking(
      await digests.finish(),
      `plain|${context.currency}|${JSON.stringify([...context.services])}`,
      records,
    ),
    errors,
    records,
  };
}

export interface PeriodOutcome {
  readonly key: string;
  readonly action: 'imported' | 'unchanged' | 'rejected';
  readonly rows: number;
  readonly billedCost: readonly Money[];
  readonly effectiveCost: readonly Money[];
  /** FOCUS ListCost and ContractedCost, with the rows on which the provider left them empty. */
  readonly listCost: readonly PartialTotal[];
  readonly contractedCost: readonly PartialTotal[];
  /** Mandatory columns left empty, per column and provider: imported as unknown, never as 0. */
  readonly warnings: readonly ColumnWarning[];
  /** What the period books in the tenant currency (0 when not imported). */
  readonly booked: Money;
  readonly unassigned: number;
  readonly errors: readonly RowError[];
  /** Each exchange rate the period was booked with, and what it converted. */
  readonly rates: readonly RateUse[];
}

/** One exchange rate as used in an import: how many costs it converted, from what into what. */
export interface RateUse {
  readonly rate: FxRateEntry;
  readonly records: number;
  readonly original: Money;
  readonly booked: Money;
}

/** The distinct rates of a period's records, by date, each with the sums it converted. */
export function rateUses(records: readonly NewCostRecord[]): RateUse[] {
  const uses = new Map<
    string,
    { rate: FxRateEntry; records: number; original: bigint; booked: bigint; from: string; to: string }
  >();
  for (const record of records) {
    if (!record.fx) continue;
    const { rate, original } = record.fx;
    const key = `${rate.date}|${rate.base}|${rate.quote}|${rate.rate}|${rate.source}|${original.currency}`;
    const use = uses.get(key) ?? {
      rate,
      records: 0,
      original: 0n,
      booked: 0n,
      from: original.currency,
      to: record.amount.currency,
    };
    use.records++;
    use.original += original.nanos;
    use.booked += record.amount.nanos;
    uses.set(key, use);
  }
  return [...uses.keys()].sort().map((key) => {
    const use = uses.get(key)!;
    return {
      rate: use.rate,
      records: use.records,
      original: { nanos: use.original, currency: use.from },
      booked: { nanos: use.booked, currency: use.to },
    };
  });
}

export interface ImportResult {
  readonly format: 'focus' | 'plain';
  readonly fileName: string;
  readonly rows: number;
  readonly periods: readonly PeriodOutcome[];
  /** Bad rows that name no billing period: they reject the whole file. */
  readonly unplaced: readonly RowError[];
}

/**
 * Writes the parsed file in the caller's transaction: each period with an unchanged hash is
 * left alone, each period with a bad row is rejected whole, and every other period replaces
 * what was stored for it.
 */
export async function writeCostImports(
  tx: TenantTx,
  tenantId: string,
  parsed: ParsedCostFile,
  currency: string,
  newId: () => string,
  now: Date,
): Promise<ImportResult> {
  const keys = [
    ...new Set([
      ...parsed.digests.map((d) => d.key),
      ...parsed.errors.flatMap((e) => (e.periodKey ? [e.periodKey] : [])),
    ]),
  ];
  const stored = await storedImportHashes(tx, keys);
  const plan = planPeriodImports(parsed.digests, parsed.errors, (key) => stored.get(key));
  const periods: PeriodOutcome[] = [];
  for (const decision of plan.periods) {
    const records = parsed.records.get(decision.key) ?? [];
    // As every report adds it up once stored: the period is one import, rounded once (bookedCosts).
    const booked = bookedTotal(
      records.map((record) => ({ ...record, importId: decision.key })),
      currency,
    ).nanos;
    const digest = decision.digest;
    if (decision.action === 'import' && digest !== null) {
      await replacePeriodImport(
        tx,
        tenantId,
        {
          id: newId(),
          periodKey: decision.key,
          format: parsed.format,
          fileName: parsed.fileName,
          hash: digest.hash,
          rows: digest.rows,
          corrections: digest.corrections,
          firstLine: digest.firstLine,
          lastLine: digest.lastLine,
          billed: digest.billedCost,
          effective: digest.effectiveCost,
          list: digest.listCost,
          contracted: digest.contractedCost,
          warnings: digest.warnings,
          bookedTotal: { nanos: booked, currency },
          importedAt: now,
        },
        records,
      );
    }
    periods.push({
      key: decision.key,
      action: decision.action === 'import' ? 'imported' : decision.action,
      rows: digest?.rows ?? 0,
      billedCost: digest?.billedCost ?? [],
      effectiveCost: digest?.effectiveCost ?? [],
      listCost: digest?.listCost ?? [],
      contractedCost: digest?.contractedCost ?? [],
      warnings: digest?.warnings ?? [],
      booked: { nanos: decision.action === 'import' ? booked : 0n, currency },
      unassigned: records.filter((r) => r.serviceId === null).length,
      errors: decision.errors,
      rates: rateUses(records),
    });
  }
  return {
    format: parsed.format,
    fileName: parsed.fileName,
    rows: parsed.rows,
    periods,
    unplaced: plan.unplaced,
  };
}
