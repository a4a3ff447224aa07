/**
 * Every CSV door reads a file the same however it arrives: split at every byte offset, and in
 * random writes of 1 to 7 bytes. Each door is driven with a realistic file (quotes, doubled
 * quotes, separators and line breaks inside quotes, CRLF, a BOM, umlauts and €) and with inputs
 * that fast-check builds from the same hard pieces.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { specSampleAssume } from '../../fixtures/focus/spec-sample-assume.ts';
import { parseCatalogCsv } from '../../src/cost/parse-catalog-csv.ts';
import { everySplit, splitAt } from '../../src/ingest/chunk-splits.ts';
import { decodeCsvSamples } from '../../src/ingest/csv-samples.ts';
import { parseFocus } from '../../src/ingest/focus/parse-focus.ts';
import { parsePlainCosts } from '../../src/ingest/focus/parse-plain-costs.ts';

type Read = (chunks: Uint8Array[]) => Promise<unknown>;

/** What a door made of the input: everything it yielded, or the error it threw. */
async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return { value: await run() };
  } catch (error) {
    return { thrown: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

async function collect<T>(batches: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of batches) out.push(batch);
  return out;
}

/** Batches may be cut differently; their contents, in order, may not. */
function flatten(batches: readonly object[]): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const batch of batches) {
    for (const [key, list] of Object.entries(batch)) {
      out[key] = [...(out[key] ?? []), ...(list as unknown[])];
    }
  }
  return out;
}

const now = Date.UTC(2026, 10, 24);
const doors: Record<string, Read> = {
  metrics: async (chunks) => flatten(await collect(decodeCsvSamples(toAsync(chunks), { now, batchSize: 3 }))),
  catalogs: async (chunks) => parseCatalogCsv(chunks),
  focus: async (chunks) =>
    flatten(await collect(parseFocus(chunks, { batchSize: 2, assume: specSampleAssume }))),
  'plain costs': async (chunks) => flatten(await collect(parsePlainCosts(chunks, { batchSize: 2 }))),
};

async function* toAsync(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* chunks;
}

const encode = (text: string) => new TextEncoder().encode(text);
const fixture = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');

const metricsFile = `\uFEFF${fixture('ingest/metrics.csv')
  .replaceAll('\n', '\r\n')
  .trimEnd()}\r\n"""kfz-zulassung""",requests_per_second,1/s,2026-11-23T10:00:00Z,"1",\r\nbad"x"y,cpu_cores,cores,2026-11-23T10:00:00Z,1,\r\n"Standesamt, Süd",memory_gib,GiB,2026-11-23T10:00:00Z,2.5,"{""note"":""a\r\nb""}"\r\n"x"y,cpu_cores\r\n`;

const catalogFile =
  '\uFEFFprovider,region,kind,name,vcpu,memory_gib,price,currency,unit,vat_basis,valid_on,source,term,included,note\r\n' +
  'rz,"RZ Nord, Köln",instance,vm-4-16,4,16,0.05,EUR,hour,gross,2026-01-01,"RV ""2026/17""",,,"Preis je Stunde,\r\ninkl. Betrieb (€)"\r\n' +
  'rz,"RZ Nord, Köln",commitment,vm-4-16,,,25.5,EUR,month,gross,2026-01-01,RV 2026/17,1y,,\r\n' +
  'rz,"RZ Nord, Köln",block_storage,ssd,,,0.08,EUR,gib_month,net,2026-02-01,Angebot 4711,,,"Größe ""frei"""\r\n';

const plainFile =
  '\uFEFFdate;service;category;amount;currency;description\r\n' +
  '31.01.2026;Kfz-Zulassung;licences;1.200,50;EUR;"Fachverfahren; ""Januar"""\r\n' +
  '01.02.2026;Bürgerbüro;Rechenleistung;-3,5;EUR;"zwei\r\nZeilen"\r\n' +
  '02.02.2026;"kaputt"x;licences;1;EUR;\r\n';

const files: Record<string, string[]> = {
  metrics: [metricsFile],
  catalogs: [catalogFile],
  focus: [
    fixture('focus/focus_1.0_official_style.csv'),
    fixture('focus/focus_v1.2_commitment_discount_flexibility_1_resource.csv'),
    fixture('focus/focus_correction_late_arriving_usage_ledger.csv').replaceAll('\n', '\r\n'),
  ],
  'plain costs': [plainFile],
};

describe.each(Object.keys(doors))('the %s CSV door', (name) => {
  const read = doors[name] as Read;

  it.each(files[name] ?? [])('reads a file the same at every split #%#', async (text) => {
    const bytes = encode(text);
    const whole = await outcome(() => read([bytes]));
    expect(whole).toHaveProperty('value');
    for (const chunks of everySplit(bytes)) expect(await outcome(() => read(chunks))).toEqual(whole);
    for (const size of [1, 2, 3, 7]) expect(await outcome(() => read(splitAt(bytes, [size])))).toEqual(whole);
  });

  it('reads any variation of it the same in random writes of 1 to 7 bytes', async () => {
    const base = files[name]?.[0] ?? '';
    const lines = base.split(/(?<=\n)/);
    await fc.assert(
      fc.asyncProperty(
        // Damage lines after the header (kept intact so the variations reach the row reader) of the file: quotes, separators and line breaks come and go.
        fc.array(
          fc.tuple(
            fc.nat({ max: lines.length - 1 }),
            fc.nat(),
            fc.constantFrom('', '"', ',', ';', '\r', '\n', '\r\n', 'ü', '€', '""'),
          ),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 20 }),
        async (edits, sizes) => {
          const out = [...lines];
          for (const [line, at, insert] of edits) {
            const text = out[line] ?? '';
            const position = at % (text.length + 1);
            out[line] = text.slice(0, position) + insert + text.slice(position);
          }
          const bytes = encode((lines[0] ?? '') + out.slice(1).join(''));
          const whole = await outcome(() => read([bytes]));
          expect(await outcome(() => read(splitAt(bytes, sizes)))).toEqual(whole);
        },
      ),
      { numRuns: 60 },
    );
  });
});
