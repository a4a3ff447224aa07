/**
 * The writing half of the protobuf wire format, just enough for OTLP responses and
 * `google.rpc.Status` bodies, and for tests that build remote-write and OTLP requests by hand.
 */
import { WireType } from './protobuf-reader.ts';

const utf8 = new TextEncoder();

/**
 * @example new ProtoWriter().string(1, 'up').message(2, (m) => m.double(1, 1)).finish()
 */
export class ProtoWriter {
  #bytes: number[] = [];

  /**
   * Writes a varint field (uint64, int64, int32, bool, enum). Negative numbers take 10 bytes, as
   * protobuf encodes them.
   *
   * @example new ProtoWriter().varint(1, 300).finish() // Uint8Array [0x08, 0xac, 0x02]
   */
  varint(field: number, value: number | bigint | boolean): this {
    this.#key(field, WireType.varint);
    let v = BigInt.asUintN(64, BigInt(typeof value === 'boolean' ? Number(value) : value));
    while (v >= 0x80n) {
      this.#bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.#bytes.push(Number(v));
    return this;
  }

  double(field: number, value: number): this {
    this.#key(field, WireType.i64);
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value, true);
    this.#bytes.push(...new Uint8Array(view.buffer));
    return this;
  }

  /** Writes a fixed64 or sfixed64 field. */
  fixed64(field: number, value: number | bigint): this {
    this.#key(field, WireType.i64);
    const view = new DataView(new ArrayBuffer(8));
    view.setBigUint64(0, BigInt.asUintN(64, BigInt(value)), true);
    this.#bytes.push(...new Uint8Array(view.buffer));
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  bytes(field: number, value: Uint8Array): this {
    this.#key(field, WireType.len);
    this.#raw(value.length);
    for (const byte of value) this.#bytes.push(byte);
    return this;
  }

  /** Writes an embedded message built by `build`. */
  message(field: number, build: (writer: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  /** Writes a packed repeated double. */
  packedDoubles(field: number, values: readonly number[]): this {
    const view = new DataView(new ArrayBuffer(values.length * 8));
    values.forEach((value, i) => {
      view.setFloat64(i * 8, value, true);
    });
    return this.bytes(field, new Uint8Array(view.buffer));
  }

  /** Writes a packed repeated fixed64. */
  packedFixed64(field: number, values: readonly (number | bigint)[]): this {
    const view = new DataView(new ArrayBuffer(values.length * 8));
    values.forEach((value, i) => {
      view.setBigUint64(i * 8, BigInt(value), true);
    });
    return this.bytes(field, new Uint8Array(view.buffer));
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.#bytes);
  }

  #key(field: number, wire: number): void {
    this.#raw(field * 8 + wire);
  }

  #raw(value: number): void {
    let v = value;
    while (v >= 0x80) {
      this.#bytes.push((v % 128) | 0x80);
      v = Math.floor(v / 128);
    }
    this.#bytes.push(v);
  }
}
