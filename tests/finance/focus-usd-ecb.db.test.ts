import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { Database } from '../../src/store/database.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { fakeIo } from '../support/fake-io.ts';
import { bearer, testApp } from '../support/test-app.ts';
import { type FinanceTenant, seedFinanceTenant } from './finance-setup.ts';
import { serveApp } from './serve-app.ts';

/*
 * End to end: a FOCUS file in the official sample data's style, billed in USD by three providers,
 * goes through `lastplan import focus` into a EUR tenant, and every period's booked EUR equals
 * Σ BilledCost / (ECB USD rate of the charge day) to the cent. The expectation is computed here
 * from the ECB's CSV and the file's text with exact fractions, sharing no code with the import.
 */

const FIXTURE = 'fixtures/fx/focus-usd-three-providers.csv';
const asExported = readFileSync(FIXTURE, 'utf8');

/** The ECB's CSV out of the shipped ZIP with node's zlib (sizes from the local header). */
function ecbUsdRates(): { dates: string[]; rates: string[] } {
  const zip = readFileSync('fixtures/fx/eurofxref-hist.zip');
  const packed = zip.readUInt32LE(18);
  const start = 30 + zip.readUInt16LE(26) + zip.readUInt16LE(28);
  const lines = inflateRawSync(zip.subarray(start, start + packed))
    .toString('utf8')
    .trim()
    .split('\n');
  const usd = lines[0]!.split(',').indexOf('USD');
  const rows = lines
    .slice(1)
    .map((line) => line.split(','))
    .filter((cells) => cells[usd] !== 'N/A')
    .map((cells) => [cells[0]!, cells[usd]!] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return { dates: rows.map((r) => r[0]), rates: rows.map((r) => r[1]) };
}

/** RFC 4180 fields, written for this test. */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));

/** A decimal text as a fraction. */
function fraction(text: string): [bigint, bigint] {
  const [whole, part = ''] = text.split('.');
  return [BigInt(`${whole}${part}`), 10n ** BigInt(part.length)];
}

/** Exact cents (half away from zero) of Σ BilledCost / rate per billing period, keyed like the import's periods. */
function expectedCents(text: string): Map<string, bigint> {
  const { dates, rates } = ecbUsdRates();
  const berlin = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const [header, ...rows] = csvRows(text);
  const col = (name: string) => header!.indexOf(name);
  const sums = new Map<string, [bigint, bigint]>();
  for (const cells of rows) {
    const day = berlin.format(new Date(cells[col('ChargePeriodStart')]!));
    let at = -1;
    for (let i = 0; i < dates.length && dates[i]! <= day; i++) at = i;
    const [billed, billedScale] = fraction(cells[col('BilledCost')]!);
    const [rate, rateScale] = fraction(rates[at]!);
    const period = `${cells[col('InvoiceIssuerName')]}|${cells[col('BillingAccountId')]}|${new Date(cells[col('BillingPeriodStart')]!).toISOString()}`;
    const [n, d] = sums.get(period) ?? [0n, 1n];
    // n/d + billed/billedScale ÷ rate/rateScale
    const addN = billed * rateScale;
    const addD = billedScale * rate;
    const num = n * addD + addN * d;
    const den = d * addD;
    const g = gcd(num, den);
    sums.set(period, [num / g, den / g]);
  }
  return new Map(
    [...sums].map(([period, [n, d]]) => {
      const cents = (n * 100n * 2n + d) / (2n * d); // all amounts are positive: half up
      return [period, cents];
    }),
  );
}

/** The same charges written plainly: nulls empty, the empty mandatory ContractedCost filled with BilledCost. */
function plainlyWritten(text: string): string {
  const [header, ...rows] = csvRows(text);
  const contracted = header!.indexOf('ContractedCost');
  const billed = header!.indexOf('BilledCost');
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return `${[
    header!.join(','),
    ...rows.map((cells) =>
      cells
        .map((v, i) => (i === contracted && v === '' ? cells[billed]! : v === 'NULL' ? '' : v))
        .map(quote)
        .join(','),
    ),
  ].join('\n')}\n`;
}

interface ImportDto {
  imported: number;
  unchanged: number;
  rejected: number;
  periods: { key: string; action: string; booked: string; rates: { date: string; labelDe: string }[] }[];
}

describe.each(testBackends())(
  'a USD FOCUS file in the official samples’ style, through the CLI, on %s',
  (backend) => {
    let database: Database;
    let server: Awaited<ReturnType<typeof serveApp>>;
    let app: ReturnType<typeof testApp>['app'];
    let dir: string;

    beforeAll(async () => {
      database = await openTestDatabase(backend);
      app = testApp(database).app;
      server = await serveApp(app);
      dir = await mkdtemp(join(tmpdir(), 'lastplan-focus-usd-'));
      // A fresh PGlite template takes most of a minute on a loaded machine.
    }, 180_000);
    afterAll(async () => {
      await server?.close();
      await database?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    async function importTwice(tenant: FinanceTenant, file: string) {
      const env = { LASTPLAN_API: server.url, LASTPLAN_TOKEN: tenant.tokens.finance };
      const io = fakeIo(env);
      expect(await main(['import', 'focus', file], io)).toBe(0);
      // The booked figures as the server answered them.
      const api = (await (
        await app.request('/v1/costs/imports?fileName=check.csv', {
          method: 'POST',
          headers: bearer(tenant.tokens.finance, { 'content-type': 'text/csv' }),
          body: readFileSync(file, 'utf8'),
        })
      ).json()) as ImportDto;
      const report = async () =>
        (
          await app.request('/v1/costs/monthly?from=2025-12-01&to=2026-04-30', {
            headers: bearer(tenant.tokens.finance),
          })
        ).text();
      const before = await report();
      const again = fakeIo(env);
      expect(await main(['import', 'focus', file], again)).toBe(0);
      return { out: io.out(), againOut: again.out(), api, before, after: await report() };
    }

    async function checkBooking(tenant: FinanceTenant, text: string, name: string) {
      const file = join(dir, name);
      await writeFile(file, text);
      const expected = expectedCents(asExported);
      const { out, againOut, api, before, after } = await importTwice(tenant, file);
      expect(out).toMatch(new RegExp(`${expected.size} period\\(s\\) imported, 0 unchanged, 0 rejected`));
      // The file name differs from the CLI's, the content does not: every period is unchanged.
      expect(api.periods.every((p) => p.action === 'unchanged')).toBe(true);
      expect(againOut).toMatch(
        new RegExp(`0 period\\(s\\) imported, ${expected.size} unchanged, 0 rejected`),
      );
      expect(after).toBe(before);

      // Booked per period (the CLI's summary) equals the exact expectation to the cent.
      const booked = new Map(
        [
          ...out.matchAll(/imported +(\S.*?\|\S+\|\S+?)\/\S+: \d+ rows, billed [\d.]+ USD, booked ([\d.]+)/g),
        ].map((m) => [m[1]!, BigInt(m[2]!.replace('.', ''))]),
      );
      expect(booked).toEqual(expected);
      // Good Friday and Easter Monday 2026 have no ECB rate: both use Maundy Thursday's, and New
      // Year's Day the one of 31 December.
      expect(out).toContain('ECB reference rate of 2026-04-02: 1 EUR = 1.1525 USD');
      expect(out).toContain('ECB reference rate of 2025-12-31: 1 EUR = 1.175 USD');
      expect(out).not.toContain('ECB reference rate of 2026-04-03');
      expect(out).not.toContain('ECB reference rate of 2026-04-06');
      expect(before).toContain('EZB-Referenzkurs vom 02.04.2026');
    }

    it('books the file written plainly (no NULLs, no empty mandatory column) at the ECB rate of each charge day', async () => {
      const tenant = await seedFinanceTenant(database, 'usd-plain');
      await checkBooking(tenant, plainlyWritten(asExported), 'focus-usd-plain.csv');
    });

    it('books the file as exported, with literal NULLs and Oracle’s empty ContractedCost, the same way', async () => {
      const tenant = await seedFinanceTenant(database, 'usd-official');
      await checkBooking(tenant, asExported, 'focus-usd-three-providers.csv');
    });
  },
);
