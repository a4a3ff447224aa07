/**
 * A minimal protobuf wire-format reader (https://protobuf.dev/programming-guides/encoding/):
 * varints, 32- and 64-bit fixed values, doubles, length-delimited fields and packed repeated
 * fields. Every read is bounds-checked against the reader's window; running past it, an
 * over-long varint, a group or an unknown wire type throws `malformed-body`, so a decoder built
 * on it never reads garbage or throws anything but a `DomainError`.
 */
import { DomainError } from '../domain/errors.ts';

export const WireType = { varint: 0, i64: 1, len: 2, i32: 5 } as const;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const TWO_32 = 4294967296;

/**
 * @example
 * const r = new ProtoReader(bytes);
 * while (!r.done) {
 *   const [field, wire] = r.tag();
 *   if (field === 1) name = r.string();
 *   else r.skip(wire);
 * }
 */
export class ProtoReader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  #pos: number;
  readonly #end: number;

  /** Reads `bytes[start, end)`; `view` lets embedded messages share their parent's DataView. */
  constructor(bytes: Uint8Array, start = 0, end = bytes.length, view?: DataView) {
    this.#bytes = bytes;
    this.#view = view ?? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#pos = start;
    this.#end = end;
  }

  /** True when the window is fully read. */
  get done(): boolean {
    return this.#pos >= this.#end;
  }

  /**
   * Reads a field tag: `[fieldNumber, wireType]`.
   *
   * @example while (!r.done) { const [field, wire] = r.tag(); ... }
   */
  tag(): [number, number] {
    const key = this.varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (field === 0) throw malformed('field number 0');
    if (wire !== 0 && wire !== 1 && wire !== 2 && wire !== 5)
      throw malformed(`unsupported wire type ${wire}`);
    return [field, wire];
  }

  /**
   * Reads an unsigned varint of up to 64 bits as a number (exact up to 2^53).
   *
   * @example new ProtoReader(Uint8Array.of(0xac, 0x02)).varint() // 300
   */
  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.#pos >= this.#end) throw malformed('truncated varint');
      const byte = this.#bytes[this.#pos++] as number;
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
    }
    throw malformed('varint longer than 10 bytes');
  }

  /** Reads a varint as a signed 64-bit two's complement integer (`int64`), as a number. */
  int64(): number {
    const start = this.#pos;
    const value = this.varint();
    if (value <= Number.MAX_SAFE_INTEGER) return value;
    // Negative (or huge) values need all 64 bits, which a double cannot hold: redo it in bigint.
    this.#pos = start;
    let big = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const byte = this.#bytes[this.#pos++] as number;
      big |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) break;
    }
    return Number(BigInt.asIntN(64, big));
  }

  bool(): boolean {
    return this.varint() !== 0;
  }

  /** Reads a little-endian unsigned 64-bit value (`fixed64`) as a bigint. */
  fixed64(): bigint {
    return this.#view.getBigUint64(this.#take(8), true);
  }

  /** Reads `fixed64` as a number (exact up to 2^53), for counts. */
  fixed64Number(): number {
    const at = this.#take(8);
    return this.#view.getUint32(at + 4, true) * TWO_32 + this.#view.getUint32(at, true);
  }

  /** Reads a little-endian signed 64-bit value (`sfixed64`) as a number. */
  sfixed64(): number {
    const at = this.#take(8);
    return this.#view.getInt32(at + 4, true) * TWO_32 + this.#view.getUint32(at, true);
  }

  double(): number {
    return this.#view.getFloat64(this.#take(8), true);
  }

  fixed32(): number {
    return this.#view.getUint32(this.#take(4), true);
  }

  /** Reads a length-delimited field's bytes (a view, not a copy). */
  bytes(): Uint8Array {
    const length = this.varint();
    const at = this.#take(length);
    return this.#bytes.subarray(at, at + length);
  }

  /** Reads a length-delimited UTF-8 string; invalid UTF-8 is malformed. */
  string(): string {
    const bytes = this.bytes();
    if (bytes.length === 0) return '';
    if (bytes.length <= 32) {
      // Label names and values are short and mostly ASCII; TextDecoder costs more than the loop.
      let text = '';
      for (let i = 0; i < bytes.length; i++) {
        const byte = bytes[i] as number;
        if (byte >= 0x80) {
          text = '';
          break;
        }
        text += String.fromCharCode(byte);
        if (i === bytes.length - 1) return text;
      }
    }
    try {
      return utf8.decode(bytes);
    } catch {
      throw malformed('string is not valid UTF-8');
    }
  }

  /** Returns a reader over an embedded message and skips past it. */
  message(): ProtoReader {
    const length = this.varint();
    const at = this.#take(length);
    return new ProtoReader(this.#bytes, at, at + length, this.#view);
  }

  /**
   * Reads a repeated double that may arrive packed (wire type 2) or as one element (wire type 1).
   *
   * @example if (field === 7) bounds.push(...r.doubles(wire))
   */
  doubles(wire: number): number[] {
    if (wire === WireType.i64) return [this.double()];
    const inner = this.#packed(wire, 8);
    const out: number[] = [];
    while (!inner.done) out.push(inner.double());
    return out;
  }

  /** Reads a repeated fixed64 that may arrive packed or as one element, as numbers. */
  fixed64s(wire: number): number[] {
    if (wire === WireType.i64) return [this.fixed64Number()];
    const inner = this.#packed(wire, 8);
    const out: number[] = [];
    while (!inner.done) out.push(inner.fixed64Number());
    return out;
  }

  /** Skips a field's value of the given wire type. */
  skip(wire: number): void {
    if (wire === WireType.varint) this.varint();
    else if (wire === WireType.i64) this.#take(8);
    else if (wire === WireType.len) this.#take(this.varint());
    else if (wire === WireType.i32) this.#take(4);
    else throw malformed(`unsupported wire type ${wire}`);
  }

  /** Throws unless `wire` is what a field of this type must use. */
  expect(wire: number, expected: number, field: string): void {
    if (wire !== expected) throw malformed(`field ${field} has wire type ${wire}, expected ${expected}`);
  }

  #packed(wire: number, width: number): ProtoReader {
    if (wire !== WireType.len) throw malformed(`packed field has wire type ${wire}`);
    const length = this.varint();
    if (length % width !== 0) throw malformed(`packed field length ${length} is not a multiple of ${width}`);
    const at = this.#take(length);
    return new ProtoReader(this.#bytes, at, at + length, this.#view);
  }

  #take(length: number): number {
    const at = this.#pos;
    if (length > this.#end - at) throw malformed(`field of ${length} bytes runs past the end of its message`);
    this.#pos = at + length;
    return at;
  }
}

function malformed(detail: string): DomainError {
  return new DomainError('malformed-body', `protobuf body is malformed: ${detail}`);
}
