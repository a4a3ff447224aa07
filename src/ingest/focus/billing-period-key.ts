/** The columns that place a charge in one invoiced billing period of one account. */
export interface BillingPeriodRef {
  readonly invoiceIssuerName: string;
  readonly billingAccountId: string;
  readonly billingPeriodStart: string;
  readonly billingPeriodEnd: string;
}

/**
 * The unit of an all-or-nothing import: one issuer's billing account for one billing period.
 * A file may hold several; each is replaced as a whole, so a re-import of a corrected export
 * replaces the period instead of adding to it.
 *
 * @example
 * billingPeriodKey({ invoiceIssuerName: 'AWS', billingAccountId: '1111',
 *   billingPeriodStart: '2026-01-01T00:00:00.000Z', billingPeriodEnd: '2026-02-01T00:00:00.000Z' });
 * // 'AWS|1111|2026-01-01T00:00:00.000Z/2026-02-01T00:00:00.000Z'
 */
export function billingPeriodKey(charge: BillingPeriodRef): string {
  return `${charge.invoiceIssuerName}|${charge.billingAccountId}|${charge.billingPeriodStart}/${charge.billingPeriodEnd}`;
}
