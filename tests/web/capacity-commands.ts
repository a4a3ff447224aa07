import type { BrowserCommand } from 'vitest/node';
import {
  axeOn,
  call,
  deepText,
  scopeToken,
  server,
  shots,
  signedInAs,
  wideElements,
} from './browser-commands.ts';
import { officeLoad } from './office-load.ts';

declare module 'vitest/browser' {
  interface BrowserCommands {
    /**
     * A service that only ingested samples: as a planner at the viewport given, tries a plan (refused
     * for want of a model), opens the capacity form from that message, submits wrong values, creates
     * the model, changes it, and computes a plan. Returns the page texts along the way.
     */
    capacityFlow(
      key: string,
      viewport: { width: number; height: number },
    ): Promise<{
      missing: string;
      planRefused: string;
      invalid: string;
      created: string;
      createdModel: Record<string, unknown>;
      edited: string;
      editedModel: Record<string, unknown>;
      plan: string;
      planPath: string;
      scrollWidth: number;
      viewportWidth: number;
      wide: string[];
      violations: string[];
    }>;
    /** As a viewer: the service's capacity model (read-only) and whether any form or button offers a change. */
    capacityAsViewer(
      key: string,
    ): Promise<{ text: string; buttons: string[]; forms: number; violations: string[] }>;
  }
}

/** A service that exists only because samples arrived: eight weeks of hourly requests and CPU. */
async function ingestOnlyService(key: string): Promise<string> {
  const points = officeLoad(90, 20, 5);
  await call('/v1/metrics', {
    method: 'POST',
    body: JSON.stringify({
      series: [
        { service: key, metric: 'requests_per_second', unit: '1/s', points },
        { service: key, metric: 'process_cpu_seconds_total', unit: 's', points },
      ],
    }),
  });
  const services = await call<{ items: { id: string; key: string }[] }>('/v1/services?limit=100');
  const id = services.items.find((s) => s.key === key)?.id;
  if (!id) throw new Error(`no service ${key} after ingesting`);
  return id;
}

const capacityFlow: BrowserCommand<[string, { width: number; height: number }]> = async (
  context,
  key,
  viewport,
) => {
  const id = await ingestOnlyService(key);
  const page = await signedInAs(context, await scopeToken('plan'));
  const dashboard = page.locator('lastplan-dashboard');
  const card = dashboard.locator('lastplan-capacity');
  const form = card.locator('lastplan-capacity-form');
  const text = async () => (await deepText(page, true)).replace(/\s+/g, ' ');
  const prefix = `capacity-${viewport.width}`;
  try {
    await page.setViewportSize(viewport);
    await page.goto(`${server().url}/services/${id}`);
    await card.getByText('Noch kein Kapazitätsmodell').waitFor({ timeout: 30_000 });
    const missing = await text();
    const violations = await axeOn(page);
    await page.screenshot({ path: `${shots}${prefix}-missing.png`, fullPage: true });

    await dashboard.getByRole('button', { name: /Neuen Plan/ }).click();
    const refusal = dashboard.getByText(/fehlt noch ein Kapazitätsmodell/);
    await refusal.waitFor({ timeout: 60_000 });
    const planRefused = await text();
    await dashboard.getByRole('button', { name: 'Zum Kapazitätsmodell' }).click();

    await form.getByLabel(/^Kapazität je Instanz/).fill('viel');
    await form.getByLabel(/^Höchstens Instanzen/).fill('0');
    await form.getByLabel(/^Reserve in %/).fill('120');
    await form.getByRole('button', { name: 'Kapazitätsmodell speichern' }).click();
    await form
      .getByRole('alert')
      .getByText(/Reserve/)
      .waitFor();
    const invalid = ((await form.getByRole('alert').textContent()) ?? '').replace(/\s+/g, ' ');
    violations.push(...(await axeOn(page)));
    await page.screenshot({ path: `${shots}${prefix}-invalid.png`, fullPage: true });

    await form.getByLabel(/^Bezugsmetrik/).selectOption('requests_per_second');
    await form.getByLabel(/^Instanztyp suchen/).fill('hetzner cx23');
    await form.locator('select[name=instanceType]').selectOption('hetzner/CX23');
    await form.getByLabel(/^Kapazität je Instanz/).fill('12,5');
    await form.getByLabel(/^Mindestens Instanzen/).fill('1');
    await form.getByLabel(/^Höchstens Instanzen/).fill('30');
    await form.getByLabel(/^Reserve in %/).fill('30');
    await form.getByText('Weitere Einstellungen').click();
    await form.getByLabel(/^Planungsquantil in %/).waitFor();
    violations.push(...(await axeOn(page)));
    await page.screenshot({ path: `${shots}${prefix}-form.png`, fullPage: true });
    await form.getByRole('button', { name: 'Kapazitätsmodell speichern' }).click();
    await card.getByText('Kapazitätsmodell gespeichert.').waitFor({ timeout: 30_000 });
    await card.getByText(/CX23 · 2 vCPU/).waitFor({ timeout: 30_000 });
    const created = await text();
    const createdModel = await call<Record<string, unknown>>(`/v1/services/${id}/capacity`);
    await page.screenshot({ path: `${shots}${prefix}-created.png`, fullPage: true });

    await card.getByRole('button', { name: 'Kapazitätsmodell ändern' }).click();
    await form.getByLabel(/^Reserve in %/).fill('25');
    await form.getByLabel(/^Höchstens Instanzen/).fill('40');
    await form.getByRole('button', { name: 'Kapazitätsmodell speichern' }).click();
    await card.getByText(/25 % \(Auslastung höchstens 75 %\)/).waitFor({ timeout: 30_000 });
    const edited = await text();
    const editedModel = await call<Record<string, unknown>>(`/v1/services/${id}/capacity`);
    violations.push(...(await axeOn(page)));
    const { scrollWidth, viewportWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      viewportWidth: window.innerWidth,
    }));
    const wide = await wideElements(page);

    await dashboard.getByRole('button', { name: /Neuen Plan/ }).click();
    await dashboard
      .locator('lastplan-scale-plan')
      .getByRole('heading', { name: /Skalierungsplan, Version 1/ })
      .waitFor({ timeout: 90_000 });
    const plan = await text();
    const planPath = new URL(page.url()).pathname;
    // The plan of an hourly scaled service is long: its head is what shows that it was computed.
    await page.screenshot({ path: `${shots}${prefix}-plan.png` });
    return {
      missing,
      planRefused,
      invalid,
      created,
      createdModel,
      edited,
      editedModel,
      plan,
      planPath,
      scrollWidth,
      viewportWidth,
      wide,
      violations,
    };
  } finally {
    await page.close();
  }
};

const capacityAsViewer: BrowserCommand<[string]> = async (context, key) => {
  const services = await call<{ items: { id: string; key: string }[] }>('/v1/services?limit=100');
  const id = services.items.find((s) => s.key === key)?.id;
  if (!id) throw new Error(`no service ${key}`);
  const page = await signedInAs(context, await scopeToken('read'));
  try {
    await page.goto(`${server().url}/services/${id}`);
    const card = page.locator('lastplan-dashboard lastplan-capacity');
    await card.getByText('Bezugsmetrik').waitFor({ timeout: 30_000 });
    await card.getByText(/CX23 · 2 vCPU/).waitFor({ timeout: 30_000 });
    const buttons = await card.getByRole('button').allTextContents();
    const forms = await card.locator('lastplan-capacity-form').count();
    const violations = await axeOn(page);
    await page.screenshot({ path: `${shots}capacity-viewer.png`, fullPage: true });
    return { text: (await deepText(page)).replace(/\s+/g, ' '), buttons, forms, violations };
  } finally {
    await page.close();
  }
};

export const capacityCommands = { capacityFlow, capacityAsViewer };
