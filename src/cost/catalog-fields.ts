/**
 * Field readers shared by the catalog parsers. Each reader records problems with a JSON pointer
 * instead of throwing, so one import reports every mistake at once.
 */
import type { FieldError } from '../domain/errors.ts';
import { money, numberToDecimalString, parseDecimal } from '../domain/money.ts';
import type { CatalogPrice, SizeUnit, VatBasis } from './price-catalog.ts';

/**
 * Collects field problems; `knownSources` undefined means source keys are not checked.
 *
 * @example
 * const problems = new Problems(new Set(['MIX-HZ']));
 * problems.add('/providers/0/id', 'id is required');
 */
export class Problems {
  readonly list: FieldError[] = [];
  constructor(readonly knownSources: ReadonlySet<string> | undefined) {}
  add(pointer: string, detail: string): void {
    this.list.push({ pointer, detail });
  }
}

/**
 * @example
 * isRecord({ a: 1 }); // true
 * isRecord([1]); // false
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * RFC 6901 escaping of one pointer segment.
 *
 * @example
 * seg('a/b'); // "/a~1b"
 */
export function seg(key: string | number): string {
  return `/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

/**
 * @example
 * readString({ id: 'hetzner' }, 'id', '/providers/0', problems, true); // "hetzner"
 */
export function readString(
  obj: Record<string, unknown>,
  key: string,
  pointer: string,
  problems: Problems,
  required: boolean,
): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) {
    if (required) problems.add(pointer + seg(key), `${key} is required`);
    return undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    problems.add(pointer + seg(key), `${key} must be a non-empty string`);
    return undefined;
  }
  return value;
}

/**
 * @example
 * readPositive({ vcpu: 0 }, 'vcpu', '/compute/0', problems); // undefined, problem at /compute/0/vcpu
 */
export function readPositive(
  obj: Record<string, unknown>,
  key: string,
  pointer: string,
  problems: Problems,
): number | undefined {
  const value = obj[key];
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    problems.add(pointer + seg(key), `${key} must be a positive number, got ${JSON.stringify(value)}`);
    return undefined;
  }
  return value;
}

/**
 * Reads a VAT basis from the source's wording; anything unclear is `unknown`, never guessed.
 *
 * @example
 * basisFromText('GROSS incl. 19% VAT'); // "gross"
 * basisFromText('excl. tax'); // "net"
 * basisFromText('VAT basis not stated by source'); // "unknown"
 */
export function basisFromText(text: string): VatBasis {
  if (/\bgross\b|incl\.?\s*(19\s*%\s*)?(vat|mwst|ust)/i.test(text)) return 'gross';
  if (/not stated|n\/a|unknown|converted/i.test(text)) return 'unknown';
  if (/\bnet\b|excl\.?\s*(vat|tax)/i.test(text)) return 'net';
  return 'unknown';
}

/**
 * The first date in a validity text; a month alone stands for its first day.
 *
 * @example
 * validFromText('2026-05 (price list v1.0.38)'); // "2026-05-01"
 */
export function validFromText(text: string): string | undefined {
  const match = /(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(text);
  if (!match) return undefined;
  return `${match[1]}-${match[2]}-${match[3] ?? '01'}`;
}

/**
 * Hours a monthly figure stands for, from the unit text (STACKIT and IONOS use 30 days).
 *
 * @example
 * hoursPerMonthFromUnit('EUR/month (=hourly x 720, STACKIT convention)'); // 720
 */
export function hoursPerMonthFromUnit(unit: string): number {
  if (/x\s*720\b|\b720\s*h|30\s*days/i.test(unit)) return 720;
  const stated = /\b(\d{3})\s*h\b/.exec(unit);
  return stated ? Number(stated[1]) : 730;
}

/**
 * @example
 * sizeUnitFromText('USD/GiB-month'); // "GiB"
 */
export function sizeUnitFromText(unit: string): SizeUnit {
  return /GiB|TiB/.test(unit) ? 'GiB' : 'GB';
}

/**
 * Converts "10 TB" / "1 TiB" into units of `sizeUnit`; mixed prefixes keep their own base.
 *
 * @example
 * teraToUnits(1, 'TiB'); // 1024
 */
export function teraToUnits(amount: number, tera: 'TB' | 'TiB'): number {
  return tera === 'TiB' ? amount * 1024 : amount * 1000;
}

function readAmountText(value: unknown): string | undefined {
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) return value.trim();
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
    return numberToDecimalString(value);
  }
  return undefined;
}

export interface PriceDefaults {
  readonly currency?: string;
  readonly basisText?: string;
  readonly unit?: string;
  readonly sources?: readonly string[];
  readonly validOn?: string;
}

/**
 * Reads one price object `{value, unit, currency, basis, sources, valid_on, confidence?, note?}`.
 * Returns `undefined` for an absent or `null` price (the caller lists it as missing) and for an
 * invalid one (after recording why).
 *
 * @example
 * readPrice({ value: 0.0114, unit: 'EUR/hour', currency: 'EUR', basis: 'gross', sources: ['MIX-HZ'], valid_on: '2026-08-17' }, '/p', problems)?.amount;
 * // { nanos: 11400000n, currency: 'EUR' }
 */
export function readPrice(
  raw: unknown,
  pointer: string,
  problems: Problems,
  defaults: PriceDefaults = {},
): CatalogPrice | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isRecord(raw)) {
    problems.add(pointer, 'a price must be an object with value, currency, basis, sources and valid_on');
    return undefined;
  }
  if (raw.value === null) return undefined;
  const before = problems.list.length;
  const amount = readAmountText(raw.value);
  if (amount === undefined) {
    problems.add(`${pointer}/value`, `value must be a non-negative number, got ${JSON.stringify(raw.value)}`);
  }
  const unit = typeof raw.unit === 'string' ? raw.unit : defaults.unit;
  if (unit === undefined) problems.add(`${pointer}/unit`, 'unit is required (e.g. "EUR/hour")');
  const currency =
    typeof raw.currency === 'string' ? raw.currency : (defaults.currency ?? currencyFromUnit(unit ?? ''));
  if (currency === undefined || !/^[A-Z]{3}$/.test(currency)) {
    problems.add(`${pointer}/currency`, `currency must be an ISO 4217 code, got ${JSON.stringify(currency)}`);
  }
  const basisText = typeof raw.basis === 'string' ? raw.basis : (defaults.basisText ?? 'not stated');
  const sources = raw.sources === undefined ? defaults.sources : raw.sources;
  const sourceKeys = readSources(sources, `${pointer}/sources`, problems);
  const validOn = typeof raw.valid_on === 'string' ? raw.valid_on : defaults.validOn;
  if (validOn === undefined)
    problems.add(`${pointer}/valid_on`, 'valid_on is required (when the price held)');
  const confidence = raw.confidence;
  if (confidence !== undefined && confidence !== 'medium' && confidence !== 'low') {
    problems.add(`${pointer}/confidence`, 'confidence must be "medium" or "low" when given');
  }
  if (problems.list.length > before || amount === undefined || currency === undefined) return undefined;
  return {
    amount: money(amount, currency),
    basis: basisFromText(basisText),
    basisText,
    unit: unit ?? '',
    sources: sourceKeys,
    validOn: validOn ?? '',
    validFrom: validFromText(validOn ?? ''),
    confidence: confidence === 'medium' || confidence === 'low' ? confidence : undefined,
    note: typeof raw.note === 'string' ? raw.note : undefined,
  };
}

function currencyFromUnit(unit: string): string | undefined {
  return /^([A-Z]{3})\//.exec(unit)?.[1];
}

/**
 * @example
 * readSources(['MIX-HZ'], '/p/sources', problems); // ["MIX-HZ"]
 */
export function readSources(raw: unknown, pointer: string, problems: Problems): string[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.add(pointer, 'sources must list at least one source key');
    return [];
  }
  const keys: string[] = [];
  raw.forEach((key, index) => {
    if (typeof key !== 'string' || key === '') {
      problems.add(`${pointer}/${index}`, 'a source key must be a non-empty string');
    } else if (problems.knownSources && !problems.knownSources.has(key)) {
      problems.add(`${pointer}/${index}`, `unknown source key "${key}": add it to the top-level sources`);
    } else {
      keys.push(key);
    }
  });
  return keys;
}

/**
 * Checks a decimal string without throwing; used for tenant-entered figures.
 *
 * @example
 * isDecimal('0,05'); // false
 */
export function isDecimal(text: string): boolean {
  try {
    parseDecimal(text);
    return true;
  } catch {
    return false;
  }
}
