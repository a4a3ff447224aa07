import fc from 'fast-check';
import snappyjs from 'snappyjs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.ts';
import { snappyCompress, snappyDecompress } from './snappy.ts';

const text = new TextEncoder().encode(
  `${'http_requests_total{job="kfz",instance="a:9100"} '.repeat(200)}the end`,
);

function kindOf(run: () => unknown): string {
  try {
    run();
    return 'ok';
  } catch (error) {
    if (error instanceof DomainError) return error.kind;
    throw error;
  }
}

describe('snappyDecompress', () => {
  it.each([
    ['empty', new Uint8Array(0)],
    ['one byte', Uint8Array.of(7)],
    ['repetitive text', text],
    ['long run', new Uint8Array(100_000).fill(42)],
    ['incompressible', Uint8Array.from({ length: 70_000 }, (_, i) => (i * 2654435761) >>> 24)],
  ])('decodes what snappyjs encodes: %s', (_, input) => {
    expect(snappyDecompress(snappyjs.compress(input), input.length)).toEqual(input);
  });

  it('round-trips arbitrary bytes through both compressors', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 3000 }),
          fc.string().map((s) => new TextEncoder().encode(s.repeat(5))),
        ),
        (input) => {
          expect(snappyDecompress(snappyjs.compress(input), input.length)).toEqual(input);
          const ours = snappyCompress(input);
          expect(snappyDecompress(ours, input.length)).toEqual(input);
          expect(new Uint8Array(snappyjs.uncompress(ours))).toEqual(input);
        },
      ),
    );
  });

  it('compresses repetition', () => {
    expect(snappyCompress(new TextEncoder().encode('a'.repeat(16))).length).toBe(6);
    expect(snappyCompress(text).length).toBeLessThan(text.length / 10);
  });

  it('refuses a declared size over the limit before allocating it', () => {
    // Preamble declaring 2^31 bytes, then nothing.
    expect(kindOf(() => snappyDecompress(Uint8Array.of(0x80, 0x80, 0x80, 0x80, 0x08), 1 << 20))).toBe(
      'payload-too-large',
    );
    expect(kindOf(() => snappyDecompress(snappyjs.compress(text), text.length - 1))).toBe(
      'payload-too-large',
    );
  });

  it.each([
    ['no preamble', new Uint8Array(0)],
    ['endless preamble', Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff)],
    ['short output', Uint8Array.of(5, 0x00, 65)],
    ['literal past input', Uint8Array.of(5, 0x10, 65)],
    ['literal past declared length', Uint8Array.of(1, 0x04, 65, 66)],
    ['copy before start', Uint8Array.of(8, 0x00, 65, 0x0d, 0x05)],
    ['zero offset', Uint8Array.of(8, 0x00, 65, 0x0d, 0x00)],
    ['truncated copy', Uint8Array.of(8, 0x00, 65, 0x0e)],
    ['copy past declared length', Uint8Array.of(3, 0x00, 65, 0x0d, 0x01)],
  ])('refuses corrupt input: %s', (_, input) => {
    expect(kindOf(() => snappyDecompress(input, 1 << 20))).toBe('malformed-body');
  });

  it('only ever returns bytes or throws a DomainError (fuzz)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 5000 }), (input, limit) => {
        const kind = kindOf(() => snappyDecompress(input, limit));
        expect(['ok', 'malformed-body', 'payload-too-large']).toContain(kind);
      }),
      { numRuns: 2000 },
    );
  });
});
