import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import { axeViolations } from '../../tests/web/axe-check.ts';
import { shot } from '../../tests/web/shot.ts';
import { type Routes, stubApi } from '../../tests/web/stub-api.ts';
import '../index.ts';

const planId = '44444444-4444-4444-8444-444444444444';
const pair = (p50: number, planning: number) => ({ p50: p50.toFixed(9), planning: planning.toFixed(9) });
const alternative = (kind: string, label: string, p50: number, planning: number) => ({
  kind,
  label,
  cost: pair(p50, planning),
  saving: pair(p50 - 1234.5, planning - 1688.25),
});
// The shape of GET /v1/plans/{id} (src/http/routes/plans-schemas.ts), the summary filled in.
const plan = (savings: unknown[]) => ({
  id: planId,
  serviceId: '11111111-1111-4111-8111-111111111111',
  version: 2,
  status: 'draft',
  horizon: { from: '2027-01-10T00:00:00Z', to: '2027-01-31T00:00:00Z' },
  quantile: 0.975,
  currency: 'EUR',
  cost: { p50: '1234.500000000', planning: '1688.250000000' },
  createdBy: 'Planung',
  createdAt: '2026-11-20T10:00:00Z',
  approvedBy: null,
  approvedAt: null,
  summary: {
    instanceType: 'hetzner/CX33',
    quantileLabel: '95 % band',
    steps: 3,
    minInstances: 2,
    peakInstances: 6,
    peakFrom: '2027-01-17T00:00:00Z',
    cost: { p50: '1234.500000000', planning: '1688.250000000', currency: 'EUR' },
    savings,
  },
  plan: { steps: [] },
});
const alternatives = [
  alternative('static-peak', 'Static sizing for the peak', 3900, 4420),
  alternative('current-size', "Today's size", 2600, 2600),
  alternative('committed-baseline', 'Committed baseline (1y) plus on-demand burst', 1500, 1990.75),
  alternative('own-hardware', 'Own hardware', 5210, 5210),
];

let restore: (() => void) | undefined;
beforeEach(() => {
  document.documentElement.lang = 'de';
});
afterEach(() => {
  restore?.();
  document.body.replaceChildren();
});
const text = (element: Element) => element.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';
const cells = (row: Element | undefined) =>
  [...(row?.querySelectorAll('th, td') ?? [])].map((c) => c.textContent?.replace(/\s+/g, ' ').trim());

/** Presses a button from the keyboard (Tab to it, Enter) and returns the CSV it offers. */
async function csvByKeyboard(name: string): Promise<string> {
  let csv = '';
  const original = URL.createObjectURL;
  URL.createObjectURL = (blob: Blob) => {
    // Read as bytes: Blob.text() would drop the byte-order mark this checks for.
    void blob.arrayBuffer().then((b) => {
      csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(b);
    });
    return original.call(URL, blob);
  };
  try {
    const button = page.getByRole('button', { name, exact: true });
    (button.element() as HTMLElement).focus();
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => csv).not.toBe('');
    return csv;
  } finally {
    URL.createObjectURL = original;
  }
}

function mount(lang?: string) {
  const element = document.createElement('lastplan-cost-compare');
  element.setAttribute('token', 'lp_test');
  element.setAttribute('plan', planId);
  if (lang) element.setAttribute('lang', lang);
  document.body.append(element);
  return element;
}

describe('lastplan-cost-compare', () => {
  it('compares pay-as-you-go with every alternative in a chart and a table, savings in words', async () => {
    restore = stubApi({ [`/v1/plans/${planId}`]: { body: plan(alternatives) } }).restore;
    const element = mount();
    await expect
      .poll(() => text(element))
      .toContain(
        'Pay-as-you-go spart gegenüber der günstigsten Alternative „Feste Grundlast (1y) plus Spitzen nach Bedarf“ 265,50 € (P50) bis 302,50 € (95-%-Band).',
      );
    const rows = element.shadowRoot?.querySelectorAll('tbody tr') ?? [];
    expect(rows).toHaveLength(5);
    expect(cells(rows[0])).toEqual([
      'Pay-as-you-go (hetzner/CX33, 95-%-Band)',
      '1.234,50 €',
      '1.688,25 €',
      '–',
      '–',
    ]);
    expect(cells(rows[1])).toEqual([
      'Feste Auslegung auf die Spitze',
      '3.900,00 €',
      '4.420,00 €',
      '+2.665,50 €',
      '+2.731,75 €',
    ]);
    expect(element.shadowRoot?.querySelectorAll('svg rect.p50')).toHaveLength(5);
    expect(await axeViolations(element)).toEqual([]);
    await shot('cost-compare-data', element);
    // The CSV button is reachable by keyboard.
    const csv = page.getByRole('button', { name: 'CSV herunterladen' });
    await expect.element(csv).toBeVisible();
  });

  it('loads with the page session instead of a token (the dashboard)', async () => {
    const stub = stubApi({ [`/v1/plans/${planId}`]: { body: plan(alternatives) } });
    restore = stub.restore;
    const element = document.createElement('lastplan-cost-compare');
    element.setAttribute('session', '');
    element.setAttribute('plan', planId);
    document.body.append(element);
    await expect.poll(() => text(element)).toContain('Pay-as-you-go spart');
    expect(stub.calls).toEqual([`/v1/plans/${planId}`]);
  });

  it('says when an alternative would be cheaper, in English', async () => {
    restore = stubApi({
      [`/v1/plans/${planId}`]: {
        body: plan([
          alternative('committed-baseline', 'Committed baseline (3y) plus on-demand burst', 1000, 1500),
        ]),
      },
    }).restore;
    const element = mount('en');
    await expect
      .poll(() => text(element))
      .toContain(
        '"Committed baseline (3y) plus on-demand burst" would be cheaper: pay-as-you-go costs €234.50 (P50) to €188.25 (95 % band) more.',
      );
    expect(text(element)).toContain('-€234.50');
    expect(await axeViolations(element)).toEqual([]);
  });

  it('says when the answer depends on the load', async () => {
    restore = stubApi({
      [`/v1/plans/${planId}`]: { body: plan([alternative('current-size', "Today's size", 1200, 1900)]) },
    }).restore;
    const element = mount();
    await expect
      .poll(() => text(element))
      .toContain(
        'Gegenüber „Heutige Größe“ hängt es von der Last ab: Ersparnis -34,50 € (P50), +211,75 € (95-%-Band).',
      );
  });

  it.each<[string, Routes, string]>([
    ['loading', { '/v1/plans/': { body: plan(alternatives), delayMs: 5000 } }, 'Wird geladen'],
    ['empty (no alternatives)', { '/v1/plans/': { body: plan([]) } }, 'keine Alternativen berechnet'],
    [
      'error',
      {
        '/v1/plans/': {
          status: 404,
          body: { type: '/problems/not-found', title: 'Not found', status: 404, detail: 'plan not found' },
        },
      },
      'Fehler: Nicht gefunden – vielleicht gelöscht oder ein veralteter LinkMeldung des Servers: Not found – plan not found',
    ],
  ])('shows the %s state', async (name, routes, words) => {
    restore = stubApi(routes).restore;
    const element = mount();
    await expect.poll(() => text(element)).toContain(words);
    expect(await axeViolations(element)).toEqual([]);
    if (name === 'error') await shot('cost-compare-error', element);
  });

  it.each([
    ['print', 'light'],
    ['screen', 'dark'],
  ] as const)('renders legibly for %s in a %s scheme (no buttons in print)', async (media, scheme) => {
    restore = stubApi({ [`/v1/plans/${planId}`]: { body: plan(alternatives) } }).restore;
    await commands.emulateMedia(media, scheme);
    try {
      if (scheme === 'dark') {
        document.body.style.background = '#0d1117';
        document.body.style.color = '#e6edf3';
      }
      const element = mount();
      await expect.poll(() => text(element)).toContain('Pay-as-you-go spart');
      const button = element.shadowRoot?.querySelector('button') as HTMLElement;
      expect(getComputedStyle(button).display === 'none').toBe(media === 'print');
      if (scheme === 'dark') expect(await axeViolations(element)).toEqual([]);
      await shot(`cost-compare-${media}-${scheme}`, element);
    } finally {
      document.body.removeAttribute('style');
      await commands.emulateMedia(null, null);
    }
  });

  it('exports the comparison as CSV from the keyboard', async () => {
    restore = stubApi({ [`/v1/plans/${planId}`]: { body: plan(alternatives) } }).restore;
    const element = mount();
    await expect.poll(() => text(element)).toContain('Pay-as-you-go spart');
    const csv = (await csvByKeyboard('CSV herunterladen')).trimEnd().split('\r\n');
    expect(csv).toHaveLength(6);
    expect(csv[0]).toBe('\uFEFFVariante;Kosten P50;Kosten Planung;Ersparnis P50;Ersparnis Planung;Währung');
    expect(csv[1]).toBe('Pay-as-you-go (hetzner/CX33, 95-%-Band);1234,50;1688,25;;;EUR');
    expect(csv[2]).toBe('Feste Auslegung auf die Spitze;3900,00;4420,00;2665,50;2731,75;EUR');
  });
});
