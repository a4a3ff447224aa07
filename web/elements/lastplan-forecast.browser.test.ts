import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import { axeViolations } from '../../tests/web/axe-check.ts';
import { shot } from '../../tests/web/shot.ts';
import { forecastFixture, forecastRoutes, planFixture, stubApi } from '../../tests/web/stub-api.ts';
import '../index.ts';
import type { LastplanForecast } from './lastplan-forecast.ts';

let restore: (() => void) | undefined;
beforeEach(() => {
  document.documentElement.lang = 'de';
});
afterEach(() => {
  restore?.();
  restore = undefined;
  document.body.replaceChildren();
  document.documentElement.lang = 'de';
});

function mount(attributes: Record<string, string>): LastplanForecast {
  const element = document.createElement('lastplan-forecast') as LastplanForecast;
  element.style.maxWidth = '900px';
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  document.body.append(element);
  return element;
}

const text = (element: HTMLElement) => element.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';
const fixture = forecastFixture();
const attrs = { api: 'https://planner.example', token: 'lp_test', service: fixture.service.id };

describe('lastplan-forecast', () => {
  it('shows loading, then history, bands, the peak in words, events and holidays (German)', async () => {
    restore = stubApi(
      Object.fromEntries(
        Object.entries(forecastRoutes(fixture)).map(([k, v]) => [k, { ...(v as object), delayMs: 150 }]),
      ) as never,
    ).restore;
    const element = mount({ ...attrs, capacity: '260' });
    await expect.poll(() => text(element)).toContain('Wird geladen');
    await expect.poll(() => text(element), { timeout: 5000 }).toContain('Höchste Last erwartet am');
    // The peak's upper end carries the name plans give the same quantity.
    expect(text(element)).toMatch(/\(95-%-Band: bis [\d.,]+/);
    const root = element.shadowRoot as ShadowRoot;
    expect(root.querySelectorAll('path.band')).toHaveLength(2);
    expect(root.querySelector('path.history')?.getAttribute('d')?.length).toBeGreaterThan(100);
    expect(root.querySelector('rect.event title')?.textContent).toBe('Bürgerentscheid');
    expect(text(element)).toContain('Geplante Kapazität');
    expect(text(element)).toContain('Zeitzone Europe/Berlin');
    expect(text(element)).toContain(
      'In den letzten 4 Wochen lag die tatsächliche Last in 93 von 100 Stunden im 95-%-Band und in 81 von 100 im 80-%-Band.',
    );
    expect(text(element)).toContain('im Mittel 38 % näher an der tatsächlichen Last');
    // MASE only in the details line, and no warning while the bands held.
    expect(root.querySelector('.details')?.textContent).toContain('MASE 0,62');
    expect(root.querySelector('.backtest')?.textContent).not.toContain('MASE');
    expect(root.querySelector('.warning')).toBeNull();
    expect(text(element)).toContain('Bürgerentscheid on 2027-01-31');
    // 2027-01-06 (Heilige Drei Könige) is a public holiday in Bavaria and lies in the history.
    expect([...root.querySelectorAll('rect.holiday title')].map((n) => n.textContent)).toContain(
      'Heilige Drei Könige',
    );
    expect(await axeViolations(element)).toEqual([]);
    await shot('forecast-de', element);
  });

  it('draws the capacity of a plan as a step line over the forecast', async () => {
    const plan = planFixture(fixture);
    restore = stubApi({ ...forecastRoutes(fixture), [`/v1/plans/${plan.id}`]: { body: plan } }).restore;
    const element = mount({ ...attrs, plan: plan.id });
    await expect.poll(() => text(element), { timeout: 5000 }).toContain('Geplante Kapazität');
    const d = element.shadowRoot?.querySelector('path.plan-capacity')?.getAttribute('d') ?? '';
    expect(d.match(/L/g)).toHaveLength(5);
    expect(await axeViolations(element)).toEqual([]);
    await shot('forecast-plan-capacity', element);
  });

  it('speaks English with lang="en" and formats numbers in the page locale', async () => {
    restore = stubApi(forecastRoutes(fixture)).restore;
    document.documentElement.lang = 'en-GB';
    const element = mount({ ...attrs, lang: 'en-GB' });
    await expect.poll(() => text(element), { timeout: 5000 }).toContain('Highest load expected on');
    expect(text(element)).toMatch(/\(95 % band: up to [\d.,]+/);
    expect(text(element)).toContain(
      'Over the last 4 weeks, the actual load was inside the 95 % band in 93 of 100 hours and inside the 80 % band in 81 of 100.',
    );
    expect(text(element)).toContain('Details: MASE 0.62 (seasonal naive: 1)');
    await shot('forecast-en', element);
  });

  it('warns visibly when the backtest shows the bands too narrow (German and English)', async () => {
    const narrow = forecastFixture();
    const backtest = {
      ...narrow.forecast.backtest,
      coverage: [
        { level: 80, observed: 0.66, widening: 1.4 },
        { level: 95, observed: 0.85, widening: 1.35 },
      ],
    };
    restore = stubApi(forecastRoutes({ ...narrow, forecast: { ...narrow.forecast, backtest } })).restore;
    const element = mount(attrs);
    await expect.poll(() => text(element), { timeout: 5000 }).toContain('Höchste Last');
    const warning = element.shadowRoot?.querySelector('.warning') as HTMLElement;
    expect(warning.textContent).toContain('Bänder zu schmal');
    expect(warning.textContent).toMatch(/um 35\s%/);
    expect(text(element)).toContain('in 85 von 100 Stunden im 95-%-Band');
    // Visible: a coloured box, not a hidden or zero-size note.
    expect(warning.getBoundingClientRect().height).toBeGreaterThan(10);
    expect(getComputedStyle(warning).borderLeftWidth).toBe('4px');
    expect(await axeViolations(element)).toEqual([]);
    await shot('forecast-bands-too-narrow', element);
    element.remove();
    document.documentElement.lang = 'en';
    const english = mount({ ...attrs, lang: 'en' });
    await expect.poll(() => text(english), { timeout: 5000 }).toContain('Highest load');
    expect(english.shadowRoot?.querySelector('.warning')?.textContent).toContain('the bands were too narrow');
  });

  it('is keyboard operable: arrow keys read values, the table opens, ranges switch', async () => {
    restore = stubApi(forecastRoutes(fixture)).restore;
    const element = mount(attrs);
    await expect.poll(() => text(element), { timeout: 5000 }).toContain('Höchste Last');
    const slider = page.getByRole('slider');
    await slider.click();
    await userEvent.keyboard('{End}');
    const chart = element.shadowRoot?.querySelector('[role=slider]') as HTMLElement;
    await expect.poll(() => chart.getAttribute('aria-valuetext')).toContain('95 %');
    await userEvent.keyboard('{PageDown}{ArrowLeft}');
    expect(chart.getAttribute('aria-valuetext')).toMatch(/Prognose \d/);
    await userEvent.keyboard('{Home}');
    await expect.poll(() => chart.getAttribute('aria-valuetext')).toContain('Ist');
    await page.getByRole('button', { name: '7 Tage Verlauf' }).click();
    expect(page.getByRole('button', { name: '7 Tage Verlauf' }).element().getAttribute('aria-pressed')).toBe(
      'true',
    );
    await page.getByText('Als Tabelle anzeigen').click();
    await expect
      .poll(() => element.shadowRoot?.querySelectorAll('tbody tr').length ?? 0)
      .toBeGreaterThan(300);
    expect(await axeViolations(element)).toEqual([]);
    await shot('forecast-cursor-table', element);
  });

  it('shows the values under the pointer on hover', async () => {
    restore = stubApi(forecastRoutes(fixture)).restore;
    const element = mount(attrs);
    await expect.poll(() => text(element), { timeout: 5000 }).toContain('Höchste Last');
    await page.getByRole('slider').hover({ position: { x: 700, y: 150 } });
    const readout = element.shadowRoot?.querySelector('.readout') as HTMLElement;
    await expect.poll(() => readout.textContent).toMatch(/Prognose \d.*80 %: .* – .*95 %/);
    expect(element.shadowRoot?.querySelector('line.cursor')).not.toBeNull();
  });

  it('exports what it shows as CSV', async () => {
    restore = stubApi(forecastRoutes(fixture)).restore;
    const element = mount(attrs);
    await expect.poll(() => text(element), { timeout: 5000 }).toContain('Höchste Last');
    let csv = '';
    const original = URL.createObjectURL;
    URL.createObjectURL = (blob: Blob) => {
      void blob.text().then((t) => {
        csv = t;
      });
      return original.call(URL, blob);
    };
    try {
      await page.getByRole('button', { name: 'CSV herunterladen' }).click();
      await expect.poll(() => csv).toContain('Zeit (UTC);Zeit (Europe/Berlin);Metrik;Einheit;Ist;Mittel');
    } finally {
      URL.createObjectURL = original;
    }
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(1 + 28 * 24 + 14 * 24);
    // German days and decimal commas, four significant digits instead of 17-digit floats
    for (const line of lines.slice(1)) {
      expect(line).toMatch(/^\d\d\.\d\d\.\d{4} \d\d:\d\d;\d\d\.\d\d\.\d{4} \d\d:\d\d;/);
      for (const cell of line.split(';').slice(4)) expect(cell).toMatch(/^(-?\d+(,\d+)?)?$/);
      expect(line).not.toMatch(/\d{6,}/);
    }
  });

  it.each([
    [
      'a problem in words',
      {
        status: 403,
        body: {
          type: '/problems/forbidden',
          title: 'Forbidden',
          status: 403,
          detail: 'this embed token may not be used from https://evil.example',
        },
      },
      'Forbidden',
      'may not be used',
    ],
    [
      'a server error',
      { status: 500, body: { type: 'about:blank', title: 'Internal Server Error', status: 500 } },
      'Internal Server Error',
      'HTTP 500',
    ],
  ])('shows %s', async (_name, route, title, detail) => {
    restore = stubApi({
      ...forecastRoutes(fixture),
      [`/v1/series/${fixture.forecast.seriesId}/forecast`]: route,
    }).restore;
    const element = mount(attrs);
    await expect.poll(() => text(element), { timeout: 5000 }).toContain(title);
    expect(text(element)).toContain(detail);
    expect(element.shadowRoot?.querySelector('[role=alert]')).not.toBeNull();
    expect(await axeViolations(element)).toEqual([]);
    await shot(`forecast-error-${route.status}`, element);
  });

  it.each([
    [
      'too little history',
      {
        [`/v1/series/${fixture.forecast.seriesId}/forecast`]: {
          status: 422,
          body: {
            type: '/problems/insufficient-history',
            title: 'Not enough history',
            status: 422,
            detail: 'needs 2 days',
          },
        },
      },
      'zu wenig Daten',
    ],
    [
      'no series of the metric',
      { '/v1/services/': { body: { ...fixture.service, series: [] } } },
      'keine Metrik „requests_per_second“',
    ],
  ])('shows the empty state for %s', async (_name, routes, message) => {
    restore = stubApi({ ...forecastRoutes(fixture), ...routes }).restore;
    const element = mount(attrs);
    await expect.poll(() => text(element), { timeout: 5000 }).toContain(message);
    expect(await axeViolations(element)).toEqual([]);
  });

  it('says in words when the server cannot be reached (or CORS refuses this page)', async () => {
    const element = mount({ ...attrs, api: 'http://127.0.0.1:9' });
    await expect.poll(() => text(element), { timeout: 10_000 }).toContain('Server nicht erreichbar');
    expect(text(element)).toContain(location.origin);
  });

  it('refreshes without flicker: the chart stays while new data load', async () => {
    restore = stubApi(forecastRoutes(fixture)).restore;
    const element = mount(attrs);
    await expect.poll(() => text(element), { timeout: 5000 }).toContain('Höchste Last');
    restore();
    restore = stubApi(
      Object.fromEntries(
        Object.entries(forecastRoutes(fixture)).map(([k, v]) => [k, { ...(v as object), delayMs: 300 }]),
      ) as never,
    ).restore;
    const reloading = element.reload();
    await element.updateComplete;
    expect(text(element)).toContain('Höchste Last');
    expect(text(element)).not.toContain('Wird geladen');
    await reloading;
  });

  it('never lets a slow answer for earlier inputs overwrite the newer one, and aborts it', async () => {
    const forecastPath = `/v1/series/${fixture.forecast.seriesId}/forecast`;
    const stub = stubApi({
      ...forecastRoutes(fixture),
      [forecastPath]: (url: URL) =>
        url.searchParams.get('horizon') === 'P7D'
          ? { body: { ...fixture.forecast, explanationDe: 'Die neuere Antwort.' } }
          : { body: { ...fixture.forecast, explanationDe: 'Die ältere Antwort.' }, delayMs: 600 },
    });
    restore = stub.restore;
    const element = mount(attrs);
    await expect.poll(() => stub.calls.some((c) => c.startsWith(forecastPath))).toBe(true);
    element.setAttribute('horizon', 'P7D');
    await expect.poll(() => text(element), { timeout: 5000 }).toContain('Die neuere Antwort.');
    await new Promise((r) => setTimeout(r, 900));
    expect(text(element)).toContain('Die neuere Antwort.');
    expect(text(element)).not.toContain('Die ältere Antwort.');
    expect(stub.aborted.some((c) => c.startsWith(forecastPath) && c.includes('horizon=P14D'))).toBe(true);
  });

  it.each([
    ['print', 'light'],
    ['screen', 'dark'],
  ] as const)('renders legibly for %s in a %s scheme (no buttons in print)', async (media, scheme) => {
    restore = stubApi(forecastRoutes(fixture)).restore;
    await commands.emulateMedia(media, scheme);
    try {
      if (scheme === 'dark') {
        document.body.style.background = '#0d1117';
        document.body.style.color = '#e6edf3';
      }
      const element = mount(attrs);
      await expect.poll(() => text(element), { timeout: 5000 }).toContain('Höchste Last');
      const button = element.shadowRoot?.querySelector('button') as HTMLElement;
      expect(getComputedStyle(button).display === 'none').toBe(media === 'print');
      if (scheme === 'dark') expect(await axeViolations(element)).toEqual([]);
      await shot(`forecast-${media}-${scheme}`, element);
    } finally {
      document.body.removeAttribute('style');
      await commands.emulateMedia(null, null);
    }
  });
});
