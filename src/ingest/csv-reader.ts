/**
 * The one RFC 4180 reader behind every CSV door (metrics, price catalogs, FOCUS and plain cost
 * files). Bytes or text go in chunk by chunk, complete records come out, and only the unfinished
 * tail is kept, so memory stays bounded by the longest record.
 *
 * Correct at every chunk split by construction: nothing about the tail is remembered between
 * pushes except where it starts, and a record is only cut when the character that decides it
 * has arrived (the LF after a CR, the character after a closing quote, the line break after a
 * broken record). UTF-8 characters and a byte-order mark torn between byte chunks are joined by
 * the streaming `TextDecoder`.
 *
 * Records without quotes (nearly all metric rows) take a fast path of `indexOf` and `split`;
 * quoted fields (separators, doubled quotes and line breaks inside) take a character loop.
 */
import { DomainError } from '../domain/errors.ts';

/** A record's fields, or the reason it could not be read; `line` is where it starts (1-based). */
export type CsvRecord =
  | { readonly line: number; readonly fields: string[]; readonly error?: undefined }
  | { readonly line: number; readonly error: string; readonly fields?: undefined };

export interface CsvReaderOptions {
  /** Field separator, one character; `,` by default. */
  readonly delimiter?: string;
  /** Cap on one record in characters, so input without line breaks cannot grow the buffer without end. */
  readonly maxRecordLength?: number;
}

/** Default cap on one record. */
export const MAX_CSV_RECORD_LENGTH = 64 * 1024;

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Push chunks, then take every complete record before pushing more. LF, CRLF and a lone CR end
 * a record; blank lines are skipped (but counted); a leading byte-order mark is dropped. A broken
 * record (text after a closing quote, a quote never closed) becomes an error record and reading
 * resumes on the next physical line.
 *
 * @example
 * const reader = new CsvReader();
 * reader.push('a,"b,c"\r\nd,e');
 * [...reader.records(true)] // [{ line: 1, fields: ['a', 'b,c'] }, { line: 2, fields: ['d', 'e'] }]
 */
export class CsvReader {
  readonly maxRecordLength: number;
  readonly #delimiter: string;
  readonly #separator: number;
  readonly #decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  #buf = '';
  #pos = 0;
  #line = 1;
  #started = false;
  #ended = false;
  /** The tail is a record that cannot end before another CR or LF arrives: no need to scan it again. */
  #needsBreak = false;

  constructor(options: CsvReaderOptions = {}) {
    this.#delimiter = options.delimiter ?? ',';
    if (this.#delimiter.length !== 1 || /["\r\n]/.test(this.#delimiter)) {
      throw new Error(`CSV delimiter must be one character other than a quote or line break`);
    }
    this.#separator = this.#delimiter.charCodeAt(0);
    this.maxRecordLength = options.maxRecordLength ?? MAX_CSV_RECORD_LENGTH;
  }

  /** Line on which the next record starts. */
  get line(): number {
    return this.#line;
  }

  /**
   * Appends a chunk: UTF-8 bytes (a character may be split between chunks) or text.
   *
   * @example reader.push(new TextEncoder().encode('service,metric\r\n'))
   * @throws DomainError `malformed-body` for bytes that are not UTF-8
   */
  push(chunk: string | Uint8Array): void {
    this.#append(typeof chunk === 'string' ? chunk : this.#decode(chunk, true));
  }

  /**
   * Yields every complete record buffered so far; with `final`, the input has ended and the last
   * record needs no line break. Records read the buffer as it was when iteration started.
   *
   * @example for (const record of reader.records(false)) use(record)
   * @throws DomainError `validation` when a record exceeds `maxRecordLength`
   */
  *records(final: boolean): Generator<CsvRecord> {
    if (final && !this.#ended) {
      this.#ended = true;
      this.#append(this.#decode(new Uint8Array(0), false));
    }
    if (!final && this.#needsBreak) {
      this.#checkTail();
      return;
    }
    this.#needsBreak = false;
    const buf = this.#buf;
    const length = buf.length;
    // Next LF, CR and quote at or after the record start; -1 when there is none left. Local to
    // this call: the buffer does not change during it.
    let nextLf = -2;
    let nextCr = -2;
    let nextQuote = -2;
    while (this.#pos < length) {
      const start = this.#pos;
      if (nextLf !== -1 && nextLf < start) nextLf = buf.indexOf('\n', start);
      if (nextCr !== -1 && nextCr < start) nextCr = buf.indexOf('\r', start);
      if (nextQuote !== -1 && nextQuote < start) nextQuote = buf.indexOf('"', start);
      if (nextLf !== -1 || final) {
        const end = nextLf === -1 ? length : nextLf;
        // The fast path: no quote in the line, and a CR only as the first half of its CRLF.
        if ((nextQuote === -1 || nextQuote > end) && (nextCr === -1 || nextCr >= end - 1)) {
          const stop = nextCr === end - 1 ? end - 1 : end;
          this.#checkLength(stop - start);
          const line = this.#line;
          this.#pos = nextLf === -1 ? length : nextLf + 1;
          this.#line++;
          if (stop > start) yield { line, fields: buf.slice(start, stop).split(this.#delimiter) };
          continue;
        }
      } else if (nextCr === -1) {
        this.#needsBreak = true;
        break;
      }
      const record = this.#slow(buf, start, final);
      if (record === undefined) break;
      if (record !== null) yield record;
    }
    if (!final) this.#checkTail();
  }

  #append(text: string): void {
    if (text.length === 0) return;
    let chunk = text;
    if (!this.#started) {
      this.#started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    this.#buf = this.#pos === 0 ? this.#buf + chunk : this.#buf.slice(this.#pos) + chunk;
    this.#pos = 0;
    if (this.#needsBreak && (chunk.includes('\n') || chunk.includes('\r'))) this.#needsBreak = false;
  }

  #decode(bytes: Uint8Array, stream: boolean): string {
    try {
      return this.#decoder.decode(bytes, { stream });
    } catch {
      throw new DomainError('malformed-body', `CSV is not valid UTF-8 (in or after line ${this.#line})`, [], {
        line: this.#line,
      });
    }
  }

  /**
   * Reads one record that holds a quote or a lone CR. Returns `undefined` if it is not complete
   * yet, `null` for a blank line.
   */
  #slow(buf: string, start: number, final: boolean): CsvRecord | null | undefined {
    const length = buf.length;
    const separator = this.#separator;
    const fields: string[] = [];
    let i = start;
    for (;;) {
      let field: string;
      if (i < length && buf.charCodeAt(i) === QUOTE) {
        field = '';
        let from = i + 1;
        for (;;) {
          const q = buf.indexOf('"', from);
          if (q === -1) {
            if (!final) return this.#incomplete(start, false);
            this.#checkLength(length - start);
            return this.#fail(
              buf,
              start,
              start,
              final,
              'quoted field is not closed before the end of the input',
            );
          }
          field += buf.slice(from, q);
          if (q + 1 >= length && !final) return this.#incomplete(start, false);
          if (buf.charCodeAt(q + 1) === QUOTE) {
            field += '"';
            from = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        const c = i < length ? buf.charCodeAt(i) : -1;
        if (c !== -1 && c !== separator && c !== LF && c !== CR) {
          const error = `unexpected character after a closing quote at field ${fields.length + 1}`;
          return this.#fail(buf, start, i, final, error);
        }
      } else {
        let j = i;
        while (j < length) {
          const c = buf.charCodeAt(j);
          if (c === separator || c === LF || c === CR) break;
          j++;
        }
        field = buf.slice(i, j);
        i = j;
      }
      fields.push(field);
      if (i >= length) {
        if (!final) return this.#incomplete(start, false);
        return this.#complete(buf, start, length, length, fields);
      }
      const c = buf.charCodeAt(i);
      if (c === separator) {
        i++;
        continue;
      }
      if (c === LF) return this.#complete(buf, start, i, i + 1, fields);
      // A CR at the very end of the buffer may be the first half of a CRLF.
      if (i + 1 >= length && !final) return this.#incomplete(start, true);
      return this.#complete(buf, start, i, buf.charCodeAt(i + 1) === LF ? i + 2 : i + 1, fields);
    }
  }

  #complete(buf: string, start: number, end: number, next: number, fields: string[]): CsvRecord | null {
    this.#checkLength(end - start);
    const line = this.#line;
    this.#pos = next;
    this.#line += breaks(buf, start, next);
    return end === start ? null : { line, fields };
  }

  /** Skips a broken record to the end of the physical line with the error, so it does not take the rest with it. */
  #fail(buf: string, start: number, at: number, final: boolean, error: string): CsvRecord | undefined {
    const length = buf.length;
    let end = at;
    while (end < length) {
      const c = buf.charCodeAt(end);
      if (c === LF || c === CR) break;
      end++;
    }
    if (end >= length && !final) return this.#incomplete(start, false);
    if (end === length - 1 && buf.charCodeAt(end) === CR && !final) return this.#incomplete(start, true);
    this.#checkLength(end - start);
    let next = end;
    if (end < length) next += buf.charCodeAt(end) === CR && buf.charCodeAt(end + 1) === LF ? 2 : 1;
    const line = this.#line;
    this.#pos = next;
    this.#line += breaks(buf, start, next);
    return { line, error };
  }

  #incomplete(start: number, endsInCr: boolean): undefined {
    this.#needsBreak = !endsInCr;
    this.#checkLength(this.#buf.length - start - (endsInCr ? 1 : 0));
    return undefined;
  }

  /** The unfinished tail, less a CR that may be the first half of its line break, is a prefix of its record. */
  #checkTail(): void {
    const tail = this.#buf.length - this.#pos;
    this.#checkLength(this.#buf.charCodeAt(this.#buf.length - 1) === CR ? tail - 1 : tail);
  }

  #checkLength(length: number): void {
    if (length > this.maxRecordLength) {
      throw new DomainError(
        'validation',
        `CSV line ${this.#line}: record is longer than ${this.maxRecordLength} characters`,
        [],
        { line: this.#line },
      );
    }
  }
}

/** Line breaks (LF, CRLF or a lone CR) in `buf[from, to)`. */
function breaks(buf: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const c = buf.charCodeAt(k);
    if (c === LF || (c === CR && buf.charCodeAt(k + 1) !== LF)) count++;
  }
  return count;
}
