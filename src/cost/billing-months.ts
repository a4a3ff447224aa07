/**
 * Calendar months (UTC) over a step series. Monthly caps, free allowances and traffic tiers reset
 * per calendar month; providers bill in UTC or close to it, and the error of ignoring the tenant's
 * time zone is at most a few hours' usage at each month's edge.
 */

export interface BillingMonth {
  /** "YYYY-MM". */
  readonly key: string;
  readonly startIndex: number;
  /** Exclusive. */
  readonly endIndex: number;
  /** Hours of the whole calendar month (672 to 744), for pro-rata allowances. */
  readonly hoursInMonth: number;
}

/**
 * Splits steps `[0, length)` starting at `start` (epoch ms) into UTC calendar months; a step belongs
 * to the month its start falls in.
 *
 * @example
 * billingMonths(Date.UTC(2027, 0, 31, 22), 3_600_000, 4).map((m) => m.key); // ["2027-01", "2027-02"]
 */
export function billingMonths(start: number, stepMs: number, length: number): BillingMonth[] {
  const months: BillingMonth[] = [];
  let index = 0;
  while (index < length) {
    const at = new Date(start + index * stepMs);
    const year = at.getUTCFullYear();
    const month = at.getUTCMonth();
    const next = Date.UTC(year, month + 1, 1);
    const endIndex = Math.min(length, Math.max(index + 1, Math.ceil((next - start) / stepMs)));
    months.push({
      key: `${year}-${String(month + 1).padStart(2, '0')}`,
      startIndex: index,
      endIndex,
      hoursInMonth: (next - Date.UTC(year, month, 1)) / 3_600_000,
    });
    index = endIndex;
  }
  return months;
}
