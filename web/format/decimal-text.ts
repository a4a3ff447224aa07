/**
 * A decimal as typed, with a German decimal comma or a point (`1,0834`, `1.0834`), as decimal text
 * with a point (`1.0834`); undefined for anything else (a sign, thousands separators, more than 9
 * integer or `maxFraction` fraction digits). The text is moved, never parsed into a binary float.
 *
 * @example typedDecimal('12,5', 6) // '12.5'
 */
export function typedDecimal(text: string, maxFraction: number): string | undefined {
  const match = /^(\d{1,9})(?:[.,](\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const [, whole = '', part = ''] = match;
  if (part.length > maxFraction) return undefined;
  return part ? `${whole}.${part}` : whole;
}

/**
 * A positive decimal as typed (see `typedDecimal`) as the API's decimal text; undefined for zero
 * and for more than 12 fraction digits, as the API takes them.
 *
 * @example positiveDecimal('1,0834') // '1.0834'
 */
export function positiveDecimal(text: string): string | undefined {
  const decimal = typedDecimal(text, 12);
  return decimal !== undefined && /[1-9]/.test(decimal) ? decimal : undefined;
}

/**
 * The API's exact decimal text in the locale's style, every digit kept (a rate of `1.083700`
 * stays `1,083700` in German): Intl formats the text itself, not a binary float made from it.
 *
 * @example decimalText('de-DE', '1.0837') // '1,0837'
 */
export function decimalText(locale: string, text: string): string {
  const digits = /\.(\d+)$/.exec(text)?.[1]?.length ?? 0;
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: Math.min(20, digits),
  }).format(text as Intl.StringNumericLiteral);
}

/**
 * An amount of the API (exact decimal text) with its currency in the locale's style, all the
 * server's digits kept (at least two), so a total can be checked against the file it came from.
 *
 * @example moneyText('de-DE', '7.524725', 'USD') // '7,524725 $'
 */
export function moneyText(locale: string, amount: string, currency: string): string {
  const digits = /\.(\d+)$/.exec(amount)?.[1]?.replace(/0+$/, '').length ?? 0;
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: 2,
      maximumFractionDigits: Math.max(2, Math.min(20, digits)),
    }).format(amount as Intl.StringNumericLiteral);
  } catch {
    // A currency code Intl does not know (a provider's own): the number and the code as given.
    return `${decimalText(locale, amount)} ${currency}`;
  }
}

/** ISO 4217 currency code: three capital letters, known to the browser's Intl when it lists them. */
export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  return supported ? supported('currency').includes(code) : true;
}
