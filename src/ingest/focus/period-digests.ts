import { add, type Money } from '../../domain/money.ts';
import { billingPeriodKey } from './billing-period-key.ts';
import type { ColumnWarning, PartialTotal } from './column-warning.ts';
import type { FocusCharge } from './focus-charge.ts';
import { type PlainCost, plainPeriodKey } from './parse-plain-costs.ts';

/** What an import of one billing period holds: its size, totals and a content hash. */
export interface PeriodDigest {
  readonly key: string;
  readonly rows: number;
  readonly corrections: number;
  readonly firstLine: number;
  readonly lastLine: number;
  /** Sums per billing currency; a period normally has one. */
  readonly billedCost: readonly Money[];
  readonly effectiveCost: readonly Money[];
  /** FOCUS ListCost and ContractedCost per billing currency, with the rows where they are unknown. */
  readonly listCost: readonly PartialTotal[];
  readonly contractedCost: readonly PartialTotal[];
  /** Mandatory columns left empty, per column and provider. */
  readonly warnings: readonly ColumnWarning[];
  /** SHA-256 (hex) over the charges of the period in file order, independent of column order. */
  readonly hash: string;
}

export interface PeriodDigests<T> {
  add(row: T): void;
  finish(): Promise<PeriodDigest[]>;
}

/** What digesting needs to know about a row type. */
export interface DigestAdapter<T> {
  keyOf(row: T): string;
  billed(row: T): Money;
  effective(row: T): Money;
  isCorrection(row: T): boolean;
  /** The price-comparison costs of a row that has them (FOCUS), null where the provider left one empty. */
  comparison?(row: T): Comparison;
}

interface Comparison {
  readonly provider: string;
  readonly currency: string;
  readonly ListCost: Money | null;
  readonly ContractedCost: Money | null;
}

/** FOCUS charges: periods by billingPeriodKey, BilledCost and EffectiveCost. */
export const focusDigest: DigestAdapter<FocusCharge> = {
  keyOf: billingPeriodKey,
  billed: (charge) => charge.billedCost,
  effective: (charge) => charge.effectiveCost,
  isCorrection: (charge) => charge.chargeClass === 'correction',
  comparison: (charge) => ({
    provider: charge.providerName,
    currency: charge.billingCurrency,
    ListCost: charge.listCost,
    ContractedCost: charge.contractedCost,
  }),
};

/** Plain costs of one source: periods are calendar months, the amount counts as both costs. */
export function plainDigest(sourceName = 'plain'): DigestAdapter<PlainCost> {
  return {
    keyOf: (cost) => plainPeriodKey(cost, sourceName),
    billed: (cost) => cost.amount,
    effective: (cost) => cost.amount,
    isCorrection: () => false,
  };
}

const SEPARATOR = '\u001f';
// Rows per hashed piece: fixed, so the hash does not depend on how the parser batched rows.
const PIECE_ROWS = 2000;

interface Pending {
  key: string;
  rows: number;
  corrections: number;
  firstLine: number;
  lastLine: number;
  billed: Map<string, Money>;
  effective: Map<string, Money>;
  list: Map<string, Tally>;
  contracted: Map<string, Tally>;
  warnings: Map<string, { column: string; provider: string; rows: number }>;
  buffer: string[];
  pieces: Promise<ArrayBuffer>[];
}

function sorted(record: Readonly<Record<string, string>>): string {
  return JSON.stringify(
    Object.keys(record)
      .sort()
      .map((key) => [key, record[key]]),
  );
}

/**
 * One line of text per row with every field but the line number, in sorted field order, so
 * the text does not depend on the column order of the file.
 */
export function canonicalRow(row: { readonly line: number }, fieldOrder: readonly string[]): string {
  const parts: string[] = [];
  const record = row as unknown as Readonly<Record<string, unknown>>;
  for (const name of fieldOrder) {
    const value = record[name];
    if (value !== null && typeof value === 'object' && 'nanos' in value) {
      const amount = value as Money;
      parts.push(`${amount.nanos} ${amount.currency}`);
    } else if (value !== null && typeof value === 'object')
      parts.push(sorted(value as Record<string, string>));
    else parts.push(value === null || value === undefined ? '\u0000' : String(value));
  }
  return parts.join(SEPARATOR);
}

const encoder = new TextEncoder();
const digest = (text: string | Uint8Array<ArrayBuffer>) =>
  crypto.subtle.digest('SHA-256', typeof text === 'string' ? encoder.encode(text) : text);

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

interface Tally {
  nanos: bigint | null;
  unknownRows: number;
}

function addPartial(totals: Map<string, Tally>, currency: string, amount: Money | null): void {
  const total = totals.get(currency) ?? { nanos: null, unknownRows: 0 };
  if (amount === null) total.unknownRows++;
  else total.nanos = (total.nanos ?? 0n) + amount.nanos;
  totals.set(currency, total);
}

function partialTotals(totals: ReadonlyMap<string, Tally>): PartialTotal[] {
  return [...totals].map(([currency, total]) => ({
    currency,
    amount: total.nanos === null ? null : { nanos: total.nanos, currency },
    unknownRows: total.unknownRows,
  }));
}

function addTo(totals: Map<string, Money>, amount: Money): void {
  const before = totals.get(amount.currency);
  totals.set(amount.currency, before ? add(before, amount) : amount);
}

/**
 * Collects, per billing period of a FOCUS (or plain cost) stream, the row count, cost totals and a SHA-256 of
 * the content (Web Crypto, so it runs in Node and Workers). The import compares the hash with
 * the stored one: equal means the re-import changes nothing and can be skipped.
 *
 * @example
 * const digests = periodDigests(focusDigest);
 * for await (const batch of parseFocus(body)) batch.charges.forEach((c) => digests.add(c));
 * const periods = await digests.finish(); // [{ key, rows, billedCost, hash, ... }]
 */
export function periodDigests<T extends { readonly line: number }>(
  adapter: DigestAdapter<T>,
): PeriodDigests<T> {
  const periods = new Map<string, Pending>();
  // All rows of a stream have the same fields: their sorted order is worked out once.
  let fieldOrder: readonly string[] | undefined;
  const flush = (period: Pending) => {
    if (period.buffer.length === 0) return;
    period.pieces.push(digest(period.buffer.join('\n')));
    period.buffer = [];
  };
  return {
    add(charge) {
      const key = adapter.keyOf(charge);
      let period = periods.get(key);
      if (period === undefined) {
        period = {
          key,
          rows: 0,
          corrections: 0,
          firstLine: charge.line,
          lastLine: charge.line,
          billed: new Map(),
          effective: new Map(),
          list: new Map(),
          contracted: new Map(),
          warnings: new Map(),
          buffer: [],
          pieces: [],
        };
        periods.set(key, period);
      }
      period.rows++;
      if (adapter.isCorrection(charge)) period.corrections++;
      period.lastLine = charge.line;
      addTo(period.billed, adapter.billed(charge));
      addTo(period.effective, adapter.effective(charge));
      const comparison = adapter.comparison?.(charge);
      if (comparison) {
        addPartial(period.list, comparison.currency, comparison.ListCost);
        addPartial(period.contracted, comparison.currency, comparison.ContractedCost);
        for (const column of ['ListCost', 'ContractedCost'] as const) {
          if (comparison[column] !== null) continue;
          const key = `${column}\u0000${comparison.provider}`;
          const warning = period.warnings.get(key) ?? { column, provider: comparison.provider, rows: 0 };
          warning.rows++;
          period.warnings.set(key, warning);
        }
      }
      fieldOrder ??= Object.keys(charge)
        .filter((name) => name !== 'line')
        .sort();
      period.buffer.push(canonicalRow(charge, fieldOrder));
      if (period.buffer.length >= PIECE_ROWS) flush(period);
    },
    async finish() {
      const out: PeriodDigest[] = [];
      for (const period of [...periods.values()].sort((a, b) => (a.key < b.key ? -1 : 1))) {
        flush(period);
        const pieces = await Promise.all(period.pieces);
        const joined = new Uint8Array(pieces.length * 32);
        for (const [index, piece] of pieces.entries()) joined.set(new Uint8Array(piece), index * 32);
        out.push({
          key: period.key,
          rows: period.rows,
          corrections: period.corrections,
          firstLine: period.firstLine,
          lastLine: period.lastLine,
          billedCost: [...period.billed.values()],
          effectiveCost: [...period.effective.values()],
          listCost: partialTotals(period.list),
          contractedCost: partialTotals(period.contracted),
          warnings: [...period.warnings.values()],
          hash: hex(await digest(joined)),
        });
      }
      return out;
    },
  };
}
