// npm run bench:widgets: the widget bundle's size (budget 60 KB gzip for all elements) and the
// time lastplan-forecast takes from its attributes being set to a year of hourly history drawn
// in Chromium (target < 100 ms after the data arrive). The page answers the element's requests
// itself (a fetch that returns prepared JSON at once), so the figure is the element's own work:
// reading the answers, building the chart and laying it out. Prints figures; asserts nothing.
//
// `npm run bench:widgets -- --reference DIR` also bundles the checkout in DIR (an older commit,
// say) and measures both alternately in the same browser, so they share the machine's load.
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright';

const BUDGET_GZIP = 60 * 1024;
const TARGET_MS = 100;
const RUNS = 15;

interface Bundle {
  readonly label: string;
  readonly code: string;
}

/** The widgets bundle of the checkout at `root`, built by that checkout's own `bundleWeb`. */
async function widgetsOf(root: string, label: string): Promise<Bundle> {
  const { bundleWeb } = (await import(resolve(root, 'src/web-assets.ts'))) as {
    bundleWeb(options: {
      minify: boolean;
    }): Promise<{ outputFiles: { path: string; contents: Uint8Array; text: string }[] }>;
  };
  // Older checkouts resolve their entry points from the working directory.
  const here = process.cwd();
  process.chdir(root);
  try {
    const result = await bundleWeb({ minify: true });
    const widgets = result.outputFiles.find((f) => f.path === '/widgets.js');
    if (!widgets) throw new Error(`no widgets.js in the bundle of ${root}`);
    const gzip = gzipSync(widgets.contents, { level: 9 }).length;
    console.log(
      `${label}: widgets.js ${widgets.contents.length} B minified, ${gzip} B gzip (budget ${BUDGET_GZIP} B): ${gzip <= BUDGET_GZIP ? 'within' : 'OVER'}`,
    );
    const dashboard = result.outputFiles.find((f) => f.path === '/dashboard.js');
    if (dashboard)
      console.log(
        `${label}: dashboard.js (the app's own page, no budget) ${dashboard.contents.length} B minified, ${gzipSync(dashboard.contents, { level: 9 }).length} B gzip`,
      );
    return { label, code: widgets.text };
  } finally {
    process.chdir(here);
  }
}

const referenceAt = process.argv.indexOf('--reference');
const bundles = [await widgetsOf(resolve(import.meta.dirname, '..'), 'this checkout')];
if (referenceAt > 0) {
  const dir = process.argv[referenceAt + 1];
  if (!dir) throw new Error('--reference needs the folder of another checkout');
  bundles.push(await widgetsOf(resolve(dir), `reference ${dir}`));
}

/**
 * Answers the forecast element's requests in the page: a year of hourly history, a 14-day hourly
 * forecast with 80 and 95 % bands, one event, the tenant. Plain JavaScript text: tsx would wrap a
 * TypeScript function with helpers the page lacks.
 */
const fakeApi = `(() => {
  const HOUR = 3_600_000;
  const start = Date.UTC(2025, 10, 1);
  const n = 365 * 24;
  const load = (i) => 40 + 60 * (i % 24 >= 7 && i % 24 <= 17 ? 1 : 0.2) + 8 * Math.sin(i / 5);
  const iso = (t) => new Date(t).toISOString();
  const points = [];
  for (let i = 0; i < n; i++) points.push({ ts: iso(start + i * HOUR), avg: load(i) });
  const ft = Array.from({ length: 14 * 24 }, (_, i) => start + (n + i) * HOUR);
  const mean = ft.map((_, i) => load(n + i));
  const answers = {
    tenant: { timeZone: 'Europe/Berlin', federalState: 'BY' },
    forecast: {
      seriesId: 's1',
      metric: 'requests_per_second',
      unit: '1/s',
      timestamps: ft.map(iso),
      mean,
      bands: [80, 95].map((level) => ({
        level,
        lower: mean.map((m) => m * (level === 80 ? 0.88 : 0.75)),
        upper: mean.map((m) => m * (level === 80 ? 1.12 : 1.25)),
      })),
      explanation: 'Peak on election day',
      backtest: { mase: 0.7, coverage: [] },
      dataUntil: iso(start + (n - 1) * HOUR),
    },
    samples: { points },
    events: { items: [{ name: 'Bürgerentscheid', kind: 'election', startsAt: iso(ft[200]), endsAt: iso(ft[230]) }] },
  };
  const text = Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, JSON.stringify(v)]));
  window.fetch = async (input) => {
    const path = new URL(String(input), 'http://bench.invalid').pathname;
    const key = path === '/v1/tenant' ? 'tenant'
      : path.endsWith('/forecast') ? 'forecast'
      : path.endsWith('/samples') ? 'samples'
      : path === '/v1/events' ? 'events' : undefined;
    if (!key) return new Response('{}', { status: 404, headers: { 'content-type': 'application/problem+json' } });
    return new Response(text[key], { status: 200, headers: { 'content-type': 'application/json' } });
  };
})()`;

/** One run: a new element, its inputs set, until the history line is drawn and laid out (ms). */
const oneRun = `(async () => {
  const element = document.createElement('lastplan-forecast');
  document.body.replaceChildren(element);
  await element.updateComplete;
  await new Promise((resolve) => setTimeout(resolve, 30));
  const yieldOnce = () => new Promise((resolve) => { const c = new MessageChannel(); c.port1.onmessage = resolve; c.port2.postMessage(0); });
  const t0 = performance.now();
  element.setAttribute('token', 'bench');
  element.setAttribute('series', 's1');
  for (;;) {
    await element.updateComplete;
    const line = element.shadowRoot && element.shadowRoot.querySelector('svg path.history');
    if (line) { line.getBoundingClientRect(); break; }
    if (performance.now() - t0 > 10000) throw new Error('the chart was not drawn within 10 s');
    await yieldOnce();
  }
  return performance.now() - t0;
})()`;

async function pageWith(bundle: Bundle, browser: Awaited<ReturnType<typeof chromium.launch>>): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  await page.setContent('<!doctype html><html lang="de"><body></body></html>');
  await page.evaluate(fakeApi);
  await page.addScriptTag({ type: 'module', content: bundle.code });
  await page.waitForFunction(() => customElements.get('lastplan-forecast') !== undefined);
  return page;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  // The browser's own first-use costs (about 40 ms) go to a throwaway page, not to whichever
  // bundle happens to be measured first.
  const warmUp = await pageWith(bundles[0] as Bundle, browser);
  await warmUp.evaluate(oneRun);
  await warmUp.close();
  const pages = await Promise.all(bundles.map((b) => pageWith(b, browser)));
  const times: number[][] = bundles.map(() => []);
  for (let r = 0; r < RUNS; r++) {
    // Alternate who goes first, so neither always meets a browser the other has just warmed.
    const order = r % 2 === 0 ? [...pages.keys()] : [...pages.keys()].reverse();
    for (const i of order) times[i]?.push((await (pages[i] as Page).evaluate(oneRun)) as number);
  }
  console.log(
    `lastplan-forecast, 8,760 hourly points + 336 forecast steps, answers prepared in the page (target < ${TARGET_MS} ms):`,
  );
  for (const [i, bundle] of bundles.entries()) {
    const runs = times[i] ?? [];
    const sorted = [...runs].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
    const first = runs[0] ?? Number.NaN;
    console.log(
      `  ${bundle.label}: first ${first.toFixed(1)} ms, median of ${RUNS} ${median.toFixed(1)} ms (${first < TARGET_MS ? 'met' : 'missed'})`,
    );
  }
} finally {
  await browser.close();
}
