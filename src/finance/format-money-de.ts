import { formatMoney, type Money } from '../domain/money.ts';

/**
 * An amount as German finance pages print it, from the exact value (never via a float): two
 * decimals rounded half away from zero, `.` between thousands, `,` before the cents.
 *
 * @example
 * formatMoneyDe(money('-1234567.885', 'EUR')); // '-1.234.567,89 €'
 */
export function formatMoneyDe(amount: Money, withCurrency = true): string {
  const plain = formatMoney(amount);
  const negative = plain.startsWith('-');
  const [whole = '0', cents = '00'] = (negative ? plain.slice(1) : plain).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const symbol = amount.currency === 'EUR' ? '€' : amount.currency;
  return `${negative ? '-' : ''}${grouped},${cents}${withCurrency ? `\u00a0${symbol}` : ''}`;
}
