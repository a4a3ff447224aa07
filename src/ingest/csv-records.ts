/**
 * An incremental RFC 4180 record splitter: text goes in chunk by chunk, complete records come out,
 * and only the unfinished tail is kept, so memory stays bounded by the longest record.
 * Records without quotes (nearly all metric rows) take a fast path of `indexOf` and `split`;
 * quoted fields (commas, quotes and line breaks inside) take a character loop.
 */
import { DomainError } from '../domain/errors.ts';

/** A record's fields, or the reason it could not be split; `line` is where it starts (1-based). */
export type CsvRecord =
  | { readonly line: number; readonly fields: string[]; readonly error?: undefined }
  | { readonly line: number; readonly error: string };

/** Default cap on one record, so a file without line breaks cannot grow the buffer without end. */
export const MAX_CSV_RECORD_LENGTH = 64 * 1024;

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
const UNKNOWN = -2;

/**
 * Push text, then take every complete record before pushing more (records read the buffer as it
 * was when iteration started).
 *
 * @example
 * const splitter = new CsvRecordSplitter();
 * splitter.push('a,"b,c"\r\nd,e');
 * [...splitter.records(true)] // [{ line: 1, fields: ['a', 'b,c'] }, { line: 2, fields: ['d', 'e'] }]
 */
export class CsvRecordSplitter {
  #buf = '';
  #pos = 0;
  #line = 1;
  #started = false;
  /** Index of the next `"` at or after `#pos`, -1 if none in the buffer, UNKNOWN if not searched. */
  #nextQuote = UNKNOWN;

  constructor(readonly maxRecordLength: number = MAX_CSV_RECORD_LENGTH) {}

  /**
   * Appends decoded text; a leading byte order mark is dropped.
   *
   * @example splitter.push('service,metric\r\n')
   */
  push(text: string): void {
    let chunk = text;
    if (!this.#started && chunk.length > 0) {
      this.#started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    this.#buf = this.#pos === 0 ? this.#buf + chunk : this.#buf.slice(this.#pos) + chunk;
    if (this.#nextQuote >= 0) this.#nextQuote -= this.#pos;
    else this.#nextQuote = UNKNOWN;
    this.#pos = 0;
  }

  /**
   * Yields every complete record buffered so far; with `final`, also the last one without a line break.
   *
   * @example for (const record of splitter.records(false)) use(record)
   * @throws DomainError `validation` when a record exceeds `maxRecordLength`
   */
  *records(final: boolean): Generator<CsvRecord> {
    const buf = this.#buf;
    while (this.#pos < buf.length) {
      const start = this.#pos;
      const nl = buf.indexOf('\n', start);
      if (this.#nextQuote === UNKNOWN || (this.#nextQuote >= 0 && this.#nextQuote < start)) {
        this.#nextQuote = buf.indexOf('"', start);
      }
      const quoted = this.#nextQuote >= 0 && (nl === -1 || this.#nextQuote < nl);
      if (!quoted) {
        if (nl === -1 && !final) break;
        const end = nl === -1 ? buf.length : nl;
        const stop = end > start && buf.charCodeAt(end - 1) === CR ? end - 1 : end;
        const line = this.#line;
        this.#checkLength(start, end);
        this.#pos = nl === -1 ? buf.length : nl + 1;
        this.#line++;
        yield { line, fields: buf.slice(start, stop).split(',') };
        continue;
      }
      const record = this.#splitQuoted(buf, start, final);
      if (record === undefined) break;
      yield record;
    }
    if (!final) this.#checkLength(this.#pos, buf.length);
  }

  /** Splits one record that contains a quote; `undefined` if it is not complete yet. */
  #splitQuoted(buf: string, start: number, final: boolean): CsvRecord | undefined {
    const line = this.#line;
    const fields: string[] = [];
    let newlines = 0;
    let i = start;
    for (;;) {
      let field: string;
      if (buf.charCodeAt(i) === QUOTE) {
        field = '';
        let from = i + 1;
        for (;;) {
          const q = buf.indexOf('"', from);
          if (q === -1) {
            if (!final) return this.#incomplete(start);
            return this.#skip(buf, start, line, 'quoted field is not closed before the end of the input');
          }
          field += buf.slice(from, q);
          if (buf.charCodeAt(q + 1) === QUOTE) {
            field += '"';
            from = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        for (let k = field.indexOf('\n'); k !== -1; k = field.indexOf('\n', k + 1)) newlines++;
        if (i >= buf.length && !final) return this.#incomplete(start);
        const c = buf.charCodeAt(i);
        if (i < buf.length && c !== COMMA && c !== LF && !(c === CR && buf.charCodeAt(i + 1) === LF)) {
          if (c === CR && i + 1 >= buf.length && !final) return this.#incomplete(start);
          return this.#skip(
            buf,
            i,
            line,
            `unexpected character after a closing quote at field ${fields.length + 1}`,
          );
        }
      } else {
        let j = i;
        while (j < buf.length) {
          const c = buf.charCodeAt(j);
          if (c === COMMA || c === LF) break;
          j++;
        }
        if (j >= buf.length && !final) return this.#incomplete(start);
        field = buf.slice(i, j > i && buf.charCodeAt(j - 1) === CR && buf.charCodeAt(j) === LF ? j - 1 : j);
        i = j;
      }
      fields.push(field);
      const c = buf.charCodeAt(i);
      if (c === COMMA) {
        i++;
        continue;
      }
      // End of record: a line break (LF or CRLF) or the end of the final input.
      if (c === CR) i++;
      this.#checkLength(start, i);
      this.#pos = Math.min(i + 1, buf.length);
      this.#line += 1 + newlines;
      return { line, fields };
    }
  }

  #incomplete(start: number): undefined {
    this.#checkLength(start, this.#buf.length);
    return undefined;
  }

  /** Skips to the end of the physical line, so one broken record does not take the rest with it. */
  #skip(buf: string, from: number, line: number, error: string): CsvRecord {
    const nl = buf.indexOf('\n', from);
    const end = nl === -1 ? buf.length : nl + 1;
    let breaks = 0;
    for (let k = buf.indexOf('\n', this.#pos); k !== -1 && k < end; k = buf.indexOf('\n', k + 1)) breaks++;
    this.#pos = end;
    this.#line += Math.max(1, breaks);
    return { line, error };
  }

  #checkLength(start: number, end: number): void {
    if (end - start > this.maxRecordLength) {
      throw new DomainError(
        'validation',
        `CSV line ${this.#line}: record is longer than ${this.maxRecordLength} characters`,
        [],
        { line: this.#line },
      );
    }
  }
}
