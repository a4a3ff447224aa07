import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../src/domain/calendar-day.ts';
import { evaluateAndDeliverAlerts } from '../../src/finance-service/evaluate-and-deliver-alerts.ts';
import { GrantStatusSchema } from '../../src/http/routes/finance-dto.ts';
import { silentLogger } from '../../src/logger.ts';
import type { Database } from '../../src/store/database.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { htmlElements } from '../support/html-elements.ts';
import { bearer, jsonRequest, testApp } from '../support/test-app.ts';
import { csvRequest, type FinanceTenant, seedFinanceTenant } from './finance-setup.ts';

/** 100.00 EUR of compute for wahlschein every day from 2026-01-01 to 2026-06-30, and 7.00 of storage for hundesteuer. */
function dailyCosts(): string {
  const lines = ['date,service,category,amount,currency'];
  for (let day = '2026-01-01'; day <= '2026-06-30'; day = addDays(day, 1)) {
    lines.push(`${day},wahlschein,compute,100.00,EUR`, `${day},hundesteuer,storage,7.00,EUR`);
  }
  return lines.join('\n');
}

const cents = (text: string) => Math.round(Number(text.replace(',', '.')) * 100);

describe.each(testBackends())('grants on %s', (backend) => {
  let database: Database;
  let app: ReturnType<typeof testApp>['app'];
  let tenant: FinanceTenant;
  let other: FinanceTenant;
  let grantId: string;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    app = testApp(database).app;
    tenant = await seedFinanceTenant(database, 'foerder');
    other = await seedFinanceTenant(database, 'nachbar');
    const imported = await app.request(
      '/v1/costs/imports?source=rz&fileName=rz-2026.csv',
      csvRequest(tenant.tokens.finance, dailyCosts()),
    );
    expect(imported.status).toBe(200);
    const created = await app.request(
      '/v1/grants',
      jsonRequest('POST', tenant.tokens.finance, {
        programme: 'Digitalisierung Kommunal 2026-2027',
        funder: 'Freistaat Bayern',
        referenceNumber: 'DK-2026-0042',
        amount: '50000.00',
        period: { start: '2026-01-01', end: '2027-12-31' },
        eligibleServiceIds: [tenant.services.wahlschein],
        eligibleCategories: ['compute', 'storage'],
        coFundingRate: '0.8',
        tranches: [{ day: '2026-03-01', amount: '10000.00', label: '1. Mittelabruf' }],
      }),
    );
    expect(created.status).toBe(201);
    grantId = ((await created.json()) as { id: string }).id;
  });
  afterAll(() => database?.close());

  describe('POST /v1/grants', () => {
    /** A small valid grant with `change` applied. */
    const postGrant = (change: object) =>
      app.request(
        '/v1/grants',
        jsonRequest('POST', tenant.tokens.finance, {
          programme: 'P',
          funder: 'F',
          referenceNumber: 'R',
          amount: '50000',
          period: { start: '2026-01-01', end: '2026-12-31' },
          eligibleServiceIds: [],
          coFundingRate: '0.8',
          ...change,
        }),
      );

    it.each([
      ['an end before the start', { period: { start: '2026-02-01', end: '2026-01-01' } }, '/period/end'],
      ['a co-funding rate above 1', { coFundingRate: '1.5' }, '/coFundingRate'],
      ['an unknown service', { eligibleServiceIds: [crypto.randomUUID()] }, '/eligibleServiceIds/0'],
      ['tranches above the amount', { tranches: [{ day: '2026-01-01', amount: '60000' }] }, '/tranches'],
    ])('refuses %s', async (_name, change, pointer) => {
      const res = await postGrant(change);
      expect(res.status).toBe(400);
      const problem = (await res.json()) as { errors: { pointer: string }[] };
      expect(problem.errors.map((e) => e.pointer)).toContain(pointer);
    });

    it("names the first eligible service that is not the tenant's own, however many there are", async () => {
      const res = await postGrant({
        eligibleServiceIds: [
          tenant.services.wahlschein,
          tenant.services.hundesteuer.toUpperCase(),
          other.services.wahlschein,
          'kein-uuid',
        ],
      });
      expect(res.status).toBe(400);
      const problem = (await res.json()) as { errors: { pointer: string; detail: string }[] };
      expect(problem.errors).toEqual([
        { pointer: '/eligibleServiceIds/2', detail: `no service ${other.services.wahlschein}` },
      ]);
    });

    it('needs the finance scope', async () => {
      expect((await app.request('/v1/grants', jsonRequest('POST', tenant.tokens.read, {}))).status).toBe(403);
      expect((await app.request('/v1/grants')).status).toBe(401);
    });
  });

  describe('GET /v1/grants/{id}/status', () => {
    it('reconciles spend, shares, forecast and exhaustion to the cent', async () => {
      const res = await app.request(`/v1/grants/${grantId}/status?asOf=2026-06-30`, {
        headers: bearer(tenant.tokens.finance),
      });
      expect(res.status).toBe(200);
      // biome-ignore lint/suspicious/noExplicitAny: a JSON body read field by field
      const s = (await res.json()) as Record<string, any>;
      // The answer has the shape the OpenAPI document (and so the generated client) promises.
      expect(GrantStatusSchema.safeParse(s).error).toBeUndefined();
      const days = daysBetween('2026-01-01', '2026-06-30');
      expect(s.spendToDate).toBe((100 * days).toFixed(2));
      expect(s.fundedToDate).toBe((80 * days).toFixed(2));
      expect(s.ownShareToDate).toBe((20 * days).toFixed(2));
      expect(cents(s.fundedToDate) + cents(s.ownShareToDate)).toBe(cents(s.spendToDate));
      expect(s.tranchesReceived).toBe('10000.00');
      expect(s.eligibleVolume).toBe('62500.00');
      expect(s.projectionSource).toBe('run-rate');
      const rest = daysBetween('2026-07-01', '2027-12-31');
      expect(s.forecastSpend.expected).toBe((100 * (days + rest)).toFixed(2));
      expect(s.forecastSpend.low).toBe((100 * days + 90 * rest).toFixed(2));
      expect(s.forecastSpend.high).toBe((100 * days + 110 * rest).toFixed(2));
      // 62,500 of eligible spend at 100 a day is used up on the 625th day.
      expect(s.exhaustionDay.expected).toBe(addDays('2026-01-01', 624));
      expect(s.outlook).toBe('exhausted-early');
      expect(s.unspentAtExpiry.expected).toBe('0.00');
      const burn = s.burnDown as { month: string; actual: string }[];
      expect(burn).toHaveLength(24);
      expect(burn.reduce((a, m) => a + cents(m.actual), 0)).toBe(cents(s.spendToDate));
    });

    it('shows the crossed thresholds without storing them; the alerts job stores each crossing of today once', async () => {
      const june30 = new Date('2026-06-30T12:00:00Z');
      const onJune30 = testApp(database, { clock: () => june30 }).app;
      const read = async (path: string, on = onJune30) =>
        (await (await on.request(path, { headers: bearer(tenant.tokens.finance) })).json()) as {
          alertsCrossed: { key: string; measure: string; threshold: number | null }[];
        };
      const crossed = [
        { key: `grant:${grantId}:forecast:50`, measure: 'forecast', threshold: 50 },
        { key: `grant:${grantId}:forecast:80`, measure: 'forecast', threshold: 80 },
        { key: `grant:${grantId}:forecast:100`, measure: 'forecast', threshold: 100 },
      ];
      expect((await read(`/v1/grants/${grantId}/status`)).alertsCrossed).toEqual(crossed);
      expect((await read(`/v1/grants/${grantId}/status?asOf=2026-06-30`, app)).alertsCrossed).toEqual(
        crossed,
      );
      const stored = async () =>
        (
          (await (await app.request('/v1/alerts', { headers: bearer(tenant.tokens.finance) })).json()) as {
            items: unknown[];
          }
        ).items;
      expect(await stored()).toEqual([]);
      const first = await evaluateAndDeliverAlerts({ database, logger: silentLogger }, june30);
      const again = await evaluateAndDeliverAlerts({ database, logger: silentLogger }, june30);
      // Both tenants' grants are evaluated; only this one's crosses a threshold.
      expect(first.raised).toBe(3);
      expect(again.raised).toBe(0);
      const alerts = (await (
        await app.request('/v1/alerts', { headers: bearer(tenant.tokens.finance) })
      ).json()) as {
        items: { key: string; measure: string; threshold: number; delivery: unknown }[];
      };
      const keys = alerts.items.map((a) => a.key).sort();
      expect(keys).toEqual([
        `grant:${grantId}:forecast:100`,
        `grant:${grantId}:forecast:50`,
        `grant:${grantId}:forecast:80`,
      ]);
      expect(alerts.items.every((a) => a.delivery === null)).toBe(true);
    });
  });

  describe('GET /v1/grants/{id}/proof-of-use', () => {
    it('gives a CSV whose totals equal the sum of its lines', async () => {
      const res = await app.request(`/v1/grants/${grantId}/proof-of-use?format=csv&to=2026-06-30`, {
        headers: bearer(tenant.tokens.finance),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      const rows = (await res.text())
        .trim()
        .split('\r\n')
        .map((r) => r.split(';'));
      const lines = rows.filter((r) => r[0] === 'Zeile');
      const total = rows.find((r) => r[0] === 'Gesamtsumme');
      expect(lines).toHaveLength(6);
      for (const column of [4, 5, 6]) {
        expect(lines.reduce((a, r) => a + cents(r[column] ?? '0'), 0)).toBe(cents(total?.[column] ?? ''));
      }
      expect(total?.[4]).toBe('18100,00');
      expect(lines[0]?.[8]).toBe('CSV rz-2026.csv, Zeilen 2–62 (31 Posten)');
      expect(res.headers.get('vary')).toBe('Accept-Language');
    });

    it('writes UTF-8 with a byte-order mark, German unless English is asked for', async () => {
      const get = (query: string, headers: Record<string, string> = {}) =>
        app.request(`/v1/grants/${grantId}/proof-of-use?format=csv&to=2026-06-30${query}`, {
          headers: bearer(tenant.tokens.finance, headers),
        });
      const bytes = new Uint8Array(await (await get('')).arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(new TextDecoder().decode(bytes)).toMatch(/^Art;Förderkennzeichen;/);
      for (const english of [
        await get('&locale=en'),
        await get('', { 'accept-language': 'en-GB,en;q=0.9' }),
      ]) {
        const rows = (await english.text()).trim().split('\r\n');
        expect(rows[0]).toMatch(/^Kind,Reference number,Category,Month,Spend \(€\)/);
        expect(rows.at(-1)).toMatch(/^Grand total,[^,]+,,2026-01-01\/2026-06-30,18100\.00,/);
      }
      const german = (await (await get('&locale=de', { 'accept-language': 'en' })).text())
        .trim()
        .split('\r\n');
      expect(german.at(-1)).toMatch(/^Gesamtsumme;[^;]+;;01\.01\.2026–30\.06\.2026;18100,00;/);
      expect((await get('&locale=fr')).status).toBe(400);
    });

    it('gives a printable German A4 page', async () => {
      const res = await app.request(`/v1/grants/${grantId}/proof-of-use?to=2026-06-30`, {
        headers: bearer(tenant.tokens.finance),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await res.text();
      expect(html).toContain('size: A4');
      expect(html).toContain('DK-2026-0042');
      expect(html).toContain('lang="de"');
    });

    it('prints hostile text as text: the style block stays whole and nothing is injected', async () => {
      const hostile = '</style><img src=x onerror=alert(3)><h1>INJ</h1>';
      // A tenant of its own, so the other tests' grant lists stay as they are.
      const attacker = await seedFinanceTenant(database, 'angreifer');
      const created = await app.request(
        '/v1/grants',
        jsonRequest('POST', attacker.tokens.finance, {
          programme: `P<script>alert(1)</script>`,
          funder: `F"><svg onload=alert(2)>`,
          referenceNumber: hostile,
          amount: '1000.00',
          period: { start: '2026-01-01', end: '2026-12-31' },
          eligibleServiceIds: [attacker.services.wahlschein],
          coFundingRate: '0.5',
        }),
      );
      expect(created.status).toBe(201);
      const id = ((await created.json()) as { id: string }).id;
      const res = await app.request(`/v1/grants/${id}/proof-of-use?to=2026-01-31`, {
        headers: bearer(attacker.tokens.finance),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toMatch(/script-src 'none'/);
      const elements = htmlElements(await res.text());
      const tags = elements.map((e) => e.tag);
      expect(tags).not.toContain('img');
      expect(tags).not.toContain('script');
      expect(tags).not.toContain('svg');
      expect(elements.filter((e) => e.tag === 'h1').map((e) => e.text)).toEqual([
        'Verwendungsnachweis – zahlenmäßiger Nachweis',
      ]);
      expect(elements.some((e) => Object.keys(e.attributes).some((a) => a.startsWith('on')))).toBe(false);
      // One style element, parsed to its end, with the reference number escaped inside a CSS string.
      const styles = elements.filter((e) => e.tag === 'style');
      expect(styles).toHaveLength(1);
      expect(styles[0]?.text).toContain(
        '@bottom-left { content: "Verwendungsnachweis \\3c /style\\3e \\3c img',
      );
      expect(
        styles[0]?.text.trim().endsWith('@media screen { body { max-width: 180mm; margin: 10mm auto; } }'),
      ).toBe(true);
      // The text itself still reads as it was typed, in the title and the facts table.
      expect(elements.find((e) => e.tag === 'title')?.text).toContain(hostile);
      const cells = elements.filter((e) => e.tag === 'td').map((e) => e.text);
      expect(cells).toContain(hostile);
      expect(cells).toContain('P<script>alert(1)</script>');
      expect(cells).toContain('F"><svg onload=alert(2)>');
    });
  });

  it.each([
    ['the grant', ''],
    ['its status', '/status'],
    ['its proof of use', '/proof-of-use'],
  ])("answers 404 for another tenant's grant on %s", async (_name, suffix) => {
    const res = await app.request(`/v1/grants/${grantId}${suffix}`, {
      headers: bearer(other.tokens.finance),
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(
      (await app.request(`/v1/grants/not-a-uuid${suffix}`, { headers: bearer(tenant.tokens.finance) }))
        .status,
    ).toBe(404);
  });

  it('lists only the own grants', async () => {
    const mine = (await (
      await app.request('/v1/grants', { headers: bearer(tenant.tokens.finance) })
    ).json()) as {
      items: { id: string }[];
    };
    const theirs = (await (
      await app.request('/v1/grants', { headers: bearer(other.tokens.finance) })
    ).json()) as {
      items: unknown[];
    };
    expect(mine.items.map((g) => g.id)).toEqual([grantId]);
    expect(theirs.items).toEqual([]);
  });

  it('gives a monthly cost CSV whose grand total is the sum of the month totals', async () => {
    const res = await app.request('/v1/costs/monthly?from=2026-01-01&to=2026-06-30', {
      headers: bearer(tenant.tokens.finance),
    });
    const rows = (await res.text())
      .trim()
      .split('\r\n')
      .map((r) => r.split(';'));
    const months = rows.filter((r) => r[1] === 'Summe Monat');
    const grand = rows.at(-1) ?? [];
    expect(months).toHaveLength(6);
    expect(months.reduce((a, r) => a + cents(r.at(-1) ?? ''), 0)).toBe(cents(grand.at(-1) ?? ''));
    expect(grand.at(-1)).toBe(((100 + 7) * 181).toFixed(2).replace('.', ','));
  });
});
