import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.ts';
import { readBody, streamBody } from './read-body.ts';

const text = new TextEncoder().encode('{"series":[]}'.repeat(1000));

function streamOf(...chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

async function kindOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof DomainError) return error.kind;
    throw error;
  }
}

describe('readBody', () => {
  it.each([
    [null, text],
    ['', text],
    ['identity', text],
    ['gzip', gzipSync(text)],
    ['GZIP', gzipSync(text)],
    ['x-gzip', gzipSync(text)],
    ['deflate', deflateSync(text)],
    ['deflate', deflateRawSync(text)],
    ['gzip, identity', gzipSync(text)],
    ['deflate, gzip', gzipSync(deflateSync(text))],
  ])('decodes Content-Encoding %j', async (encoding, body) => {
    const bytes = new Uint8Array(body);
    const split = streamOf(bytes.subarray(0, 7), bytes.subarray(7));
    expect(await readBody(split, { encoding, limit: 1 << 20 })).toEqual(text);
  });

  it('reads an absent body as empty', async () => {
    expect(await readBody(null, { limit: 10 })).toEqual(new Uint8Array(0));
  });

  it.each([
    [null, text.length],
    ['gzip', text.length],
  ])('allows exactly the limit (%s) and refuses one byte more', async (encoding, size) => {
    const body = () => streamOf(encoding === 'gzip' ? new Uint8Array(gzipSync(text)) : text);
    expect((await readBody(body(), { encoding, limit: size })).length).toBe(size);
    await expect(readBody(body(), { encoding, limit: size - 1 })).rejects.toMatchObject({
      kind: 'payload-too-large',
      message: `request body exceeds ${size - 1} bytes after decompression`,
    });
  });

  it('cuts a gzip bomb off at the limit without inflating it', async () => {
    // 1 GiB of zeros compresses to about 1 MiB; the read must stop at 1 MiB of output.
    const zeros = new Uint8Array(64 << 20);
    const member = new Uint8Array(gzipSync(zeros, { level: 9 }));
    let pulled = 0;
    const bomb = new ReadableStream<Uint8Array>({
      pull(controller) {
        // 16 members of 64 MiB each concatenate into a valid 1 GiB gzip stream.
        if (pulled++ < 16) controller.enqueue(member);
        else controller.close();
      },
    });
    const before = process.memoryUsage().rss;
    await expect(readBody(bomb, { encoding: 'gzip', limit: 1 << 20 })).rejects.toMatchObject({
      kind: 'payload-too-large',
    });
    expect(pulled).toBeLessThanOrEqual(2);
    expect(process.memoryUsage().rss - before).toBeLessThan(256 << 20);
  });

  it.each([
    ['gzip', new TextEncoder().encode('not gzip at all')],
    ['gzip', new Uint8Array(gzipSync(text)).subarray(0, 40)],
    ['deflate', new Uint8Array([1, 2, 3, 4, 5])],
    ['gzip', new Uint8Array(0)],
  ])('refuses corrupt or truncated %s data', async (encoding, body) => {
    expect(await kindOf(readBody(streamOf(body), { encoding, limit: 1 << 20 }))).toBe('malformed-body');
  });

  it.each(['br', 'zstd', 'compress', 'snappy'])(
    'refuses Content-Encoding %s as unsupported',
    async (encoding) => {
      await expect(readBody(streamOf(text), { encoding, limit: 1 << 20 })).rejects.toMatchObject({
        kind: 'unsupported-media-type',
      });
    },
  );

  it('streams chunks as they are decoded', async () => {
    const chunks: number[] = [];
    for await (const chunk of streamBody(streamOf(text.subarray(0, 5), text.subarray(5)), {
      limit: 1 << 20,
    })) {
      chunks.push(chunk.length);
    }
    expect(chunks).toEqual([5, text.length - 5]);
  });

  it('only ever returns bytes or throws a DomainError (fuzz)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 4 }),
        fc.constantFrom(null, 'gzip', 'deflate', 'identity', 'gzip, deflate'),
        fc.integer({ min: 0, max: 300 }),
        async (chunks, encoding, limit) => {
          const kind = await kindOf(readBody(streamOf(...chunks), { encoding, limit }));
          expect(['ok', 'malformed-body', 'payload-too-large']).toContain(kind);
        },
      ),
      { numRuns: 300 },
    );
  });
});
