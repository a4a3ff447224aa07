import { readFile } from 'node:fs/promises';
import type { BrowserCommand } from 'vitest/node';
import {
  axeOn,
  call,
  deepText,
  type PlaywrightPage,
  scopeToken,
  server,
  shots,
  signedInAs,
  wideElements,
} from './browser-commands.ts';

type Viewport = { width: number; height: number };

/** What a finance view looked like at the end: text without the server's English, fit, axe. */
export interface PageCheck {
  text: string;
  scrollWidth: number;
  viewportWidth: number;
  wide: string[];
  violations: string[];
}

declare module 'vitest/browser' {
  interface BrowserCommands {
    /**
     * As finance: opens `/imports` by URL (and reloads), uploads `fixture` (a path from the
     * repository root), then the same file through the API, then a plain CSV with a bad amount
     * and a PDF; reports what the view showed and what the API answered.
     */
    costImportFlow(
      viewport: Viewport,
      shotPrefix: string,
      fixture: string,
    ): Promise<
      PageCheck & {
        path: string;
        figures: Record<string, string>;
        progress: { value: string | null; max: string | null; percent: string };
        summary: string;
        list: string;
        again: { rows: number; periods: { action: string; rows: number }[] };
        refused: string;
        notCosts: string;
        unsupported: string;
      }
    >;
    /**
     * As finance: opens `/exchange-rates` by URL (and reloads), tries a wrong rate and a wrong
     * currency, adds a rate with a decimal comma, reads it back through the lookup API, deletes
     * it, imports the ECB file; reports the texts and the API's answers.
     */
    exchangeRateFlow(
      viewport: Viewport,
      shotPrefix: string,
    ): Promise<
      PageCheck & {
        path: string;
        badRate: string;
        badCode: string;
        saved: string;
        row: string;
        lookupShown: string;
        lookup: { found: boolean; rate?: { rate: string; source: string; base: string; quote: string } };
        deleted: string;
        rowsAfterDelete: number;
        lookupAfterDelete: { found: boolean; rate?: { rate: string } };
        /** The page while the delete asks for its confirmation. */
        confirming: PageCheck;
        ecb: string;
        ecbPercent: string;
      }
    >;
    /** As a viewer: what `/imports` and `/exchange-rates` offer, and the navigation. */
    financeViewer(): Promise<{
      nav: string[];
      imports: string;
      fileInputs: number;
      rates: string;
      rateForms: number;
      violations: string[];
    }>;
  }
}

async function pageCheck(page: PlaywrightPage): Promise<PageCheck> {
  const { scrollWidth, viewportWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    viewportWidth: window.innerWidth,
  }));
  return {
    text: await deepText(page, true),
    scrollWidth,
    viewportWidth,
    wide: await wideElements(page),
    violations: await axeOn(page),
  };
}

const root = new URL('../../', import.meta.url).pathname;
const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

async function openByUrl(context: unknown, viewport: Viewport, path: string, heading: string) {
  const page = await signedInAs(context, await scopeToken('finance'));
  await page.setViewportSize(viewport);
  await page.goto(`${server().url}${path}`);
  await page.reload();
  await page
    .locator('lastplan-dashboard')
    .getByRole('heading', { name: heading, exact: true })
    .waitFor({ timeout: 30_000 });
  return page;
}

const costImportFlow: BrowserCommand<[Viewport, string, string]> = async (
  context,
  viewport,
  shotPrefix,
  fixture,
) => {
  const page = await openByUrl(context, viewport, '/imports', 'Kostendatei importieren');
  const view = page.locator('lastplan-view-imports');
  const send = () => view.getByRole('button', { name: 'Hochladen und importieren' }).click();
  const upload = async (file: Parameters<PlaywrightPage['setInputFiles']>[1]) => {
    await view.locator('#cost-file').setInputFiles(file);
    await send();
  };
  try {
    const name = fixture.split('/').at(-1) ?? fixture;
    // As a person does it: the page's own button opens the browser's file chooser.
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      view.getByRole('button', { name: 'Datei auswählen …' }).click(),
    ]);
    await chooser.setFiles(`${root}${fixture}`);
    await view.getByText(`Ausgewählt: ${name}`).waitFor();
    await send();
    const summary = view.locator('.summary');
    await summary.waitFor({ timeout: 60_000 });
    const figures: Record<string, string> = {};
    for (const dd of await summary.locator('dd[data-figure]').all())
      figures[(await dd.getAttribute('data-figure')) ?? ''] = squash(await dd.textContent());
    const bar = view.locator('progress');
    const progress = {
      value: await bar.getAttribute('value'),
      max: await bar.getAttribute('max'),
      percent: squash(await view.locator('.progress .percent').textContent()),
    };
    const summaryText = squash(await summary.textContent());
    const heading = view.locator('h3.upload', { hasText: name }).first();
    await heading.waitFor();
    const list = squash(
      `${await heading.textContent()} ${await view.locator('table.earlier').first().textContent()}`,
    );
    await page.screenshot({ path: `${shots}${shotPrefix}-imported.png`, fullPage: true });
    // The parts one reads on a phone, at the size of the screen.
    await summary.locator('table').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}${shotPrefix}-summary-table.png` });
    await heading.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}${shotPrefix}-list.png` });
    const { url, admin } = server();
    const response = await fetch(`${url}/v1/costs/imports?fileName=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
      body: await readFile(`${root}${fixture}`),
    });
    const again = (await response.json()) as { rows: number; periods: { action: string; rows: number }[] };

    // Dropped on the drop zone, as from a file manager.
    const dropped = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      const csv =
        'date;service;category;amount;currency;description\n' +
        '2026-03-02;Briefwahl;compute;120,50;EUR;VM\n' +
        '2026-03-03;Briefwahl;compute;zwölf;EUR;VM\n' +
        '2026-09-20;Briefwahl;storage;10,00;USD;S3\n';
      transfer.items.add(new File([csv], 'rechenzentrum-maerz.csv', { type: 'text/csv' }));
      return transfer;
    });
    await view.locator('.drop').dispatchEvent('drop', { dataTransfer: dropped });
    await view.getByText('Ausgewählt: rechenzentrum-maerz.csv').waitFor();
    await send();
    await view
      .getByText(/Abgelehnt: 1 Zeile fehlerhaft/)
      .first()
      .waitFor({ timeout: 60_000 });
    const refused = squash(await view.locator('.summary').textContent());
    await page.screenshot({ path: `${shots}${shotPrefix}-refused.png`, fullPage: true });

    await upload({
      name: 'notizen.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Kostenstelle;Betrag\n4711;12\n'),
    });
    const invalid = view.getByRole('alert').filter({ hasText: 'missing columns' });
    await invalid.waitFor({ timeout: 30_000 });
    const notCosts = squash(await invalid.textContent());

    await upload({ name: 'rechnung.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n') });
    const alert = view.getByRole('alert').filter({ hasText: 'Dateiformat' });
    await alert.waitFor({ timeout: 30_000 });
    const unsupported = squash(await alert.textContent());
    await page.screenshot({ path: `${shots}${shotPrefix}-unsupported.png`, fullPage: true });
    return {
      path: new URL(page.url()).pathname,
      figures,
      progress,
      summary: summaryText,
      list,
      again: { rows: again.rows, periods: again.periods.map((p) => ({ action: p.action, rows: p.rows })) },
      refused,
      notCosts,
      unsupported,
      ...(await pageCheck(page)),
    };
  } finally {
    await page.close();
  }
};

const exchangeRateFlow: BrowserCommand<[Viewport, string]> = async (context, viewport, shotPrefix) => {
  const page = await openByUrl(context, viewport, '/exchange-rates', 'Wechselkurse');
  const view = page.locator('lastplan-view-rates');
  const form = view.locator('form.rate-form');
  const alert = view.locator('section:has(form.rate-form) [role=alert]');
  const lookup = <T>(day: string) => call<T>(`/v1/exchange-rates/lookup?from=USD&to=EUR&day=${day}`);
  try {
    await view.getByText('Eingebaute EZB-Referenzkurse').waitFor({ timeout: 30_000 });
    await form.getByLabel(/^Basiswährung/).fill('EUR');
    await form.getByLabel(/^Kurswährung/).fill('usd');
    await form.getByLabel(/^Tag/).fill('2026-11-30');
    await form.getByLabel(/^Kurs( |$)/).fill('1,08.34');
    await form.getByRole('button', { name: 'Kurs speichern' }).click();
    const badRate = squash(await alert.textContent());
    await form.getByLabel(/^Kurs( |$)/).fill('1,0834');
    await form.getByLabel(/^Kurswährung/).fill('EUX');
    await form.getByRole('button', { name: 'Kurs speichern' }).click();
    await alert.getByText('EUX').waitFor();
    const badCode = squash(await alert.textContent());
    await form.getByLabel(/^Kurswährung/).fill('usd');
    await form.getByRole('button', { name: 'Kurs speichern' }).click();
    const status = view.getByRole('status').filter({ hasText: 'Gespeichert' });
    await status.waitFor({ timeout: 30_000 });
    const saved = squash(await status.textContent());
    const row = view.getByRole('row', { name: /1 EUR = 1,0834 USD/ });
    await row.waitFor({ timeout: 30_000 });
    const rowText = squash(await row.textContent());
    const shown = view.locator('.lookup-result');
    await shown.getByText('1,0834').waitFor({ timeout: 30_000 });
    const lookupShown = squash(await shown.textContent());
    await page.screenshot({ path: `${shots}${shotPrefix}-added.png`, fullPage: true });
    const found = await lookup<{
      found: boolean;
      rate?: { rate: string; source: string; base: string; quote: string };
    }>('2026-12-01');

    await row.getByRole('button', { name: 'Kurs 1 EUR = 1,0834 USD vom 30. Nov. 2026 löschen' }).click();
    await page.screenshot({ path: `${shots}${shotPrefix}-confirm.png`, fullPage: true });
    const confirming = await pageCheck(page);
    await view
      .getByRole('group', { name: 'Kurs 1 EUR = 1,0834 USD vom 30. Nov. 2026 wirklich löschen?' })
      .getByRole('button', { name: 'Ja, löschen' })
      .click();
    const gone = view.getByRole('status').filter({ hasText: 'gelöscht' });
    await gone.waitFor({ timeout: 30_000 });
    const deleted = squash(await gone.textContent());
    const rowsAfterDelete = await view.getByRole('row', { name: /1 EUR = 1,0834 USD/ }).count();
    const lookupAfterDelete = await lookup<{ found: boolean; rate?: { rate: string } }>('2026-12-01');

    await view.locator('#ecb-file').setInputFiles(`${root}fixtures/fx/eurofxref-hist.zip`);
    await view.getByRole('button', { name: 'EZB-Datei importieren' }).click();
    await view.locator('.ecb-result').waitFor({ timeout: 120_000 });
    const ecb = squash(await view.locator('.ecb-result').textContent());
    const ecbPercent = squash(await view.locator('#ecb-progress ~ .percent').textContent());
    await page.screenshot({ path: `${shots}${shotPrefix}-ecb.png`, fullPage: true });
    return {
      path: new URL(page.url()).pathname,
      badRate,
      badCode,
      saved,
      row: rowText,
      lookupShown,
      lookup: found,
      deleted,
      rowsAfterDelete,
      lookupAfterDelete,
      confirming,
      ecb,
      ecbPercent,
      ...(await pageCheck(page)),
    };
  } finally {
    await page.close();
  }
};

const financeViewer: BrowserCommand<[]> = async (context) => {
  const page = await signedInAs(context, await scopeToken('read'));
  const dashboard = page.locator('lastplan-dashboard');
  try {
    const nav = await dashboard.getByRole('navigation').getByRole('link').allTextContents();
    await page.goto(`${server().url}/imports`);
    await dashboard.getByText(/Rollen Finanzen und Administration/).waitFor({ timeout: 30_000 });
    const imports = squash(await dashboard.locator('lastplan-view-imports section').textContent());
    const fileInputs = await dashboard.locator('input[type=file]').count();
    await page.goto(`${server().url}/exchange-rates`);
    await dashboard.getByText('Eingebaute EZB-Referenzkurse').waitFor({ timeout: 30_000 });
    const rates = await deepText(page, true);
    const rateForms = await dashboard.getByRole('button', { name: 'Kurs speichern' }).count();
    const violations = await axeOn(page);
    await page.screenshot({ path: `${shots}finance-viewer-rates.png`, fullPage: true });
    return { nav, imports, fileInputs, rates, rateForms, violations };
  } finally {
    await page.close();
  }
};

export const financeCommands = { costImportFlow, exchangeRateFlow, financeViewer };
