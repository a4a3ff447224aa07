/**
 * `npm run bench:fx`: what the built-in ECB table costs. It is read on first use, not at start-up,
 * so the server's first start pays nothing; the first cost import of a process pays the figures
 * below once. Printed next to references measured in the same run: node's zlib (a C binding) for
 * the inflate, and `String.split` over the same text for the parse. Then the lookup speed over a
 * year of days, against a Map of exact days (no fallback), and the load average, since the
 * machine may be shared.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { inflateRawSync } from 'node:zlib';
import { rateHistory } from '../src/finance/rate-history.ts';
import { parseEcbCsv } from '../src/ingest/fx/parse-ecb-csv.ts';
import { unzipSingleEntry } from '../src/ingest/fx/unzip-single-entry.ts';

const zip = new Uint8Array(readFileSync(new URL('../fixtures/fx/eurofxref-hist.zip', import.meta.url)));

async function best<T>(runs: number, work: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  let ms = Number.POSITIVE_INFINITY;
  let value: T | undefined;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    value = await work();
    ms = Math.min(ms, performance.now() - start);
  }
  return { ms, value: value as T };
}

const ms = (x: number) => `${x.toFixed(1)} ms`;
const runs = 7;

const cold = performance.now();
const first = await unzipSingleEntry(zip);
const firstText = new TextDecoder().decode(first.data);
parseEcbCsv(firstText);
const coldMs = performance.now() - cold;

const inflate = await best(runs, () => unzipSingleEntry(zip));
const view = Buffer.from(zip);
const start = 30 + view.readUInt16LE(26) + view.readUInt16LE(28);
const zlib = await best(runs, () => inflateRawSync(view.subarray(start, start + view.readUInt32LE(18))));
const text = new TextDecoder().decode(inflate.value.data);
const parse = await best(runs, () => parseEcbCsv(text));
const split = await best(runs, () => text.split('\n').map((line) => line.split(',')));

const ecb = parse.value;
const lookup = rateHistory({ own: [], shared: [], reference: ecb.byCurrency, maxAgeDays: 14 });
const days: string[] = [];
for (let d = Date.UTC(2025, 0, 1); d < Date.UTC(2026, 0, 1); d += 86_400_000)
  days.push(new Date(d).toISOString().slice(0, 10));
const usd = ecb.byCurrency.get('USD')!;
const exact = new Map(usd.dates.map((date, i) => [date, usd.rates[i]]));
const N = 200_000;
const ours = await best(3, () => {
  let found = 0;
  for (let i = 0; i < N; i++) if (lookup('USD', 'EUR', days[i % days.length]!).kind === 'found') found++;
  return found;
});
const map = await best(3, () => {
  let found = 0;
  for (let i = 0; i < N; i++) if (exact.get(days[i % days.length]!) !== undefined) found++;
  return found;
});

console.log(
  `ECB table: ${ecb.days.length} days, ${ecb.byCurrency.size} currencies, ${ecb.values} rates (${zip.length} bytes zipped, ${text.length} unzipped)`,
);
console.log(`first use in this process (unzip + parse, cold):  ${ms(coldMs)}`);
console.log(
  `unzip, DecompressionStream + CRC-32 (best of ${runs}): ${ms(inflate.ms)}   reference node zlib inflateRawSync: ${ms(zlib.ms)}`,
);
console.log(
  `parse and check every cell (best of ${runs}):     ${ms(parse.ms)}   reference split into cells only: ${ms(split.ms)}`,
);
console.log(
  `lookup USD→EUR, ${N} days of 2025 incl. weekends: ${ms(ours.ms)} (${Math.round(N / (ours.ms / 1000)).toLocaleString('en')} /s, ${ours.value} found)   reference exact-day Map.get: ${ms(map.ms)} (${map.value} found, weekends missing)`,
);
console.log(
  `load average (1, 5, 15 min): ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')} on ${availableParallelism()} cores`,
);
