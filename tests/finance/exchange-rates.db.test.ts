import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { Database } from '../../src/store/database.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { fakeIo } from '../support/fake-io.ts';
import { bearer, jsonRequest, testApp } from '../support/test-app.ts';
import { csvRequest, type FinanceTenant, seedFinanceTenant } from './finance-setup.ts';
import { serveApp } from './serve-app.ts';

const shippedZip = readFileSync(new URL('../../fixtures/fx/eurofxref-hist.zip', import.meta.url));
// The daily file as the ECB publishes it (eurofxref.csv), for a day after the shipped table.
const daily = 'Date, USD, JPY, CHF, \n03 December 2026, 1.0543, 162.01, 0.9402, \n';

describe.each(testBackends())('exchange rates on %s', (backend) => {
  let database: Database;
  let app: ReturnType<typeof testApp>['app'];
  let tenant: FinanceTenant;
  let other: FinanceTenant;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    app = testApp(database).app;
    tenant = await seedFinanceTenant(database, 'kurse');
    other = await seedFinanceTenant(database, 'kurse-andere');
  });
  afterAll(() => database?.close());

  const lookup = async (from: string, to: string, day: string, token = tenant.tokens.read) =>
    (await (
      await app.request(`/v1/exchange-rates/lookup?from=${from}&to=${to}&day=${day}`, {
        headers: bearer(token),
      })
    ).json()) as {
      found: boolean;
      rate?: { rate: string; date: string; base: string; source: string };
      labelDe?: string;
      detail?: string;
    };
  const addRates = (rates: unknown[], token = tenant.tokens.finance) =>
    app.request('/v1/exchange-rates', jsonRequest('POST', token, { rates }));
  const importFile = (body: Uint8Array | string, type: string, token = tenant.tokens.finance) =>
    app.request('/v1/exchange-rates/imports?fileName=eurofxref.csv', {
      method: 'POST',
      headers: bearer(token, {
        'content-type': type,
        'content-length': String(new Blob([body as BlobPart]).size),
      }),
      body: body as BodyInit,
    });

  describe('GET /v1/exchange-rates/lookup', () => {
    it('uses the built-in ECB rate of the day, on a Sunday Friday’s, and names it in German', async () => {
      expect(await lookup('USD', 'EUR', '2026-04-13')).toMatchObject({
        found: true,
        rate: { base: 'EUR', rate: '1.1684', date: '2026-04-13', source: 'ECB' },
        labelDe: 'EZB-Referenzkurs vom 13.04.2026: 1 EUR = 1,1684 USD',
      });
      expect((await lookup('USD', 'EUR', '2026-04-12')).rate).toMatchObject({
        date: '2026-04-10',
        rate: '1.1711',
      });
      expect((await lookup('EUR', 'GBP', '1999-01-09')).rate).toMatchObject({ date: '1999-01-08' });
    });

    it('refuses a rate older than LASTPLAN_FX_MAX_AGE_DAYS, saying which one it found', async () => {
      const found = await lookup('USD', 'EUR', '2026-11-30');
      expect(found.found).toBe(false);
      expect(found.detail).toContain('is of 2026-04-13, 231 days earlier, more than the 14 days allowed');
    });
  });

  describe('POST /v1/exchange-rates', () => {
    it('adds a single rate entered as 1 USD = y EUR, leaves it unchanged when sent again, and corrects it', async () => {
      const usd = { base: 'USD', quote: 'EUR', rate: '0.95', date: '2026-11-27', source: 'Kämmerei' };
      const first = await addRates([usd]);
      expect(first.status).toBe(200);
      expect(await first.json()).toEqual({ added: 1, corrected: 0, unchanged: 0 });
      expect(await (await addRates([usd])).json()).toEqual({ added: 0, corrected: 0, unchanged: 1 });
      expect((await lookup('USD', 'EUR', '2026-11-30')).rate).toMatchObject({
        rate: '0.95',
        source: 'Kämmerei',
      });
      // The same day the ECB way round replaces it.
      const ecbWay = { base: 'EUR', quote: 'USD', rate: '1.0500', date: '2026-11-27', source: 'ECB' };
      expect(await (await addRates([ecbWay])).json()).toEqual({ added: 0, corrected: 1, unchanged: 0 });
      expect((await lookup('USD', 'EUR', '2026-11-30')).rate).toMatchObject({ base: 'EUR', rate: '1.0500' });
      // Other tenants do not see it.
      expect((await lookup('USD', 'EUR', '2026-11-30', other.tokens.read)).found).toBe(false);
      // The ECB table underneath is untouched.
      expect((await lookup('USD', 'EUR', '2026-04-13')).rate).toMatchObject({ rate: '1.1684' });
    });

    it.each([
      [[{ base: 'USD', quote: 'USD', rate: '1', date: '2026-11-27', source: 'x' }], '/rates/0/quote'],
      [[{ base: 'USD', quote: 'EUR', rate: '0', date: '2026-11-27', source: 'x' }], '/rates/0/rate'],
      [[{ base: 'USD', quote: 'EUR', rate: '1', date: '2026-02-30', source: 'x' }], '/rates/0/date'],
      [
        [
          { base: 'USD', quote: 'EUR', rate: '0.9', date: '2026-11-20', source: 'x' },
          { base: 'EUR', quote: 'USD', rate: '1.1', date: '2026-11-20', source: 'x' },
        ],
        '/rates/1/date',
      ],
    ])('refuses %j with a problem naming %s, storing nothing', async (rates, pointer) => {
      const res = await addRates(rates);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await res.json()) as { errors: { pointer: string }[] };
      expect(problem.errors.map((e) => e.pointer)).toContain(pointer);
      expect((await lookup('USD', 'EUR', '2026-11-21')).rate?.date).not.toBe('2026-11-20');
    });

    it('needs the finance scope', async () => {
      const res = await addRates(
        [{ base: 'USD', quote: 'EUR', rate: '1', date: '2026-11-27', source: 'x' }],
        tenant.tokens.read,
      );
      expect(res.status).toBe(403);
    });
  });

  describe('DELETE /v1/exchange-rates/{base}/{quote}/{date}', () => {
    it('removes the tenant’s own rate in either direction, then answers 404', async () => {
      await addRates([{ base: 'USD', quote: 'EUR', rate: '0.9', date: '2026-04-13', source: 'Kämmerei' }]);
      expect((await lookup('USD', 'EUR', '2026-04-13')).rate).toMatchObject({ source: 'Kämmerei' });
      const del = () =>
        app.request('/v1/exchange-rates/EUR/USD/2026-04-13', {
          method: 'DELETE',
          headers: bearer(tenant.tokens.finance),
        });
      expect((await del()).status).toBe(204);
      expect((await lookup('USD', 'EUR', '2026-04-13')).rate).toMatchObject({
        source: 'ECB',
        rate: '1.1684',
      });
      expect((await del()).status).toBe(404);
    });
  });

  describe('POST /v1/exchange-rates/imports', () => {
    it('imports a newer daily ECB file, and the same file again changes nothing', async () => {
      const res = await importFile(daily, 'text/csv');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        fileName: 'eurofxref.csv',
        days: 1,
        first: '2026-12-03',
        last: '2026-12-03',
        currencies: ['CHF', 'JPY', 'USD'],
        added: 3,
        corrected: 0,
        unchanged: 0,
        builtIn: 0,
      });
      expect(await (await importFile(daily, 'text/csv')).json()).toMatchObject({ added: 0, unchanged: 3 });
      expect((await lookup('CHF', 'EUR', '2026-12-05')).rate).toMatchObject({
        rate: '0.9402',
        date: '2026-12-03',
      });
    });

    it('stores nothing of the shipped history: every rate is built in already', async () => {
      const res = await importFile(shippedZip, 'application/zip');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ days: 6983, added: 0, corrected: 0, builtIn: 217_555 });
    });

    it.each([
      [
        'a file with a bad value',
        'Date,USD,\n2026-12-04,1.05,\n2026-12-07,eins,\n',
        'text/csv',
        400,
        '/line/3/USD',
      ],
      ['a truncated ZIP', shippedZip.subarray(0, 50_000), 'application/zip', 400, '/body'],
      ['a FOCUS file', 'BilledCost,BillingCurrency\n1,USD\n', 'text/csv', 400, '/line/1'],
      ['JSON', '{"rates":[]}', 'application/json', 415, undefined],
    ])('refuses %s with problem+json and stores nothing', async (_name, body, type, status, pointer) => {
      const res = await importFile(body, type);
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      if (pointer) {
        const problem = (await res.json()) as { errors: { pointer: string }[] };
        expect(problem.errors[0]?.pointer).toBe(pointer);
      }
      expect((await lookup('USD', 'EUR', '2026-12-04')).rate).toMatchObject({ date: '2026-12-03' });
    });
  });

  describe('the cost import', () => {
    it('books a USD cost with the ECB rate of its day (entered the ECB way round) and shows the rate', async () => {
      const plain = [
        'date,service,category,amount,currency',
        '2026-04-10,wahlschein,compute,117.11,USD',
        '2026-04-11,wahlschein,compute,100.00,USD',
        '2026-04-13,wahlschein,compute,50.00,EUR',
      ].join('\n');
      const res = await app.request(
        '/v1/costs/imports?fileName=rz.csv&source=rz',
        csvRequest(other.tokens.finance, plain),
      );
      expect(res.status).toBe(200);
      const result = (await res.json()) as {
        periods: {
          action: string;
          booked: string;
          rates: { labelDe: string; records: number; original: unknown; booked: unknown }[];
        }[];
      };
      const [period] = result.periods;
      expect(period?.action).toBe('imported');
      // 117.11 / 1.1711 = 100 and 100 / 1.1711 (Saturday: Friday's rate) = 85.389804457…; plus 50 EUR.
      expect(period?.booked).toBe('235.39');
      expect(period?.rates).toEqual([
        {
          base: 'EUR',
          quote: 'USD',
          rate: '1.1711',
          date: '2026-04-10',
          source: 'ECB',
          label: 'ECB reference rate of 2026-04-10: 1 EUR = 1.1711 USD',
          labelDe: 'EZB-Referenzkurs vom 10.04.2026: 1 EUR = 1,1711 USD',
          records: 2,
          original: { amount: '217.11', currency: 'USD' },
          booked: { amount: '185.389804457', currency: 'EUR' },
        },
      ]);
    });

    it('names the rate in the monthly report, next to the figure it converted', async () => {
      const csv = await (
        await app.request('/v1/costs/monthly?from=2026-04-01&to=2026-04-30', {
          headers: bearer(other.tokens.finance),
        })
      ).text();
      const row = csv.split('\r\n').find((line) => line.startsWith('2026-04;wahlschein;'));
      expect(row).toBe(
        '2026-04;wahlschein;235,39;0,00;0,00;0,00;0,00;235,39;EZB-Referenzkurs vom 10.04.2026: 1 EUR = 1,1711 USD',
      );
    });

    it('rejects a period whose rate is too old, naming the rate and the limit', async () => {
      const plain = 'date,service,category,amount,currency\n2026-10-01,wahlschein,compute,10,GBP\n';
      const result = (await (
        await app.request(
          '/v1/costs/imports?fileName=gbp.csv&source=gbp',
          csvRequest(other.tokens.finance, plain),
        )
      ).json()) as { periods: { action: string; errors: { message: string }[] }[] };
      expect(result.periods[0]?.action).toBe('rejected');
      expect(result.periods[0]?.errors[0]?.message).toContain(
        'GBP/EUR exchange rate on or before 2026-10-01 is of 2026-04-13',
      );
    });
  });
});

describe.each(testBackends())('lastplan fx import on %s', (backend) => {
  let database: Database;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let tenant: FinanceTenant;
  let dir: string;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    server = await serveApp(testApp(database).app);
    tenant = await seedFinanceTenant(database, 'cli-kurse');
    dir = await mkdtemp(join(tmpdir(), 'lastplan-fx-'));
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends the file to the server and prints what it added', async () => {
    const file = join(dir, 'eurofxref.csv');
    await writeFile(file, daily);
    const io = fakeIo({ LASTPLAN_API: server.url, LASTPLAN_TOKEN: tenant.tokens.finance });
    expect(await main(['fx', 'import', file], io)).toBe(0);
    expect(io.out()).toBe(
      'eurofxref.csv: ECB reference rates of 1 day(s), 2026-12-03 to 2026-12-03, 3 currencies; 3 rate(s) added, 0 corrected, 0 unchanged, 0 built in already\n',
    );
    const zip = fakeIo({ LASTPLAN_API: server.url, LASTPLAN_TOKEN: tenant.tokens.finance });
    expect(await main(['fx', 'import', 'fixtures/fx/eurofxref-hist.zip'], zip)).toBe(0);
    expect(zip.out()).toContain('6983 day(s), 1999-01-04 to 2026-04-13, 41 currencies; 0 rate(s) added');
  });

  it('exits 1 with the server’s reason in one line for a bad file', async () => {
    const file = join(dir, 'bad.csv');
    await writeFile(file, 'Date,USD,\n2026-12-04,-1,\n');
    const io = fakeIo({ LASTPLAN_API: server.url, LASTPLAN_TOKEN: tenant.tokens.finance });
    expect(await main(['fx', 'import', file], io)).toBe(1);
    expect(io.err()).toMatch(/the server answered 400: .*\/line\/2\/USD/);
    expect(io.err().trim().split('\n')).toHaveLength(1);
  });
});
