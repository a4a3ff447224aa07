import { formatMoney } from '../domain/money.ts';
import type { Alert } from './evaluate-alerts.ts';

/**
 * The JSON body of a webhook delivery for one alert. Amounts are decimal strings (JSON numbers
 * are binary floats); `id` is the alert key, the same on every retry, so a receiver can drop
 * duplicates. The text is fixed by its input, so a retry sends identical bytes and signature
 * differences come only from the timestamp.
 *
 * @example
 * alertWebhookBody(alert);
 * // '{"type":"lastplan.alert","id":"grant:dk:actual:80","subject":{"kind":"grant","id":"dk"},...}'
 */
export function alertWebhookBody(alert: Alert): string {
  return JSON.stringify({
    type: 'lastplan.alert',
    id: alert.key,
    subject: { kind: alert.subjectKind, id: alert.subjectId },
    measure: alert.measure,
    threshold: alert.threshold,
    value: { amount: formatMoney(alert.value), currency: alert.value.currency },
    limit: { amount: formatMoney(alert.limit), currency: alert.limit.currency },
    asOf: alert.asOf,
    message: alert.message,
  });
}
