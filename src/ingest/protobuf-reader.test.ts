import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.ts';
import { ProtoReader, WireType } from './protobuf-reader.ts';
import { ProtoWriter } from './protobuf-writer.ts';

describe('ProtoReader', () => {
  it('reads what ProtoWriter writes', () => {
    const bytes = new ProtoWriter()
      .varint(1, 300)
      .varint(2, -1)
      .varint(3, true)
      .fixed64(4, 1795428000000000000n)
      .double(5, -2.5)
      .string(6, 'Bürgerbüro')
      .message(7, (w) => w.varint(1, 9).string(2, 'inner'))
      .packedDoubles(8, [0.5, 1, 2.5])
      .packedFixed64(9, [1, 2, 3])
      .fixed64(10, -5)
      .varint(11, 2 ** 53)
      .finish();
    const r = new ProtoReader(bytes);
    const seen: unknown[] = [];
    while (!r.done) {
      const [field, wire] = r.tag();
      if (field === 1) seen.push(r.varint());
      else if (field === 2) seen.push(r.int64());
      else if (field === 3) seen.push(r.bool());
      else if (field === 4) seen.push(r.fixed64());
      else if (field === 5) seen.push(r.double());
      else if (field === 6) seen.push(r.string());
      else if (field === 7) {
        const inner = r.message();
        const parts: unknown[] = [];
        while (!inner.done) {
          const [f] = inner.tag();
          parts.push(f === 1 ? inner.varint() : inner.string());
        }
        seen.push(parts);
      } else if (field === 8) seen.push(r.doubles(wire));
      else if (field === 9) seen.push(r.fixed64s(wire));
      else if (field === 10) seen.push(r.sfixed64());
      else seen.push(r.varint());
    }
    expect(seen).toEqual([
      300,
      -1,
      true,
      1795428000000000000n,
      -2.5,
      'Bürgerbüro',
      [9, 'inner'],
      [0.5, 1, 2.5],
      [1, 2, 3],
      -5,
      2 ** 53,
    ]);
  });

  it('reads unpacked repeated elements and skips every wire type', () => {
    const bytes = new ProtoWriter().double(1, 1.5).fixed64(2, 7).varint(3, 1).string(4, 'x').finish();
    const r = new ProtoReader(Uint8Array.of(...bytes, 0x2d, 1, 2, 3, 4));
    const [, w1] = r.tag();
    expect(r.doubles(w1)).toEqual([1.5]);
    const [, w2] = r.tag();
    expect(r.fixed64s(w2)).toEqual([7]);
    for (let i = 0; i < 3; i++) {
      const [, wire] = r.tag();
      r.skip(wire);
    }
    expect(r.done).toBe(true);
  });

  it.each([
    ['truncated varint', Uint8Array.of(0x08, 0x80)],
    ['over-long varint', Uint8Array.of(0x08, ...new Array(11).fill(0xff))],
    ['field number 0', Uint8Array.of(0x00, 0x01)],
    ['group wire type', Uint8Array.of(0x0b)],
    ['length past the end', Uint8Array.of(0x0a, 0x05, 0x61)],
    ['truncated fixed64', Uint8Array.of(0x09, 1, 2, 3)],
    ['invalid UTF-8', Uint8Array.of(0x0a, 0x01, 0xff)],
    ['packed length not a multiple of 8', Uint8Array.of(0x0a, 0x03, 1, 2, 3)],
  ])('throws malformed-body on %s', (_, bytes) => {
    const read = () => {
      const r = new ProtoReader(bytes);
      while (!r.done) {
        const [, wire] = r.tag();
        if (wire === WireType.len) {
          if (bytes.length === 5 && bytes[1] === 3) r.doubles(wire);
          else r.string();
        } else r.skip(wire);
      }
    };
    expect(read).toThrow(DomainError);
    expect(read).toThrow(/protobuf body is malformed/);
  });

  it('confines an embedded message to its own bytes', () => {
    const bytes = new ProtoWriter()
      .message(1, (w) => w.varint(1, 1))
      .varint(2, 2)
      .finish();
    const r = new ProtoReader(bytes);
    r.tag();
    const inner = r.message();
    inner.tag();
    inner.varint();
    expect(inner.done).toBe(true);
    expect(() => inner.varint()).toThrow(/truncated varint/);
  });

  it('only ever reads or throws a DomainError (fuzz)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const r = new ProtoReader(bytes);
        try {
          while (!r.done) {
            const [field, wire] = r.tag();
            if (wire === WireType.len && field % 2 === 0) r.message();
            else if (wire === WireType.len) r.doubles(wire);
            else r.skip(wire);
          }
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
