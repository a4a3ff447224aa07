import { DomainError } from '../../domain/errors.ts';

/** One CSV record: its fields and the 1-based line of the file on which it starts. */
export interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
}

export interface CsvOptions {
  /** Field separator, one character; `,` by default. */
  readonly delimiter?: string;
}

/**
 * Input accepted by every streaming parser here: bytes (UTF-8) or text, in chunks of any size;
 * a request body (`ReadableStream`), a Node stream, a generator or an array.
 */
export type ChunkSource =
  | AsyncIterable<Uint8Array | string>
  | Iterable<Uint8Array | string>
  | ReadableStream<Uint8Array | string>;

/** Reads a web stream chunk by chunk; the TS DOM types do not declare it async-iterable. */
export async function* chunksOf(source: ChunkSource): AsyncGenerator<Uint8Array | string> {
  if (!('getReader' in source)) {
    yield* source;
    return;
  }
  const reader = source.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

interface Scan {
  /** Records complete in the text. */
  readonly records: CsvRecord[];
  /** Where the first incomplete record starts (text.length when none is left over). */
  readonly rest: number;
  /** Line number of the first incomplete record. */
  readonly line: number;
}

/**
 * Splits text into RFC 4180 records. A record that may continue in the next chunk
 * is left for later unless `final`. Empty lines are skipped (the FOCUS spec samples have them).
 */
function scan(text: string, firstLine: number, final: boolean, separator: number): Scan {
  const records: CsvRecord[] = [];
  const length = text.length;
  let position = 0;
  let line = firstLine;
  let committedLine = firstLine;
  record: while (position < length) {
    const recordStart = position;
    const recordLine = line;
    const fields: string[] = [];
    let i = position;
    for (;;) {
      let value: string;
      if (i < length && text.charCodeAt(i) === QUOTE) {
        value = '';
        let j = i + 1;
        for (;;) {
          const quote = text.indexOf('"', j);
          if (quote === -1) {
            if (!final) break record;
            throw new DomainError('validation', `line ${recordLine}: quoted field is never closed`, [
              { pointer: '', detail: `line ${recordLine}: quoted field is never closed` },
            ]);
          }
          const piece = text.slice(j, quote);
          value += piece;
          line += countNewlines(piece);
          if (quote + 1 >= length && !final) break record;
          if (text.charCodeAt(quote + 1) === QUOTE) {
            value += '"';
            j = quote + 2;
            continue;
          }
          i = quote + 1;
          break;
        }
        const next = i < length ? text.charCodeAt(i) : -1;
        if (next !== -1 && next !== separator && next !== LF && next !== CR) {
          const detail = `line ${line}: unexpected character after a closing quote (field ${fields.length + 1})`;
          throw new DomainError('validation', detail, [{ pointer: '', detail }]);
        }
      } else {
        let j = i;
        while (j < length) {
          const c = text.charCodeAt(j);
          if (c === separator || c === LF || c === CR) break;
          j++;
        }
        value = text.slice(i, j);
        i = j;
      }
      fields.push(value);
      if (i >= length) {
        if (!final) break record;
        position = length;
        break;
      }
      const c = text.charCodeAt(i);
      if (c === separator) {
        i++;
        continue;
      }
      // A CR at the very end of a chunk may be the first half of CRLF.
      if (c === CR && i + 1 >= length && !final) break record;
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      position = i;
      break;
    }
    if (!(fields.length === 1 && fields[0] === '' && position - recordStart <= 2)) {
      records.push({ fields, line: recordLine });
    }
    committedLine = line;
  }
  // `line` may have advanced inside an incomplete record, which restarts from its first line.
  return { records, rest: position, line: committedLine };
}

function countNewlines(text: string): number {
  let count = 0;
  for (let k = text.indexOf('\n'); k !== -1; k = text.indexOf('\n', k + 1)) count++;
  // Lone CRs (old Mac endings) count as line breaks too.
  for (let k = text.indexOf('\r'); k !== -1; k = text.indexOf('\r', k + 1)) {
    if (text.charCodeAt(k + 1) !== LF) count++;
  }
  return count;
}

/**
 * Streams RFC 4180 CSV records out of text or UTF-8 byte chunks: quoted fields with separators,
 * doubled quotes and line breaks inside, CRLF, LF or CR line ends, a leading byte-order mark.
 * Yields the records of each chunk as one array so the caller's loop stays cheap.
 *
 * @example
 * for await (const records of csvRecords(['a,b\r\n"x, y",2\n'])) {
 *   records; // [{ fields: ['a', 'b'], line: 1 }, { fields: ['x, y', '2'], line: 2 }]
 * }
 */
export async function* csvRecords(
  source: ChunkSource,
  options: CsvOptions = {},
): AsyncGenerator<CsvRecord[]> {
  const separator = (options.delimiter ?? ',').charCodeAt(0);
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let carry = '';
  let line = 1;
  const decode = (chunk: Uint8Array | string, stream: boolean): string => {
    if (typeof chunk === 'string') return chunk;
    try {
      return decoder.decode(chunk, { stream });
    } catch {
      const detail = `line ${line}: the file is not valid UTF-8`;
      throw new DomainError('validation', detail, [{ pointer: '', detail }]);
    }
  };
  let first = true;
  for await (const chunk of chunksOf(source)) {
    let text = carry + decode(chunk, true);
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    const result = scan(text, line, false, separator);
    carry = result.rest < text.length ? text.slice(result.rest) : '';
    line = result.line;
    if (result.records.length > 0) yield result.records;
  }
  let text = carry + decode(new Uint8Array(0), false);
  if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length > 0) {
    const result = scan(text, line, true, separator);
    if (result.records.length > 0) yield result.records;
  }
}
