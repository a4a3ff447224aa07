// The network edge of the browser tests: the only thing stubbed. Answers /v1 paths from a table
// the way the real server does (JSON, or problem+json with a status).

export type Route = { status?: number; body: unknown; delayMs?: number };
export type Routes = Record<string, Route | ((url: URL) => Route)>;

const realFetch = globalThis.fetch;

/** Replaces fetch; the longest route prefix matching the path wins. Returns a restore function. */
export function stubApi(routes: Routes): { restore: () => void; calls: string[]; aborted: string[] } {
  const calls: string[] = [];
  const aborted: string[] = [];
  const keys = Object.keys(routes).sort((a, b) => b.length - a.length);
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input instanceof Request ? input.url : input), location.href);
    calls.push(url.pathname + url.search);
    const key = keys.find((k) => url.pathname.startsWith(k));
    const found = key ? routes[key] : undefined;
    const route = typeof found === 'function' ? found(url) : found;
    if (!route) {
      return new Response(
        JSON.stringify({
          type: '/problems/not-found',
          title: 'Not found',
          status: 404,
          detail: `no route ${url.pathname}`,
        }),
        {
          status: 404,
          headers: { 'content-type': 'application/problem+json' },
        },
      );
    }
    // A delayed answer is cut off by its abort signal, as a real fetch is (AbortError).
    if (route.delayMs) {
      const signal = init?.signal;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, route.delayMs);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          aborted.push(url.pathname + url.search);
          reject(new DOMException('The operation was aborted.', 'AbortError'));
        });
      });
    }
    const status = route.status ?? 200;
    return new Response(JSON.stringify(route.body), {
      status,
      headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
    });
  }) as typeof fetch;
  return { restore: () => (globalThis.fetch = realFetch), calls, aborted };
}

const HOUR = 3_600_000;

/** A service with a daily and weekly cycle, 28 days of history and a 14-day forecast. */
export function forecastFixture(
  options: { historyDays?: number; horizonHours?: number; start?: number } = {},
) {
  const start = options.start ?? Date.UTC(2027, 0, 3, 0);
  const historyHours = (options.historyDays ?? 28) * 24;
  const horizon = options.horizonHours ?? 14 * 24;
  const load = (h: number) => {
    const hourOfDay = h % 24;
    const day = Math.floor(h / 24) % 7;
    const office = hourOfDay >= 7 && hourOfDay <= 17 ? 1 : 0.25;
    return 40 + 60 * office * (day < 5 ? 1 : 0.4) + 5 * Math.sin(h / 3);
  };
  const points = Array.from({ length: historyHours }, (_, i) => ({
    ts: new Date(start + i * HOUR).toISOString(),
    avg: load(i),
  }));
  const forecastStart = start + historyHours * HOUR;
  const timestamps = Array.from({ length: horizon }, (_, i) =>
    new Date(forecastStart + i * HOUR).toISOString(),
  );
  const mean = timestamps.map((_, i) => load(historyHours + i) * (i > 200 && i < 230 ? 2.5 : 1));
  const band = (k: number) => ({ lower: mean.map((m) => m * (1 - k)), upper: mean.map((m) => m * (1 + k)) });
  return {
    service: {
      id: '11111111-1111-4111-8111-111111111111',
      key: 'briefwahl',
      name: 'Online-Wahlschein (Briefwahl)',
      series: [{ id: '22222222-2222-4222-8222-222222222222', metric: 'requests_per_second', unit: '1/s' }],
    },
    tenant: { name: 'Musterstadt', federalState: 'BY', timeZone: 'Europe/Berlin' },
    samples: { points },
    forecast: {
      seriesId: '22222222-2222-4222-8222-222222222222',
      metric: 'requests_per_second',
      unit: '1/s',
      timestamps,
      mean,
      bands: [
        { level: 80, ...band(0.12) },
        { level: 95, ...band(0.25) },
      ],
      explanation: 'Bürgerentscheid on 2027-01-31: +150 % on the previous two elections',
      backtest: {
        origins: 100,
        horizon: horizon,
        mase: 0.62,
        maseSeasonalNaive: 1,
        coverage: [
          { level: 80, observed: 0.81, widening: 1 },
          { level: 95, observed: 0.93, widening: 1 },
        ],
        from: new Date(forecastStart - 28 * 24 * HOUR).toISOString(),
        to: new Date(forecastStart).toISOString(),
      },
      dataUntil: new Date(forecastStart - HOUR).toISOString(),
    },
    events: {
      items: [
        {
          id: '33333333-3333-4333-8333-333333333333',
          kind: 'election',
          name: 'Bürgerentscheid',
          startsAt: new Date(forecastStart + 200 * HOUR).toISOString(),
          endsAt: new Date(forecastStart + 230 * HOUR).toISOString(),
          region: 'BY',
          serviceIds: [],
          expectedUplift: '1.5',
        },
      ],
    },
  };
}

/** A plan over the fixture's forecast: 2 instances of 60/s, 5 around the vote. */
export function planFixture(fixture: ReturnType<typeof forecastFixture>) {
  const t = fixture.forecast.timestamps.map((s) => Date.parse(s));
  const first = t[0] as number;
  const last = (t.at(-1) as number) + HOUR;
  return {
    id: '66666666-6666-4666-8666-666666666666',
    plan: {
      driverMetric: 'requests_per_second',
      instanceType: { provider: 'hetzner', name: 'cx32', capacity: 60 },
      steps: [
        { from: first, to: first + 190 * HOUR, count: 2 },
        { from: first + 190 * HOUR, to: first + 240 * HOUR, count: 5 },
        { from: first + 240 * HOUR, to: last, count: 2 },
      ],
    },
  };
}

/** Routes for one forecast fixture. */
export function forecastRoutes(fixture: ReturnType<typeof forecastFixture>): Routes {
  return {
    '/v1/tenant': { body: fixture.tenant },
    '/v1/services/': { body: fixture.service },
    [`/v1/series/${fixture.forecast.seriesId}/forecast`]: { body: fixture.forecast },
    [`/v1/series/${fixture.forecast.seriesId}/samples`]: { body: fixture.samples },
    '/v1/events': { body: fixture.events },
  };
}
