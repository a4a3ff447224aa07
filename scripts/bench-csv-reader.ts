/**
 * Speed of the one CSV reader against csv-parse (the reference), in the same run on the same
 * bytes fed in 64 KiB chunks: a metrics file (mostly unquoted rows, every tenth with a quoted
 * JSON labels field) and a FOCUS file (a quoted Tags field and description on every row).
 * Prints figures only; `npm run bench:ingest` prints them first, `npm run bench:csv` alone.
 *
 *   npm run bench:csv                 # 64 MiB per file
 *   BENCH_CSV_MIB=8 npm run bench:csv
 */
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parse as parseStream } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { focusSampleLines } from '../fixtures/focus/make-sample.ts';
import { CsvReader } from '../src/ingest/csv-reader.ts';

const CHUNK = 64 * 1024;
const MIB = 1024 * 1024;

function metricsText(bytes: number): string {
  const lines = ['service,metric,unit,timestamp,value,labels'];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const ts = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
    const line =
      i % 10 === 0
        ? `kfz-zulassung,memory_gib,GiB,${ts},${i % 977}.25,"{""env"":""prod"",""pod"":""p${i % 50}""}"`
        : `kfz-zulassung,requests_per_second,1/s,${ts},${i % 977}.5,env=prod;zone=${i % 3}`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

function focusText(bytes: number): string {
  const rows = [...focusSampleLines(2000, 7)];
  const header = rows[0] ?? '';
  const body = rows.slice(1);
  const lines = [header];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = body[i % body.length] ?? '';
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

function chunks(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += CHUNK)
    out.push(bytes.subarray(offset, offset + CHUNK));
  return out;
}

function ours(parts: readonly Uint8Array[]): Promise<number> {
  const reader = new CsvReader({ maxRecordLength: MIB });
  let records = 0;
  for (const part of parts) {
    reader.push(part);
    for (const record of reader.records(false)) if (record.fields) records++;
  }
  for (const record of reader.records(true)) if (record.fields) records++;
  return Promise.resolve(records);
}

function reference(parts: readonly Uint8Array[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const parser = parseStream({ bom: true, relax_column_count: true });
    let records = 0;
    parser.on('readable', () => {
      while (parser.read() !== null) records++;
    });
    parser.on('error', reject);
    parser.on('end', () => resolve(records));
    for (const part of parts) parser.write(Buffer.from(part.buffer, part.byteOffset, part.byteLength));
    parser.end();
  });
}

/** csv-parse's fastest form: the whole text at once, no stream (memory grows with the file). */
function referenceWhole(text: string): Promise<number> {
  return Promise.resolve(parseSync(text, { bom: true, relax_column_count: true }).length);
}

async function best(run: () => Promise<number>): Promise<{ seconds: number; records: number }> {
  let seconds = Number.POSITIVE_INFINITY;
  let records = 0;
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    records = await run();
    seconds = Math.min(seconds, (performance.now() - started) / 1000);
  }
  return { seconds, records };
}

/** Measures and prints a markdown table; returns the lines for callers that collect output. */
export async function benchCsvReader(mib = Number(process.env.BENCH_CSV_MIB ?? 64)): Promise<string[]> {
  const out = [
    `CSV reader vs csv-parse (64 KiB byte chunks, best of 3; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')})`,
    '',
    '| file | reader | records | MiB/s | ratio to csv-parse |',
    '|---|---|---:|---:|---:|',
  ];
  for (const [name, text] of [
    ['metrics', metricsText(mib * MIB)],
    ['FOCUS', focusText(mib * MIB)],
  ] as const) {
    const bytes = new TextEncoder().encode(text);
    const parts = chunks(bytes);
    const size = bytes.length / MIB;
    const theirs = await best(() => reference(parts));
    const whole = await best(() => referenceWhole(text));
    const mine = await best(() => ours(parts));
    if (mine.records !== theirs.records)
      throw new Error(`${name}: ${mine.records} records, csv-parse ${theirs.records}`);
    const rate = (r: { seconds: number }) => size / r.seconds;
    out.push(
      `| ${name} (${size.toFixed(0)} MiB) | CsvReader | ${mine.records} | ${rate(mine).toFixed(1)} | ${(rate(mine) / rate(theirs)).toFixed(2)} |`,
      `| ${name} (${size.toFixed(0)} MiB) | csv-parse (stream) | ${theirs.records} | ${rate(theirs).toFixed(1)} | 1.00 |`,
      `| ${name} (${size.toFixed(0)} MiB) | csv-parse/sync (whole text) | ${whole.records} | ${rate(whole).toFixed(1)} | ${(rate(whole) / rate(theirs)).toFixed(2)} |`,
    );
  }
  for (const line of out) console.log(line);
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchCsvReader();
