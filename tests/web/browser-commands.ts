import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { BrowserCommand } from 'vitest/node';
import { financeCommands } from './finance-commands.ts';

declare module 'vitest/browser' {
  interface BrowserCommands {
    /** Creates an embed token for one demo service (by key) that allows `origins`. */
    createEmbedToken(
      serviceKey: string,
      origins: string[],
    ): Promise<{ token: string; tokenId: string; serviceId: string }>;
    /** Creates an embed token for the demo's grant and budget line that allows `origins`. */
    createFinanceEmbedToken(origins: string[]): Promise<{ token: string; grantId: string; budgetId: string }>;
    /** Revokes a token by id. */
    revokeToken(tokenId: string): Promise<void>;
    /** Opens the real dashboard at `/` with a read token in a new tab and walks its main flow. */
    dashboardFlow(readToken: string): Promise<{ home: string; service: string; violations: string[] }>;
    /** With the admin token: opens the service's plan and approves it, then opens the grant. */
    dashboardPlanFlow(): Promise<{
      approved: string;
      grant: string;
      proof: string;
      printed: string;
      onScreen: boolean;
      navPrinted: boolean;
      violations: string[];
    }>;
    /**
     * Signs in (admin token) and opens every dashboard view by its URL in a fresh load, at the
     * viewport size given; per view: the URL, whether its own content appeared, the page text,
     * the page's scroll width, the elements sticking out of the viewport, axe violations.
     */
    dashboardWalk(viewport: { width: number; height: number }, shotPrefix: string): Promise<WalkedView[]>;
    /** The Briefwahl peak as the overview shows it, then the service view's peak sentence. */
    overviewPeak(): Promise<{ overview: { value: string; when: string; text: string }; service: string }>;
    /**
     * The overview with and without infrastructure services, then the Prometheus service's
     * series picker before and after a search.
     */
    metricPicker(): Promise<{
      hidden: string;
      shown: string;
      before: string;
      after: string;
      links: number;
      violations: string[];
    }>;
    /** Clicks through overview → service → plan, reloads, then goes Back and Forward. */
    dashboardHistory(): Promise<{ steps: { action: string; path: string; heading: string }[] }>;
    /**
     * Signs in with a token of one scope (read → viewer, plan → planner, finance → finance, admin)
     * and reports what the dashboard offers that role: nav links, the plan buttons of a service
     * and of a draft plan, and what the audit view says.
     */
    dashboardRole(scope: 'read' | 'plan' | 'finance' | 'admin'): Promise<{
      nav: string[];
      createPlan: boolean;
      approve: boolean;
      audit: string;
      violations: string[];
    }>;
    /**
     * As a planner: computes a new plan in the dashboard, approves it with a comment, reads the
     * approval, withdraws it; returns the texts and the audit entries of the plan.
     */
    dashboardApproveWithdraw(): Promise<{
      approved: string;
      withdrawn: string;
      actions: string[];
      path: string;
    }>;
    /**
     * As a planner: records an event in the dashboard's form (a wrong uplift first), lands on its
     * page, changes it there; returns the page texts and the event as the API stores it.
     */
    dashboardEventEdit(): Promise<{
      refused: string;
      created: string;
      edited: string;
      path: string;
      stored: { name: string; startsAt: string; endsAt: string; expectedUplift: string | null };
      violations: string[];
    }>;
    /** As a planner: changes the Briefwahl service's owner and cost centre on its page (then restores them). */
    dashboardServiceEdit(): Promise<{
      edited: string;
      stored: { name: string; owner: string; costCentre: string };
      violations: string[];
    }>;
    /** Switches the dashboard to English and back; reports the texts and the stored choice after a reload. */
    dashboardLanguage(): Promise<{
      english: string;
      afterReload: string;
      stored: string | null;
      german: string;
    }>;
    /** Emulates print media and/or a colour scheme for the test page (null resets). */
    emulateMedia(media: 'print' | 'screen' | null, colorScheme: 'light' | 'dark' | null): Promise<void>;
    /** Opens `/embed-examples` of the real server; returns its text and axe violations. */
    embedExamples(): Promise<{ text: string; violations: string[] }>;
  }
}

export interface WalkedView {
  name: string;
  path: string;
  finalPath: string;
  found: boolean;
  text: string;
  scrollWidth: number;
  viewportWidth: number;
  wide: string[];
  violations: string[];
}

export function server(): { url: string; admin: string } {
  const url = process.env.LASTPLAN_WEB_TEST_URL;
  const admin = process.env.LASTPLAN_WEB_TEST_ADMIN;
  if (!url || !admin) throw new Error('the lastplan test server is not running (global-setup.ts)');
  return { url, admin };
}

export async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const { url, admin } = server();
  const response = await fetch(`${url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

// Node-side helpers the browser tests call: creating tokens needs the admin token, which never
// enters the page, and a POST across origins would (rightly) be refused by CORS.
const createEmbedToken: BrowserCommand<[string, string[]]> = async (_context, serviceKey, origins) => {
  const services = await call<{ items: { id: string; key: string }[] }>('/v1/services?limit=100');
  const service = services.items.find((s) => s.key === serviceKey);
  if (!service) throw new Error(`no demo service ${serviceKey}`);
  const created = await call<{ token: string; id: string }>('/v1/tokens', {
    method: 'POST',
    body: JSON.stringify({
      name: `browser test ${serviceKey}`,
      kind: 'embed',
      resources: [`service:${service.id}`],
      allowedOrigins: origins,
      expiresIn: '1d',
    }),
  });
  return { token: created.token, tokenId: created.id, serviceId: service.id };
};

const createFinanceEmbedToken: BrowserCommand<[string[]]> = async (_context, origins) => {
  const grants = await call<{ items: { id: string }[] }>('/v1/grants');
  const budgets = await call<{ items: { id: string }[] }>('/v1/budgets');
  const grantId = grants.items[0]?.id;
  const budgetId = budgets.items[0]?.id;
  if (!grantId || !budgetId) throw new Error('the demo has no grant or budget line');
  const created = await call<{ token: string }>('/v1/tokens', {
    method: 'POST',
    body: JSON.stringify({
      name: 'browser test Kämmerei',
      kind: 'embed',
      resources: [`grant:${grantId}`, `budget:${budgetId}`],
      allowedOrigins: origins,
      expiresIn: '1d',
    }),
  });
  return { token: created.token, grantId, budgetId };
};

const revokeToken: BrowserCommand<[string]> = async (_context, tokenId) => {
  await call(`/v1/tokens/${tokenId}/revoke`, { method: 'POST', body: '{}' });
};

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
export const shots = new URL('../../.tmp/screenshots/', import.meta.url).pathname;

export type PlaywrightPage = import('playwright').Page;

export async function axeOn(page: PlaywrightPage): Promise<string[]> {
  // evaluate() is not bound by the page's CSP (which rightly forbids injected script tags).
  await page.evaluate(await readFile(axePath, 'utf8'));
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: typeof import('axe-core') }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map(
      (v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  });
}

function playwrightContext(context: unknown): import('playwright').BrowserContext {
  const ctx = (context as { context?: import('playwright').BrowserContext }).context;
  if (!ctx) throw new Error('these commands need the playwright provider');
  return ctx;
}

/**
 * Text of the page including open shadow roots (innerText stops at them). `withoutEnglish` leaves
 * out what is marked `lang="en"` (the server's own words quoted beside a German message).
 */
export function deepText(page: PlaywrightPage, withoutEnglish = false): Promise<string> {
  return page.evaluate((skipEnglish) => {
    const walk = (node: Node): string => {
      if (skipEnglish && node instanceof Element && node.getAttribute('lang')?.startsWith('en')) return '';
      const own = node instanceof Element && node.shadowRoot ? walk(node.shadowRoot) : '';
      if (node.nodeType === Node.TEXT_NODE) return ` ${node.textContent ?? ''}`;
      return own + [...node.childNodes].map(walk).join('');
    };
    return walk(document.body).replace(/\s+/g, ' ');
  }, withoutEnglish);
}

const dashboardFlow: BrowserCommand<[string]> = async (context, readToken) => {
  const page = await playwrightContext(context).newPage();
  try {
    await page.goto(`${server().url}/#token=${readToken}`);
    const services = page.locator('lastplan-overview');
    await services.getByRole('link', { name: 'Online-Wahlschein (Briefwahl)' }).waitFor();
    await page
      .locator('lastplan-dashboard')
      .getByRole('cell', { name: 'Bundestagswahl', exact: true })
      .waitFor();
    const home = await deepText(page);
    const homeViolations = await axeOn(page);
    await page.screenshot({ path: `${shots}dashboard-home.png`, fullPage: true });
    await services.getByRole('link', { name: 'Online-Wahlschein (Briefwahl)' }).click();
    await page.locator('lastplan-forecast').getByText('Höchste Last erwartet').waitFor({ timeout: 30_000 });
    const service = await deepText(page);
    const serviceViolations = await axeOn(page);
    await page.screenshot({ path: `${shots}dashboard-service.png`, fullPage: true });
    return { home, service, violations: [...homeViolations, ...serviceViolations] };
  } finally {
    await page.close();
  }
};

const embedExamples: BrowserCommand<[]> = async (context) => {
  const page = await playwrightContext(context).newPage();
  try {
    await page.goto(`${server().url}/embed-examples`);
    const text = (await page.locator('main').textContent()) ?? '';
    const violations = await axeOn(page);
    await page.screenshot({ path: `${shots}embed-examples.png`, fullPage: true });
    return { text, violations };
  } finally {
    await page.close();
  }
};

const dashboardPlanFlow: BrowserCommand<[]> = async (context) => {
  const page = await playwrightContext(context).newPage();
  try {
    await page.goto(`${server().url}/#token=${server().admin}`);
    const dashboard = page.locator('lastplan-dashboard');
    await dashboard.getByRole('link', { name: 'Online-Wahlschein (Briefwahl)' }).click();
    await dashboard.getByRole('link', { name: 'Skalierungsplan, Version 1' }).click();
    await dashboard.getByRole('button', { name: 'Plan freigeben' }).click();
    await dashboard.getByRole('button', { name: 'Jetzt freigeben' }).click();
    await dashboard.getByText('Freigegeben von').waitFor({ timeout: 30_000 });
    const approved = await deepText(page);
    const violations = await axeOn(page);
    await page.screenshot({ path: `${shots}dashboard-plan-approved.png`, fullPage: true });
    // Printed, the page says whose plan it is, when and by whom it was printed; on screen it does not.
    const printedLine = dashboard.locator('.printed');
    const onScreen = await printedLine.isVisible();
    await page.emulateMedia({ media: 'print' });
    const printed = (await printedLine.isVisible()) ? ((await printedLine.textContent()) ?? '') : '';
    const navPrinted = await dashboard.locator('nav').isVisible();
    await page.screenshot({ path: `${shots}dashboard-plan-print.png`, fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await dashboard.getByRole('link', { name: /Zurück/ }).click();
    await dashboard.getByRole('link', { name: /Zurück/ }).click();
    await dashboard.getByRole('link', { name: 'Digitalisierung Kommunal 2026-2027' }).click();
    await dashboard.getByText('Fördersumme').waitFor({ timeout: 30_000 });
    const grant = await deepText(page);
    violations.push(...(await axeOn(page)));
    await page.screenshot({ path: `${shots}dashboard-grant.png`, fullPage: true });
    // The proof of use opens in a tab of its own, signed in by the session's cookie.
    const [popup] = await Promise.all([
      page.context().waitForEvent('page'),
      dashboard.getByRole('link', { name: 'Verwendungsnachweis öffnen (druckbar)' }).click(),
    ]);
    await popup.waitForLoadState();
    const proof = (await popup.locator('body').textContent()) ?? '';
    await popup.screenshot({ path: `${shots}dashboard-proof-of-use.png`, fullPage: true });
    await popup.close();
    return { approved, grant, proof, printed, onScreen, navPrinted, violations };
  } finally {
    await page.close();
  }
};

async function signedInPage(context: unknown, viewport?: { width: number; height: number }) {
  const page = await playwrightContext(context).newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(`${server().url}/#token=${server().admin}`);
  await page
    .locator('lastplan-overview')
    .getByRole('link', { name: 'Online-Wahlschein (Briefwahl)' })
    .waitFor();
  return page;
}

const overviewPeak: BrowserCommand<[]> = async (context) => {
  const page = await signedInPage(context);
  try {
    const row = page.locator('lastplan-overview tr', { hasText: 'Online-Wahlschein (Briefwahl)' });
    await row.locator('.peak-value').waitFor({ timeout: 60_000 });
    const overview = {
      value: (await row.locator('.peak-value').textContent()) ?? '',
      when: (await row.locator('.peak-when').textContent()) ?? '',
      text: (await row.textContent())?.replace(/\s+/g, ' ') ?? '',
    };
    await page.screenshot({ path: `${shots}overview-1280.png`, fullPage: true });
    await row.getByRole('link', { name: 'Online-Wahlschein (Briefwahl)' }).click();
    const sentence = page.locator('lastplan-forecast').getByText('Höchste Last erwartet am');
    await sentence.waitFor({ timeout: 60_000 });
    return { overview, service: (await sentence.textContent()) ?? '' };
  } finally {
    await page.close();
  }
};

/** The dashboard's views with a URL each, the ids taken from the test server's seed. */
async function dashboardViews(): Promise<{ name: string; path: string; expect: string }[]> {
  const services = await call<{ items: { id: string; key: string }[] }>('/v1/services');
  const briefwahl = services.items.find((s) => s.key === 'briefwahl');
  if (!briefwahl) throw new Error('no briefwahl service');
  const detail = await call<{ series: { id: string }[] }>(`/v1/services/${briefwahl.id}`);
  const plans = await call<{ items: { id: string }[] }>(`/v1/plans?serviceId=${briefwahl.id}`);
  const grants = await call<{ items: { id: string }[] }>('/v1/grants');
  const budgets = await call<{ items: { id: string }[] }>('/v1/budgets');
  const events = await call<{ items: { id: string }[] }>('/v1/events');
  return [
    { name: 'overview', path: '/', expect: 'Kfz-Zulassung' },
    { name: 'service', path: `/services/${briefwahl.id}`, expect: 'Höchste Last erwartet' },
    {
      name: 'series',
      path: `/services/${briefwahl.id}/series/${detail.series[0]?.id}`,
      expect: 'Höchste Last erwartet',
    },
    { name: 'plan', path: `/plans/${plans.items.at(-1)?.id}`, expect: 'Skalierungsplan, Version 1' },
    { name: 'grant', path: `/grants/${grants.items[0]?.id}`, expect: 'Fördersumme' },
    { name: 'budget', path: `/budgets/${budgets.items[0]?.id}`, expect: 'Haushaltsstelle' },
    { name: 'events', path: '/events', expect: 'Bundestagswahl' },
    { name: 'event', path: `/events/${events.items[0]?.id}`, expect: 'Zurück zu den Ereignissen' },
    { name: 'settings', path: '/settings', expect: 'Zeitzone' },
    { name: 'audit', path: '/audit', expect: 'Protokoll der Änderungen' },
    { name: 'imports', path: '/imports', expect: 'Bisher importierte Abrechnungszeiträume' },
    { name: 'rates', path: '/exchange-rates', expect: 'Eingebaute EZB-Referenzkurse' },
  ];
}

/** Elements (through open shadow roots) whose right edge lies beyond the viewport. */
export function wideElements(page: PlaywrightPage): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const limit = document.documentElement.clientWidth + 1;
    // What scrolls inside a box that fits (a table in its card) does not widen the page.
    const scrolls = (el: Element) => /auto|scroll/.test(getComputedStyle(el).overflowX);
    const inScroller = (el: Element): boolean => {
      for (let n: Element | null = el.parentElement ?? (el.getRootNode() as ShadowRoot).host ?? null; n; ) {
        if (scrolls(n)) return true;
        n = n.parentElement ?? ((n.getRootNode() as ShadowRoot).host as Element | undefined) ?? null;
      }
      return false;
    };
    const walk = (root: Element | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        const box = el.getBoundingClientRect();
        if (box.width > 0 && box.right > limit && out.length < 20 && !inScroller(el)) {
          out.push(
            `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''} right=${Math.round(box.right)}`,
          );
        }
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document.documentElement);
    return out;
  });
}

const dashboardWalk: BrowserCommand<[{ width: number; height: number }, string]> = async (
  context,
  viewport,
  shotPrefix,
) => {
  const page = await signedInPage(context, viewport);
  const walked: WalkedView[] = [];
  try {
    for (const view of await dashboardViews()) {
      await page.goto(`${server().url}${view.path}`);
      const found = await page
        .locator('lastplan-dashboard')
        .getByText(view.expect)
        .first()
        .waitFor({ timeout: 30_000 })
        .then(() => true)
        .catch(() => false);
      // Let charts and lists that load after the view's own content settle.
      await page.waitForLoadState('networkidle');
      const { scrollWidth, viewportWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        viewportWidth: window.innerWidth,
      }));
      await page.screenshot({ path: `${shots}${shotPrefix}-${view.name}.png`, fullPage: true });
      walked.push({
        ...view,
        finalPath: new URL(page.url()).pathname,
        found,
        text: await deepText(page, true),
        scrollWidth,
        viewportWidth,
        wide: await wideElements(page),
        violations: await axeOn(page),
      });
    }
    return walked;
  } finally {
    await page.close();
  }
};

const metricPicker: BrowserCommand<[]> = async (context) => {
  const page = await signedInPage(context);
  try {
    const overview = page.locator('lastplan-overview');
    const services = overview.locator('[part=services]');
    const toggle = overview.getByRole('button', { name: /Infrastruktur-Dienste zeigen/ });
    await toggle.waitFor();
    const hidden = (await services.textContent()) ?? '';
    await toggle.click();
    await services.getByRole('link', { name: 'prometheus' }).waitFor();
    const shown = (await services.textContent()) ?? '';
    await services.getByRole('link', { name: 'prometheus' }).click();
    const picker = page.locator('lastplan-dashboard .picker');
    await picker.waitFor({ timeout: 30_000 });
    const before = (await picker.getByRole('status').textContent()) ?? '';
    await picker.getByLabel('Metrik suchen').fill('gc 0.75');
    await picker
      .getByRole('status')
      .getByText(/^1 von/)
      .waitFor();
    const after = (await picker.getByRole('status').textContent()) ?? '';
    const links = await picker.getByRole('link').count();
    const violations = await axeOn(page);
    await page.screenshot({ path: `${shots}dashboard-metric-picker.png`, fullPage: true });
    return { hidden, shown, before, after, links, violations };
  } finally {
    await page.close();
  }
};

const dashboardHistory: BrowserCommand<[]> = async (context) => {
  const page = await signedInPage(context);
  const steps: { action: string; path: string; heading: string }[] = [];
  const dashboard = page.locator('lastplan-dashboard');
  const note = async (action: string, heading: string) => {
    await dashboard.getByRole('heading', { name: heading }).first().waitFor({ timeout: 30_000 });
    steps.push({ action, path: new URL(page.url()).pathname, heading });
  };
  try {
    await dashboard.getByRole('link', { name: 'Online-Wahlschein (Briefwahl)' }).click();
    await note('open service', 'Online-Wahlschein (Briefwahl)');
    await dashboard.getByRole('link', { name: 'Skalierungsplan, Version 1' }).click();
    await note('open plan', 'Skalierungsplan, Version 1');
    await page.reload();
    await note('reload', 'Skalierungsplan, Version 1');
    await page.goBack();
    await note('back', 'Online-Wahlschein (Briefwahl)');
    await page.goBack();
    await note('back', 'Dienste');
    await page.goForward();
    await note('forward', 'Online-Wahlschein (Briefwahl)');
    return { steps };
  } finally {
    await page.close();
  }
};

/** A token of one scope for the test tenant (made with the admin token). */
export async function scopeToken(scope: string): Promise<string> {
  const created = await call<{ token: string }>('/v1/tokens', {
    method: 'POST',
    body: JSON.stringify({ name: `browser test ${scope}`, kind: 'api', scopes: [scope], expiresIn: '1d' }),
  });
  return created.token;
}

export async function signedInAs(context: unknown, token: string) {
  const page = await playwrightContext(context).newPage();
  await page.goto(`${server().url}/#token=${token}`);
  await page
    .locator('lastplan-overview')
    .getByRole('link', { name: 'Online-Wahlschein (Briefwahl)' })
    .waitFor({ timeout: 30_000 });
  return page;
}

const dashboardRole: BrowserCommand<['read' | 'plan' | 'finance' | 'admin']> = async (context, scope) => {
  const page = await signedInAs(context, scope === 'admin' ? server().admin : await scopeToken(scope));
  const dashboard = page.locator('lastplan-dashboard');
  try {
    const nav = await dashboard.getByRole('navigation').getByRole('link').allTextContents();
    await dashboard.getByRole('link', { name: 'Online-Wahlschein (Briefwahl)' }).first().click();
    await dashboard.getByRole('heading', { name: 'Skalierungspläne' }).waitFor({ timeout: 30_000 });
    await dashboard
      .getByRole('link', { name: /Skalierungsplan, Version/ })
      .first()
      .waitFor();
    const createPlan = (await dashboard.getByRole('button', { name: /Neuen Plan/ }).count()) > 0;
    const services = await call<{ items: { id: string; key: string }[] }>('/v1/services?limit=100');
    const briefwahl = services.items.find((x) => x.key === 'briefwahl');
    // A draft of its own: other browser tests on the same server approve Briefwahl's plans.
    const draft = await call<{ id: string }>('/v1/plans', {
      method: 'POST',
      body: JSON.stringify({ serviceId: briefwahl?.id, horizon: 'P14D' }),
    });
    await page.goto(`${server().url}/plans/${draft.id}`);
    await dashboard
      .locator('lastplan-scale-plan')
      .getByRole('heading', { name: /Skalierungsplan, Version/ })
      .waitFor({ timeout: 30_000 });
    // The button appears once the plan has rendered for this role; a role without it waits 5 s.
    const approveButton = dashboard.getByRole('button', { name: /Plan freigeben/ });
    await approveButton
      .first()
      .waitFor({ timeout: 5_000 })
      .catch(() => undefined);
    const approve = (await approveButton.count()) > 0;
    await page.goto(`${server().url}/audit`);
    const view = dashboard.locator('lastplan-view-audit');
    await view.getByRole('heading').first().waitFor({ timeout: 30_000 });
    if (scope === 'admin') await view.getByRole('table').waitFor({ timeout: 30_000 });
    const audit = ((await view.locator('section').first().textContent()) ?? '').replace(/\s+/g, ' ');
    const violations = await axeOn(page);
    await page.screenshot({ path: `${shots}dashboard-role-${scope}-audit.png`, fullPage: true });
    return { nav, createPlan, approve, audit, violations };
  } finally {
    await page.close();
  }
};

const dashboardApproveWithdraw: BrowserCommand<[]> = async (context) => {
  const page = await signedInAs(context, await scopeToken('plan'));
  const dashboard = page.locator('lastplan-dashboard');
  try {
    await dashboard.getByRole('link', { name: 'Online-Wahlschein (Briefwahl)' }).first().click();
    await dashboard.getByRole('button', { name: /Neuen Plan/ }).click();
    const plan = dashboard.locator('lastplan-scale-plan');
    await plan.getByRole('button', { name: 'Plan freigeben' }).click({ timeout: 60_000 });
    await plan.getByLabel('Kommentar (freiwillig)').fill('Vorbehaltlich Haushaltsbeschluss');
    await plan.getByRole('button', { name: 'Jetzt freigeben' }).click();
    await plan.getByText('Kommentar: Vorbehaltlich Haushaltsbeschluss').waitFor({ timeout: 30_000 });
    const approved = ((await plan.locator('header').textContent()) ?? '').replace(/\s+/g, ' ');
    await page.screenshot({ path: `${shots}dashboard-plan-comment.png`, fullPage: true });
    await plan.getByRole('button', { name: 'Freigabe zurückziehen' }).click();
    await plan.getByRole('button', { name: 'Jetzt zurückziehen' }).click();
    await plan.getByRole('button', { name: 'Plan freigeben' }).waitFor({ timeout: 30_000 });
    const withdrawn = ((await plan.locator('header').textContent()) ?? '').replace(/\s+/g, ' ');
    const path = new URL(page.url()).pathname;
    const id = path.split('/').at(-1);
    const audit = await call<{ items: { action: string }[] }>(`/v1/audit?resource=plan:${id}`);
    return { approved, withdrawn, actions: audit.items.map((e) => e.action), path };
  } finally {
    await page.close();
  }
};

const dashboardEventEdit: BrowserCommand<[]> = async (context) => {
  const page = await signedInAs(context, await scopeToken('plan'));
  const dashboard = page.locator('lastplan-dashboard');
  const text = async () => (await deepText(page)).replace(/\s+/g, ' ');
  try {
    await dashboard.getByRole('link', { name: 'Ereignisse' }).first().click();
    const form = dashboard.locator('lastplan-event-form');
    await form.getByLabel(/^Art/).selectOption('election');
    await form.getByLabel(/^Name/).fill('Bürgerentscheid Freibad');
    await form.getByLabel(/^Beginn/).fill('2027-03-14T08:00');
    await form.getByLabel(/^Ende/).fill('2027-03-14T18:00');
    await form.getByLabel(/Mehrlast/).fill('viel');
    await form.getByRole('button', { name: 'Ereignis anlegen' }).click();
    const refused = (await form.getByRole('alert').textContent()) ?? '';
    await form.getByLabel(/Mehrlast/).fill('120');
    await form.getByRole('button', { name: 'Ereignis anlegen' }).click();
    await dashboard.getByRole('heading', { name: 'Bürgerentscheid Freibad' }).waitFor({ timeout: 30_000 });
    const path = new URL(page.url()).pathname;
    const created = await text();
    const edit = dashboard.locator('lastplan-event-form');
    await edit.getByLabel(/^Name/).fill('Bürgerentscheid Freibad (Stichwahl)');
    await edit.getByLabel(/Mehrlast/).fill('80');
    await edit.getByRole('button', { name: 'Änderungen speichern' }).click();
    await dashboard
      .getByRole('heading', { name: 'Bürgerentscheid Freibad (Stichwahl)' })
      .waitFor({ timeout: 30_000 });
    await dashboard.getByText('Gespeichert.').waitFor({ timeout: 30_000 });
    const edited = await text();
    const violations = await axeOn(page);
    await page.screenshot({ path: `${shots}dashboard-event-edit.png`, fullPage: true });
    const stored = await call<{
      name: string;
      startsAt: string;
      endsAt: string;
      expectedUplift: string | null;
    }>(`/v1/events/${path.split('/').at(-1)}`);
    return { refused, created, edited, path, stored, violations };
  } finally {
    await page.close();
  }
};

const dashboardServiceEdit: BrowserCommand<[]> = async (context) => {
  const page = await signedInAs(context, await scopeToken('plan'));
  const dashboard = page.locator('lastplan-dashboard');
  let id = '';
  let before: { owner: string; costCentre: string } | undefined;
  try {
    await dashboard.getByRole('link', { name: 'Online-Wahlschein (Briefwahl)' }).first().click();
    await dashboard.getByText('Angaben zum Dienst ändern').click();
    id = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    before = await call<{ owner: string; costCentre: string }>(`/v1/services/${id}`);
    const form = dashboard.locator('lastplan-service-form');
    await form.getByLabel(/^Verantwortlich/).fill('Wahlamt, Frau Beispiel');
    await form.getByLabel(/^Kostenstelle/).fill('4711-20');
    await form.getByRole('button', { name: 'Angaben speichern' }).click();
    await dashboard.getByText('Wahlamt, Frau Beispiel').waitFor({ timeout: 30_000 });
    const edited = (await deepText(page)).replace(/\s+/g, ' ');
    const violations = await axeOn(page);
    const stored = await call<{ name: string; owner: string; costCentre: string }>(`/v1/services/${id}`);
    return {
      edited,
      stored: { name: stored.name, owner: stored.owner, costCentre: stored.costCentre },
      violations,
    };
  } finally {
    if (id && before) {
      await call(`/v1/services/${id}`, {
        method: 'PATCH',
        body: JSON.stringify({ owner: before.owner, costCentre: before.costCentre }),
      });
    }
    await page.close();
  }
};

const dashboardLanguage: BrowserCommand<[]> = async (context) => {
  const page = await signedInPage(context);
  const dashboard = page.locator('lastplan-dashboard');
  try {
    await dashboard.getByRole('button', { name: 'Sprache: English' }).click();
    await dashboard.getByRole('link', { name: 'Events', exact: true }).waitFor({ timeout: 30_000 });
    const english = await deepText(page);
    await page.reload();
    await page
      .locator('lastplan-overview')
      .getByRole('heading', { name: 'Services' })
      .waitFor({ timeout: 30_000 });
    const afterReload = await deepText(page);
    const stored = await page.evaluate(() => localStorage.getItem('lastplan-lang'));
    await page.screenshot({ path: `${shots}dashboard-english.png`, fullPage: true });
    await dashboard.getByRole('button', { name: 'Language: Deutsch' }).click();
    await dashboard.getByRole('link', { name: 'Ereignisse', exact: true }).waitFor({ timeout: 30_000 });
    const german = await deepText(page);
    return { english, afterReload, stored, german };
  } finally {
    await page.close();
  }
};

const emulateMedia: BrowserCommand<['print' | 'screen' | null, 'light' | 'dark' | null]> = async (
  context,
  media,
  colorScheme,
) => {
  const page = (context as unknown as { page: PlaywrightPage }).page;
  await page.emulateMedia({ media, colorScheme });
};

export const browserCommands = {
  createEmbedToken,
  createFinanceEmbedToken,
  dashboardFlow,
  dashboardApproveWithdraw,
  dashboardEventEdit,
  dashboardServiceEdit,
  dashboardHistory,
  dashboardLanguage,
  dashboardPlanFlow,
  dashboardRole,
  dashboardWalk,
  embedExamples,
  emulateMedia,
  metricPicker,
  overviewPeak,
  revokeToken,
  ...financeCommands,
};
