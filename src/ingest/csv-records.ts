import { type ChunkSource, chunksOf } from './chunks-of.ts';
import { CsvReader, type CsvReaderOptions, type CsvRecord } from './csv-reader.ts';

/**
 * Streams RFC 4180 CSV records out of text or UTF-8 byte chunks of any size (see `CsvReader`),
 * yielding the records completed by each chunk as one array so the caller's loop stays cheap.
 *
 * @example
 * for await (const records of csvRecords(['a,b\r\n"x, y",2\n'])) {
 *   records; // [{ fields: ['a', 'b'], line: 1 }, { fields: ['x, y', '2'], line: 2 }]
 * }
 * @throws DomainError `malformed-body` for bytes that are not UTF-8, `validation` for an over-long record
 */
export async function* csvRecords(
  source: ChunkSource,
  options: CsvReaderOptions = {},
): AsyncGenerator<CsvRecord[]> {
  const reader = new CsvReader(options);
  for await (const chunk of chunksOf(source)) {
    reader.push(chunk);
    const records = [...reader.records(false)];
    if (records.length > 0) yield records;
  }
  const records = [...reader.records(true)];
  if (records.length > 0) yield records;
}
