/**
 * A percentage as typed (`80`, `12,5`, `-20`) as the API's decimal fraction (`0.8`, `0.125`,
 * `-0.2`), by moving the decimal point in the text, so nothing is rounded in binary; undefined
 * for text that is no such number.
 *
 * @example percentToFraction('12,5') // '0.125'
 */
export function percentToFraction(text: string): string | undefined {
  const match = /^(-?)(\d{1,6})(?:[.,](\d{1,4}))?$/.exec(text.trim());
  if (!match) return undefined;
  const [, sign = '', whole = '', part = ''] = match;
  const digits = (whole + part).padStart(part.length + 3, '0');
  const point = digits.length - part.length - 2;
  return tidy(sign, digits.slice(0, point), digits.slice(point));
}

/**
 * The API's decimal fraction as a percentage to show in an input (`0.8` → `80`).
 *
 * @example fractionToPercent('0.125') // '12.5'
 */
export function fractionToPercent(fraction: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(fraction);
  if (!match) return fraction;
  const [, sign = '', whole = '', part = ''] = match;
  const padded = part.padEnd(2, '0');
  return tidy(sign, whole + padded.slice(0, 2), padded.slice(2));
}

function tidy(sign: string, whole: string, part: string): string {
  const w = whole.replace(/^0+(?=\d)/, '') || '0';
  const p = part.replace(/0+$/, '');
  const text = p ? `${w}.${p}` : w;
  return sign && /[1-9]/.test(text) ? `-${text}` : text;
}
