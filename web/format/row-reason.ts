import { type Lang, type MessageKey, t } from '../i18n.ts';
import { calendarDate } from './formatters.ts';

/** Why the cost import refused a row, as the server words it (English), read back into parts. */
const reasons: readonly [RegExp, MessageKey, readonly string[]][] = [
  [/^(\w+) is empty$/, 'reason_empty', ['column']],
  [/^not an amount: (.+)$/, 'reason_amount', ['value']],
  [/^not a decimal number: (.+)$/, 'reason_decimal', ['value']],
  [/^not a date \(YYYY-MM-DD\): (.+)$/, 'reason_date', ['value']],
  [/^not an ISO 8601 date-time: (.+)$/, 'reason_instant', ['value']],
  [/^no such date: (.+)$/, 'reason_no_date', ['value']],
  [/^no such time: (.+)$/, 'reason_no_time', ['value']],
  [/^not an ISO 4217 currency code: (.+)$/, 'reason_currency', ['value']],
  [/^the row has (\d+) fields, the header (\d+)$/, 'reason_fields', ['fields', 'header']],
  [/^category must be one of (.+), not (.+)$/, 'reason_category', ['allowed', 'value']],
  [/^ChargeClass must be Correction or empty, not (.+)$/, 'reason_charge_class', ['value']],
  [/^BillingPeriodEnd must be after BillingPeriodStart$/, 'reason_billing_period', []],
  [/^ChargePeriodEnd must not be before ChargePeriodStart$/, 'reason_charge_period', []],
  [/^quoted field is not closed before the end of the input$/, 'reason_quote', []],
  [
    /^no ([A-Z]{3})\/([A-Z]{3}) exchange rate on or before (\d{4}-\d{2}-\d{2})\b/,
    'reason_rate_missing',
    ['from', 'to', 'day'],
  ],
  [
    /^the latest ([A-Z]{3})\/([A-Z]{3}) exchange rate on or before (\d{4}-\d{2}-\d{2}) is of (\d{4}-\d{2}-\d{2}), (\d+) days earlier, more than the (\d+) days allowed/,
    'reason_rate_stale',
    ['from', 'to', 'day', 'date', 'age', 'max'],
  ],
];

/**
 * A refused row's reason in the language, for the reasons the import gives; undefined for one it
 * does not know (the caller shows the server's words then). `rate` says the row lacks a usable
 * exchange rate, which the rates view can fix. With a `locale`, days are written in its style.
 *
 * @example rowReason('de', 'not an amount: "zwölf"') // { text: 'kein Betrag: "zwölf"', rate: false }
 */
export function rowReason(
  lang: Lang,
  message: string,
  locale?: string,
): { text: string; rate: boolean } | undefined {
  for (const [pattern, key, names] of reasons) {
    const match = pattern.exec(message);
    if (!match) continue;
    // Days in the locale's style when one is given (the server writes YYYY-MM-DD).
    const value = (name: string, text: string) =>
      locale && (name === 'day' || name === 'date') ? calendarDate(locale, text) : text;
    const vars = Object.fromEntries(names.map((name, i) => [name, value(name, match[i + 1] ?? '')]));
    return { text: t(lang, key, vars), rate: key.startsWith('reason_rate') };
  }
  return undefined;
}
