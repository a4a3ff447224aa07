/**
 * Streaming CSV metric import for backfills of millions of rows:
 *
 * ```csv
 * service,metric,unit,timestamp,value,labels
 * kfz-zulassung,requests_per_second,1/s,2026-11-23T10:00:00Z,12.5,env=prod;zone=a
 * kfz-zulassung,memory_gib,GiB,1795428000000,3.5,"{""env"":""prod""}"
 * ```
 *
 * The header row is required and names the columns (any order); `labels` (`k=v;k2=v2` or a JSON
 * object) and `kind` (`gauge`, `counter`, `delta`) are optional columns. Rows come out in batches
 * of a bounded size; a bad row becomes a rejection with its 1-based line number and never stops
 * the import. Series-level checks are cached per distinct (service, metric, unit, kind, labels),
 * so a row costs a split, a map lookup, a timestamp and a number.
 */
import { DomainError } from '../domain/errors.ts';
import { csvRecords } from './csv-records.ts';
import { clip, parseTimestamp } from './parse-timestamp.ts';
import type { DecodedBatch } from './sample.ts';
import {
  isProblem,
  type SampleProblem,
  type ValidSeries,
  validatePoint,
  validateSeries,
} from './validate-sample.ts';

export interface CsvSamplesOptions {
  /** Epoch ms; timestamps more than an hour after it are refused. */
  readonly now: number;
  /** Samples plus rejections per yielded batch (default 5000). */
  readonly batchSize?: number;
  readonly maxRecordLength?: number;
}

const required = ['service', 'metric', 'unit', 'timestamp', 'value'] as const;
const optional = ['labels', 'kind'] as const;
type Column = (typeof required)[number] | (typeof optional)[number];
const columnAliases: Readonly<Record<string, Column>> = { ts: 'timestamp', time: 'timestamp' };
/** Bounds of the series cache, in entries and in key characters (keys can be long label fields). */
const CACHE_ENTRIES = 10_000;
const CACHE_CHARS = 4_000_000;

/**
 * Decodes a CSV stream into batches of validated samples and rejections.
 *
 * @example for await (const batch of decodeCsvSamples(request.body, { now: Date.now() })) await store(batch)
 * @throws DomainError `validation` for a missing or wrong header, `malformed-body` for bytes that are not UTF-8
 */
export async function* decodeCsvSamples(
  source: AsyncIterable<Uint8Array | string>,
  options: CsvSamplesOptions,
): AsyncGenerator<DecodedBatch> {
  const batchSize = Math.max(1, options.batchSize ?? 5000);
  const series = new Map<string, ValidSeries | SampleProblem>();
  let columns: Column[] | undefined;
  let at: Record<Column, number> | undefined;
  let batch: DecodedBatch = { samples: [], rejected: [] };
  let ordinal = 0;
  let cachedChars = 0;
  let lastTsRaw: string | undefined;
  let lastTs: number | string = '';

  const reading = csvRecords(
    source,
    options.maxRecordLength ? { maxRecordLength: options.maxRecordLength } : {},
  );
  for await (const records of reading) {
    for (const record of records) {
      if (columns === undefined || at === undefined) {
        if (record.error !== undefined) headerError(record.error);
        columns = readHeader(record.fields);
        at = Object.fromEntries(columns.map((name, i) => [name, i])) as Record<Column, number>;
        continue;
      }
      if (record.error !== undefined) {
        batch.rejected.push({ index: ordinal++, line: record.line, reason: record.error });
      } else {
        const f = record.fields;
        if (f.length === 1 && f[0] === '') continue;
        const index = ordinal++;
        if (f.length !== columns.length) {
          batch.rejected.push({
            index,
            line: record.line,
            reason: `expected ${columns.length} fields (${columns.join(',')}), got ${f.length}`,
          });
        } else {
          const labelsRaw = at.labels === undefined ? '' : (f[at.labels] as string);
          const kindRaw = at.kind === undefined ? '' : (f[at.kind] as string);
          const key = `${f[at.service]}\u0000${f[at.metric]}\u0000${f[at.unit]}\u0000${kindRaw}\u0000${labelsRaw}`;
          let valid = series.get(key);
          if (valid === undefined) {
            if (series.size >= CACHE_ENTRIES || cachedChars > CACHE_CHARS) {
              series.clear();
              cachedChars = 0;
            }
            cachedChars += key.length;
            const labels = parseLabels(labelsRaw);
            valid =
              typeof labels === 'string'
                ? { field: 'labels', reason: labels }
                : validateSeries({
                    service: f[at.service],
                    metric: f[at.metric],
                    unit: f[at.unit],
                    kind: kindRaw === '' ? undefined : kindRaw,
                    labels,
                  });
            series.set(key, valid);
          }
          // Rows of one instant usually come together: parse each run of equal timestamp texts once.
          const tsRaw = f[at.timestamp] as string;
          if (tsRaw !== lastTsRaw) {
            const parsed = parseTimestamp(tsRaw);
            lastTsRaw = tsRaw;
            lastTs = parsed.ok ? parsed.value : tsRaw;
          }
          const sample = isProblem(valid) ? valid : validatePoint(valid, lastTs, f[at.value], options.now);
          if (isProblem(sample)) batch.rejected.push({ index, line: record.line, reason: sample.reason });
          else batch.samples.push(sample);
        }
      }
      if (batch.samples.length + batch.rejected.length >= batchSize) {
        yield batch;
        batch = { samples: [], rejected: [] };
      }
    }
  }

  if (columns === undefined) {
    throw new DomainError(
      'validation',
      `CSV is empty: a header row is required (${required.join(',')})`,
      [],
      {
        line: 1,
      },
    );
  }
  if (batch.samples.length + batch.rejected.length > 0) yield batch;
}

function headerError(problem: string): never {
  throw new DomainError(
    'validation',
    `CSV line 1 must be a header naming the columns ${required.join(',')}[,labels][,kind]: ${problem}`,
    [],
    { line: 1 },
  );
}

function readHeader(fields: readonly string[]): Column[] {
  const columns: Column[] = [];
  const fail = headerError;
  for (const raw of fields) {
    const name = raw.trim().toLowerCase();
    const column = columnAliases[name] ?? ([...required, ...optional] as string[]).find((c) => c === name);
    if (column === undefined) fail(`unknown column '${clip(raw, 40)}'`);
    if (columns.includes(column as Column)) fail(`column '${column}' appears twice`);
    columns.push(column as Column);
  }
  const missing = required.filter((c) => !columns.includes(c));
  if (missing.length > 0) fail(`missing ${missing.join(', ')}`);
  return columns;
}

/**
 * Parses the labels field: empty, `k=v;k2=v2`, or a JSON object. Returns a reason on failure.
 *
 * @example parseLabels('env=prod;zone=a') // { env: 'prod', zone: 'a' }
 */
export function parseLabels(raw: string): Record<string, unknown> | string {
  if (raw === '') return {};
  if (raw.charCodeAt(0) === 123 /* { */) {
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value === 'object' && value !== null && !Array.isArray(value))
        return value as Record<string, unknown>;
    } catch {
      // fall through to the reason below
    }
    return `labels '${clip(raw)}' is not a JSON object`;
  }
  const labels: Record<string, string> = Object.create(null);
  for (const pair of raw.split(';')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    if (eq <= 0) return `label '${clip(pair)}' is not key=value`;
    const key = pair.slice(0, eq);
    if (Object.hasOwn(labels, key)) return `label '${clip(key)}' appears twice`;
    labels[key] = pair.slice(eq + 1);
  }
  return labels;
}
