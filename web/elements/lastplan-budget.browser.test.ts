import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import { axeViolations } from '../../tests/web/axe-check.ts';
import { shot } from '../../tests/web/shot.ts';
import { type Routes, stubApi } from '../../tests/web/stub-api.ts';
import '../index.ts';

const id = '66666666-6666-4666-8666-666666666666';
const range = (low: number, expected: number, high: number) => ({
  low: low.toFixed(2),
  expected: expected.toFixed(2),
  high: high.toFixed(2),
});
const line = {
  id,
  name: 'IT-Betrieb Bürgerdienste',
  fiscalYear: 2026,
  fiscalYearStartMonth: 1,
  amount: '60000.00',
  currency: 'EUR',
  period: { start: '2026-01-01', end: '2026-12-31' },
  serviceIds: [],
  categories: ['compute'],
};
// The shape of GET /v1/budgets/{id}/status (src/finance/budget-status.ts through moneyJson).
const status = (overrun: boolean, spend = 4100) => {
  const planned = overrun ? 10500 : 4000;
  const projected = 10 * spend + 2 * planned;
  return {
    lineId: id,
    fiscalYear: 2026,
    period: line.period,
    asOf: '2026-11-01',
    amount: '60000.00',
    spendToDate: (10 * spend).toFixed(2),
    percentSpent: Math.round((10 * spend * 10000) / 60000) / 100,
    projected: range(projected - 1500, projected, projected + 2500),
    remaining: range(60000 - projected + 1500, 60000 - projected, 60000 - projected - 2500),
    monthly: Array.from({ length: 12 }, (_, i) => ({
      month: `2026-${String(i + 1).padStart(2, '0')}`,
      actual: (i < 10 ? spend : 0).toFixed(2),
      planned: i < 10 ? range(0, 0, 0) : range(planned - 750, planned, planned + 1250),
    })),
    projectionSource: 'plans+run-rate',
    planIds: [],
    alertsCrossed: overrun ? [{ key: 'budget:b1:forecast:80', measure: 'forecast', threshold: 80 }] : [],
  };
};
const statements = {
  budgetId: id,
  currency: 'EUR',
  statements: [
    { memberId: 'a', memberName: 'Stadt Musterstadt', lines: [], total: '24600.00' },
    { memberId: 'b', memberName: 'Gemeinde Beispielhausen', lines: [], total: '16400.00' },
  ],
  total: '41000.00',
};
const noKey = {
  status: 400,
  body: {
    type: '/problems/validation',
    title: 'Validation failed',
    status: 400,
    detail: `budget ${id} has no allocation key to split its costs by`,
  },
};

let restore: (() => void) | undefined;
beforeEach(() => {
  document.documentElement.lang = 'de';
});
afterEach(() => {
  restore?.();
  document.body.replaceChildren();
});
const text = (element: Element) => element.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';
const cells = (row: Element) =>
  [...row.querySelectorAll('th, td')].map((c) => c.textContent?.replace(/\s+/g, ' ').trim());

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
  const element = document.createElement('lastplan-budget');
  element.setAttribute('token', 'lp_test');
  element.setAttribute('budget', id);
  if (lang) element.setAttribute('lang', lang);
  document.body.append(element);
  return element;
}

describe('lastplan-budget', () => {
  it('shows spend to date, the projection per month and the member statements', async () => {
    restore = stubApi({
      [`/v1/budgets/${id}/status`]: { body: status(false) },
      [`/v1/budgets/${id}/statements`]: { body: statements },
      [`/v1/budgets/${id}`]: { body: line },
    }).restore;
    const element = mount();
    await expect
      .poll(() => text(element))
      .toContain('Voraussichtlich bleiben 11.000,00 € vom Ansatz übrig (8.500,00 € – 12.500,00 €).');
    expect(text(element)).toContain('Haushaltsstelle IT-Betrieb Bürgerdienste, Haushaltsjahr 2026');
    expect(text(element)).toContain('41.000,00 € (68,3 %)');
    expect(text(element)).toContain('freigegebene Pläne und bisherige Ausgabenrate');
    expect(element.shadowRoot?.querySelectorAll('[part="table"] tbody tr')).toHaveLength(12);
    const members = element.shadowRoot?.querySelectorAll('[part="members"] tbody tr') ?? [];
    expect([...members].map(cells)).toEqual([
      ['Stadt Musterstadt', '24.600,00 €', '60 %'],
      ['Gemeinde Beispielhausen', '16.400,00 €', '40 %'],
    ]);
    expect(await axeViolations(element)).toEqual([]);
    await shot('budget-data', element);
    const membersTable = element.shadowRoot?.querySelector('[part="members"]');
    if (membersTable) await shot('budget-members', membersTable);
    await expect.element(page.getByRole('button', { name: 'Umlage als CSV' })).toBeVisible();
  });

  it('loads with the page session instead of a token (the dashboard)', async () => {
    const stub = stubApi({
      [`/v1/budgets/${id}/status`]: { body: status(false) },
      [`/v1/budgets/${id}/statements`]: { body: statements },
      [`/v1/budgets/${id}`]: { body: line },
    });
    restore = stub.restore;
    const element = document.createElement('lastplan-budget');
    element.setAttribute('session', '');
    element.setAttribute('budget', id);
    document.body.append(element);
    await expect.poll(() => text(element)).toContain('Umlage je Mitglied');
    expect([...stub.calls].sort()).toEqual([
      `/v1/budgets/${id}`,
      `/v1/budgets/${id}/statements`,
      `/v1/budgets/${id}/status`,
    ]);
  });

  it('warns of an overrun in English, without statements when the line has no allocation key', async () => {
    restore = stubApi({
      [`/v1/budgets/${id}/status`]: { body: status(true) },
      [`/v1/budgets/${id}/statements`]: noKey,
      [`/v1/budgets/${id}`]: { body: line },
    }).restore;
    const element = mount('en');
    await expect.poll(() => text(element)).toContain('The budget is expected to be overrun by €2,000.00');
    expect(text(element)).toContain('(€500.00 – €4,500.00)');
    expect(text(element)).toContain('Thresholds crossed: 80 % by the forecast');
    expect(element.shadowRoot?.querySelector('[part="members"]')).toBeNull();
    expect(page.getByRole('button', { name: 'Cost sharing as CSV' }).query()).toBeNull();
    expect(await axeViolations(element)).toEqual([]);
    window.scrollTo(0, 0);
    await shot('budget-overrun-en', element);
  });

  it.each<[string, Routes, string]>([
    ['loading', { '/v1/budgets/': { body: line, delayMs: 5000 } }, 'Wird geladen'],
    [
      'empty (nothing booked or planned)',
      {
        [`/v1/budgets/${id}/status`]: {
          body: {
            ...status(false, 0),
            projected: range(0, 0, 0),
            monthly: status(false, 0).monthly.map((m) => ({ ...m, planned: range(0, 0, 0) })),
          },
        },
        [`/v1/budgets/${id}/statements`]: noKey,
        [`/v1/budgets/${id}`]: { body: line },
      },
      'noch keine Kosten gebucht oder geplant',
    ],
    [
      'error (a read token lacks finance)',
      {
        '/v1/budgets/': {
          status: 403,
          body: {
            type: '/problems/forbidden',
            title: 'Forbidden',
            status: 403,
            detail: 'this token lacks the scope "finance"',
          },
        },
      },
      'Fehler: Dafür fehlt Ihrem Zugang die BerechtigungMeldung des Servers: Forbidden – this token lacks the scope "finance"',
    ],
  ])('shows the %s state', async (name, routes, words) => {
    restore = stubApi(routes).restore;
    const element = mount();
    await expect.poll(() => text(element)).toContain(words);
    expect(await axeViolations(element)).toEqual([]);
    if (name.startsWith('error')) await shot('budget-error', element);
  });

  it.each([
    ['print', 'light'],
    ['screen', 'dark'],
  ] as const)('renders legibly for %s in a %s scheme (no buttons in print)', async (media, scheme) => {
    restore = stubApi({
      [`/v1/budgets/${id}/status`]: { body: status(true) },
      [`/v1/budgets/${id}/statements`]: { body: statements },
      [`/v1/budgets/${id}`]: { body: line },
    }).restore;
    await commands.emulateMedia(media, scheme);
    try {
      if (scheme === 'dark') {
        document.body.style.background = '#0d1117';
        document.body.style.color = '#e6edf3';
      }
      const element = mount();
      await expect.poll(() => text(element)).toContain('überschritten');
      const button = element.shadowRoot?.querySelector('button') as HTMLElement;
      expect(getComputedStyle(button).display === 'none').toBe(media === 'print');
      if (scheme === 'dark') expect(await axeViolations(element)).toEqual([]);
      await shot(`budget-${media}-${scheme}`, element);
    } finally {
      document.body.removeAttribute('style');
      await commands.emulateMedia(null, null);
    }
  });

  it('exports the months and the member statements as CSV from the keyboard', async () => {
    restore = stubApi({
      [`/v1/budgets/${id}/status`]: { body: status(false) },
      [`/v1/budgets/${id}/statements`]: { body: statements },
      [`/v1/budgets/${id}`]: { body: line },
    }).restore;
    const element = mount();
    await expect.poll(() => text(element)).toContain('Umlage je Mitglied');
    const months = (await csvByKeyboard('CSV herunterladen')).trimEnd().split('\r\n');
    expect(months).toHaveLength(13);
    expect(months[0]).toBe('\uFEFFMonat;Ist;Plan niedrig;Plan erwartet;Plan hoch;Währung');
    expect(months[12]).toBe('2026-12;0,00;3250,00;4000,00;5250,00;EUR');
    const members = (await csvByKeyboard('Umlage als CSV')).trimEnd().split('\r\n');
    expect(members).toEqual([
      '\uFEFFMitglied-ID;Mitglied;Summe;Währung',
      'a;Stadt Musterstadt;24600,00;EUR',
      'b;Gemeinde Beispielhausen;16400,00;EUR',
    ]);
  });

  it('exports English CSV when the element is English', async () => {
    restore = stubApi({
      [`/v1/budgets/${id}/status`]: { body: status(false) },
      [`/v1/budgets/${id}/statements`]: { body: statements },
      [`/v1/budgets/${id}`]: { body: line },
    }).restore;
    const element = mount('en');
    await expect.poll(() => text(element)).toContain('Cost sharing');
    const months = (await csvByKeyboard('Download CSV')).trimEnd().split('\r\n');
    expect(months[0]).toBe('\uFEFFMonth,Actual,Planned low,Planned expected,Planned high,Currency');
    expect(months[12]).toBe('2026-12,0.00,3250.00,4000.00,5250.00,EUR');
  });
});
