import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { axeViolations } from '../../tests/web/axe-check.ts';
import { shot } from '../../tests/web/shot.ts';
import { type Routes, stubApi } from '../../tests/web/stub-api.ts';
import '../index.ts';

const id = '55555555-5555-4555-8555-555555555555';
const range = (low: number, expected: number, high: number) => ({
  low: low.toFixed(2),
  expected: expected.toFixed(2),
  high: high.toFixed(2),
});
const grant = {
  id,
  programme: 'Digitalisierung Kommunal 2026-2027',
  funder: 'Freistaat Bayern',
  referenceNumber: 'DK-2026-0042',
  amount: '120000.00',
  currency: 'EUR',
  period: { start: '2026-01-01', end: '2027-12-31' },
};
const months = Array.from(
  { length: 24 },
  (_, i) => `${2026 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
);
const status = (outlook: string) => ({
  asOf: '2026-11-23',
  spendToDate: '52000.00',
  fundedToDate: '41600.00',
  ownShareToDate: '10400.00',
  forecastSpend: range(98000, 112000, 131000),
  unspentAtExpiry: range(0, 8000, 22000),
  exhaustionDay: {
    low: null,
    expected: outlook === 'exhausted-early' ? '2027-10-04' : null,
    high: '2027-10-04',
  },
  outlook,
  burnDown: months.map((month, i) => {
    const remaining = 120000 - i * 4800;
    return {
      month,
      actual: i < 11 ? '4700.00' : '0.00',
      planned: range(4000, 4800, 5500),
      remaining: range(remaining - i * 300, remaining, remaining + i * 300),
    };
  }),
  alertsCrossed: [{ key: 'grant:g1:actual:50', measure: 'actual', threshold: 50 }],
});

let restore: (() => void) | undefined;
beforeEach(() => {
  document.documentElement.lang = 'de';
});
afterEach(() => {
  restore?.();
  document.body.replaceChildren();
});
const text = (element: Element) => element.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';

function mount() {
  const element = document.createElement('lastplan-grant');
  element.setAttribute('token', 'lp_test');
  element.setAttribute('grant', id);
  document.body.append(element);
  return element;
}

describe('lastplan-grant', () => {
  it.each([
    ['unspent-at-expiry', 'Voraussichtlich bleiben 8.000,00 € ungenutzt (0,00 € – 22.000,00 €)'],
    ['exhausted-early', 'am 4. Okt. 2027 aufgebraucht'],
    ['on-target', 'genau bis zum Ende'],
  ])('says the outlook %s in words, with burn-down chart and table', async (outlook, words) => {
    restore = stubApi({
      [`/v1/grants/${id}/status`]: { body: status(outlook) },
      [`/v1/grants/${id}`]: { body: grant },
    }).restore;
    const element = mount();
    await expect.poll(() => text(element)).toContain(words);
    expect(text(element)).toContain('Überschrittene Schwellen: 50 % ausgegeben');
    expect(element.shadowRoot?.querySelectorAll('tbody tr')).toHaveLength(24);
    expect(await axeViolations(element)).toEqual([]);
    await shot(`grant-${outlook}`, element);
  });

  it.each<[string, Routes, string]>([
    ['loading', { '/v1/grants/': { body: grant, delayMs: 5000 } }, 'Wird geladen'],
    [
      'error (a read token lacks finance)',
      {
        '/v1/grants/': {
          status: 403,
          body: {
            type: '/problems/forbidden',
            title: 'Forbidden',
            status: 403,
            detail: 'this token lacks the scope "finance"',
          },
        },
      },
      'Fehler: Dafür fehlt Ihrem Zugang die BerechtigungMeldung des Servers: Forbidden',
    ],
  ])('shows the %s state', async (_name, routes, words) => {
    restore = stubApi(routes).restore;
    const element = mount();
    await expect.poll(() => text(element)).toContain(words);
    expect(await axeViolations(element)).toEqual([]);
  });
});
