// npm run bench:widgets: the widget bundle's size (budget 60 KB gzip for all elements) and the
// first render of lastplan-forecast for a year of hourly history in Chromium (target < 100 ms
// after the data arrive). Prints figures; asserts nothing.
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright';
import { bundleWeb } from '../src/web-assets.ts';

const BUDGET_GZIP = 60 * 1024;
const TARGET_MS = 100;
const RUNS = 15;

const result = await bundleWeb({ minify: true });
const widgets = result.outputFiles.find((f) => f.path === '/widgets.js');
if (!widgets) throw new Error('no widgets.js in the bundle');
const gzip = gzipSync(widgets.contents, { level: 9 }).length;
console.log(
  `widgets.js: ${widgets.contents.length} B minified, ${gzip} B gzip (budget ${BUDGET_GZIP} B): ${gzip <= BUDGET_GZIP ? 'within' : 'OVER'}`,
);

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
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  await page.setContent('<!doctype html><html lang="de"><body></body></html>');
  await page.addScriptTag({ type: 'module', content: widgets.text });
  await page.waitForFunction(() => customElements.get('lastplan-forecast') !== undefined);
  // Plain JavaScript text: tsx would wrap a TypeScript function with helpers the page lacks.
  const times = (await page.evaluate(`(async (runs) => {
    const HOUR = 3_600_000;
    const start = Date.UTC(2025, 10, 1);
    const n = 365 * 24;
    const load = (i) => 40 + 60 * (i % 24 >= 7 && i % 24 <= 17 ? 1 : 0.2) + 8 * Math.sin(i / 5);
    const history = { t: [], v: [] };
    for (let i = 0; i < n; i++) {
      history.t.push(start + i * HOUR);
      history.v.push(load(i));
    }
    const ft = Array.from({ length: 14 * 24 }, (_, i) => start + (n + i) * HOUR);
    const mean = ft.map((_, i) => load(n + i));
    const data = {
      metric: 'requests_per_second',
      unit: '1/s',
      timeZone: 'Europe/Berlin',
      history,
      forecast: {
        t: ft,
        mean,
        bands: [80, 95].map((level) => ({
          level,
          lower: mean.map((m) => m * (level === 80 ? 0.88 : 0.75)),
          upper: mean.map((m) => m * (level === 80 ? 1.12 : 1.25)),
        })),
      },
      marks: [{ name: 'Bürgerentscheid', kind: 'event', start: ft[200], end: ft[230] }],
      explanation: 'Peak on election day',
      backtest: { mase: 0.7, coverage: [] },
      capacity: [{ from: ft[0], to: ft[ft.length - 1], value: 180 }],
    };
    const out = [];
    for (let r = 0; r < runs; r++) {
      const element = document.createElement('lastplan-forecast');
      document.body.replaceChildren(element);
      await element.updateComplete;
      // The element is on the page while the request is in flight (at least a few ms).
      await new Promise((resolve) => setTimeout(resolve, 30));
      const t0 = performance.now();
      element.state = { kind: 'data', data };
      await element.updateComplete;
      element.shadowRoot?.querySelector('svg')?.getBoundingClientRect();
      out.push(performance.now() - t0);
    }
    return out;
})(${RUNS})`)) as number[];
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  const first = times[0] as number;
  console.log(
    `lastplan-forecast, 8,760 hourly points + 336 forecast steps: first render ${first.toFixed(1)} ms, median of ${RUNS} ${median.toFixed(1)} ms (target < ${TARGET_MS} ms): ${first < TARGET_MS ? 'met' : 'missed'}`,
  );
} finally {
  await browser.close();
}
