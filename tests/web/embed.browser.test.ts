import { describe, expect, inject, it } from 'vitest';
import { commands } from 'vitest/browser';
import { axeViolations } from './axe-check.ts';
import { shot } from './shot.ts';

// This page (the Vitest origin, http://localhost:…) is the intranet host page; the lastplan server
// runs on another origin (http://127.0.0.1:…). The widgets come from the server's /widgets.js,
// exactly as the embed example tells an editor, not from the sources.
const { url } = inject('lastplan');
document.documentElement.lang = 'de';
const text = (element: Element) => element.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';

describe('embedding on another origin against the real server', () => {
  it('loads /widgets.js twice without harm and defines every widget, and nothing of the dashboard', async () => {
    await import(/* @vite-ignore */ `${url}/widgets.js`);
    await import(/* @vite-ignore */ `${url}/widgets.js?again`);
    const widgets = ['forecast', 'services', 'overview', 'scale-plan', 'cost-compare', 'grant', 'budget'];
    for (const tag of widgets.map((name) => `lastplan-${name}`)) {
      expect(customElements.get(tag), tag).toBeDefined();
    }
    expect(customElements.get('lastplan-dashboard')).toBeUndefined();
  });

  it('shows a live forecast with an embed token that allows this origin', async () => {
    const { token, serviceId } = await commands.createEmbedToken('briefwahl', [location.origin]);
    document.body.innerHTML = `<main><h1>Intranet Wahlamt</h1>
      <lastplan-forecast api="${url}" token="${token}" service="${serviceId}" horizon="P7D" history-days="14"></lastplan-forecast></main>`;
    const element = document.querySelector('lastplan-forecast') as Element;
    await expect.poll(() => text(element), { timeout: 30_000 }).toContain('Höchste Last erwartet am');
    expect(element.shadowRoot?.querySelector('path.history')?.getAttribute('d')).toMatch(/^M/);
    expect(await axeViolations(document)).toEqual([]);
    await shot('embed-live', element);
  });

  it.each([
    ['a token for another origin', 'https://intranet.example.de'],
    ['a token for another service', undefined],
  ])('shows a clear error state, not a blank box, for %s', async (_name, origin) => {
    const { token, serviceId } = await commands.createEmbedToken(origin ? 'briefwahl' : 'kfz-zulassung', [
      origin ?? location.origin,
    ]);
    const other = origin
      ? serviceId
      : (await commands.createEmbedToken('briefwahl', [location.origin])).serviceId;
    document.body.innerHTML = `<lastplan-forecast api="${url}" token="${token}" service="${other}"></lastplan-forecast>`;
    const element = document.querySelector('lastplan-forecast') as Element;
    await expect
      .poll(() => element.shadowRoot?.querySelector('[role=alert]'), { timeout: 15_000 })
      .toBeTruthy();
    expect(text(element)).toContain(origin ? 'Diese Seite ist nicht freigegeben' : 'Not found');
    expect(await axeViolations(element)).toEqual([]);
    await shot(`embed-error-${origin ? 'origin' : 'resource'}`, element);
  });

  it('shows the grant and the budget line to an intranet page whose embed token names just them', async () => {
    const { token, grantId, budgetId } = await commands.createFinanceEmbedToken([location.origin]);
    document.body.innerHTML = `<main><h1>Intranet Kämmerei</h1>
      <lastplan-grant api="${url}" token="${token}" grant="${grantId}"></lastplan-grant>
      <lastplan-budget api="${url}" token="${token}" budget="${budgetId}"></lastplan-budget></main>`;
    const grant = document.querySelector('lastplan-grant') as Element;
    const budget = document.querySelector('lastplan-budget') as Element;
    await expect.poll(() => text(grant), { timeout: 30_000 }).toContain('Digitalisierung Kommunal 2026-2027');
    // The demo books no costs on its budget line: the widget says so (it read the line and its status).
    await expect.poll(() => text(budget), { timeout: 30_000 }).toContain('Haushaltsstelle');
    expect(grant.shadowRoot?.querySelector('[role=alert]')).toBeNull();
    expect(budget.shadowRoot?.querySelector('[role=alert]')).toBeNull();
    expect(await axeViolations(document)).toEqual([]);
    await shot('embed-finance', document.body);
  });

  it("gives a page the token is not made for the server's reason, in words", async () => {
    const { token, grantId } = await commands.createFinanceEmbedToken(['https://intranet.example.de']);
    document.body.innerHTML = `<lastplan-grant api="${url}" token="${token}" grant="${grantId}"></lastplan-grant>`;
    const element = document.querySelector('lastplan-grant') as Element;
    await expect
      .poll(() => element.shadowRoot?.querySelector('[role=alert]'), { timeout: 15_000 })
      .toBeTruthy();
    expect(text(element)).toContain('Diese Seite ist nicht freigegeben');
    expect(text(element)).toContain(`this embed token may not be used from ${location.origin}`);
  });

  it('shows the refusal in words when the embed token was revoked', async () => {
    const { token, tokenId, serviceId } = await commands.createEmbedToken('briefwahl', [location.origin]);
    await commands.revokeToken(tokenId);
    document.body.innerHTML = `<lastplan-forecast api="${url}" token="${token}" service="${serviceId}"></lastplan-forecast>`;
    const element = document.querySelector('lastplan-forecast') as Element;
    await expect
      .poll(() => element.shadowRoot?.querySelector('[role=alert]'), { timeout: 15_000 })
      .toBeTruthy();
    expect(text(element)).toContain('abgelaufen oder widerrufen');
  });
});

describe('the real dashboard and embed page', () => {
  it('signs in from a #token= link, lists services, opens one and shows its forecast', async () => {
    const { readToken } = inject('lastplan');
    const result = await commands.dashboardFlow(readToken);
    expect(result.home).toContain('Kfz-Zulassung');
    expect(result.home).toContain('Bundestagswahl');
    expect(result.home).toContain('Fördermittel sieht nur ein Token mit dem Recht „finance“.');
    expect(result.service).toContain('Höchste Last erwartet');
    expect(result.violations).toEqual([]);
  });

  it('opens a plan and approves it, then opens a grant and its printable proof of use (admin token)', async () => {
    const result = await commands.dashboardPlanFlow();
    expect(result.approved).toContain('Freigegeben von');
    expect(result.onScreen).toBe(false);
    expect(result.navPrinted).toBe(false);
    expect(result.printed).toMatch(/^lastplan · Teststadt · gedruckt am .*\d{4}, \d{2}:\d{2} von \S/);
    expect(result.grant).toContain('Digitalisierung Kommunal 2026-2027');
    expect(result.grant).toContain('Fördersumme');
    expect(result.proof).toContain('Verwendungsnachweis – zahlenmäßiger Nachweis');
    expect(result.proof).toContain('Ausgaben nach Kostenkategorie');
    expect(result.violations).toEqual([]);
  });

  it('serves /embed-examples with this server in the snippet', async () => {
    const result = await commands.embedExamples();
    expect(result.text).toContain(`<script type="module" src="${url}/widgets.js"></script>`);
    expect(result.text).toMatch(new RegExp(`${url}/widgets-[0-9a-f]{12}\\.js`));
    expect(result.violations).toEqual([]);
  });
});
