/**
 * Reading a request body under a `Content-Encoding`, with the size limit applied to the
 * decompressed bytes (OTLP: "MUST limit the size of the request body ... including after
 * decompression"). Compressed input is fed to the web `DecompressionStream` in small slices, so
 * that one slice can inflate to at most about a megabyte (deflate's ratio is bounded near 1032:1)
 * and a gzip bomb is cut off at the limit instead of being inflated in full.
 */
import { DomainError } from '../domain/errors.ts';
import { chunksOf } from './chunks-of.ts';

export interface ReadBodyOptions {
  /** The `Content-Encoding` header: identity (or absent), gzip (x-gzip) or deflate; a list is decoded right to left. */
  readonly encoding?: string | null;
  /** Maximum decompressed size in bytes. */
  readonly limit: number;
}

type Coding = 'gzip' | 'deflate';

/** Compressed bytes handed to the decompressor at a time. */
const SLICE = 1024;

/**
 * Reads and decodes a whole body into one buffer.
 *
 * @example const bytes = await readBody(request.body, { encoding: request.headers.get('content-encoding'), limit: 8 << 20 })
 * @throws DomainError `payload-too-large`, `malformed-body` (corrupt or truncated compressed data), `unsupported-media-type`
 */
export async function readBody(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | null,
  options: ReadBodyOptions,
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const part of streamBody(body, options)) {
    parts.push(part);
    total += part.length;
  }
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Streams a body's decoded bytes, for formats that parse as they read (CSV).
 *
 * @example for await (const chunk of streamBody(request.body, { encoding: 'gzip', limit: 1 << 30 })) parse(chunk)
 * @throws DomainError as `readBody`
 */
export async function* streamBody(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | null,
  options: ReadBodyOptions,
): AsyncGenerator<Uint8Array> {
  const codings = parseEncoding(options.encoding);
  let source: AsyncIterable<Uint8Array> = body === null ? empty() : chunksOf(body);
  for (const coding of codings.reverse()) source = decompress(source, coding);
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (total > options.limit) {
      throw new DomainError(
        'payload-too-large',
        `request body exceeds ${options.limit} bytes after decompression`,
        [],
        {
          limit: options.limit,
        },
      );
    }
    if (chunk.length > 0) yield chunk;
  }
}

function parseEncoding(header: string | null | undefined): Coding[] {
  const codings: Coding[] = [];
  for (const raw of (header ?? '').split(',')) {
    const token = raw.trim().toLowerCase();
    if (token === '' || token === 'identity') continue;
    if (token === 'gzip' || token === 'x-gzip') codings.push('gzip');
    else if (token === 'deflate') codings.push('deflate');
    else {
      throw new DomainError(
        'unsupported-media-type',
        `Content-Encoding '${token.slice(0, 40)}' is not supported; use identity, gzip or deflate`,
      );
    }
  }
  return codings;
}

async function* decompress(input: AsyncIterable<Uint8Array>, coding: Coding): AsyncGenerator<Uint8Array> {
  let source = input;
  let format: Coding | 'deflate-raw' = coding;
  if (coding === 'deflate') {
    // HTTP `deflate` means zlib-wrapped (RFC 9110), but some clients send raw deflate: tell them
    // apart by the zlib header (compression method 8, header checksum divisible by 31).
    const peeked = await peek(input, 2);
    source = peeked.source;
    const [cmf = 0, flg = 0] = peeked.head;
    if (peeked.head.length >= 2 && ((cmf & 0x0f) !== 8 || (cmf * 256 + flg) % 31 !== 0))
      format = 'deflate-raw';
  }
  const stream = new DecompressionStream(format);
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  let failed: unknown;
  // The writer runs beside the reader: awaiting a write while nobody reads would stall on backpressure.
  const feeding = (async () => {
    try {
      for await (const chunk of source) {
        for (let offset = 0; offset < chunk.length; offset += SLICE) {
          await writer.write(chunk.subarray(offset, offset + SLICE) as Uint8Array<ArrayBuffer>);
        }
      }
      await writer.close();
    } catch (error) {
      failed ??= error;
      await writer.abort(error).catch(() => undefined);
    }
  })();
  try {
    for (;;) {
      let result: Awaited<ReturnType<typeof reader.read>>;
      try {
        result = await reader.read();
      } catch (error) {
        throw failed instanceof DomainError ? failed : corrupt(coding, failed ?? error);
      }
      if (result.done) break;
      yield result.value;
    }
    await feeding;
    if (failed !== undefined) throw failed instanceof DomainError ? failed : corrupt(coding, failed);
  } finally {
    // Stops the inflater early (limit reached, consumer gone) without waiting for the rest.
    await reader.cancel().catch(() => undefined);
    await feeding.catch(() => undefined);
  }
}

/** Reads at least `count` leading bytes (unless the input is shorter) and returns them with an equivalent source. */
async function peek(
  source: AsyncIterable<Uint8Array>,
  count: number,
): Promise<{ head: Uint8Array; source: AsyncIterable<Uint8Array> }> {
  const iterator = source[Symbol.asyncIterator]();
  const seen: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < count) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    seen.push(next.value);
    length += next.value.length;
  }
  const head = new Uint8Array(Math.min(length, count));
  let offset = 0;
  for (const chunk of seen) {
    if (offset >= head.length) break;
    const part = chunk.subarray(0, head.length - offset);
    head.set(part, offset);
    offset += part.length;
  }
  async function* replay(): AsyncGenerator<Uint8Array> {
    try {
      yield* seen;
      while (!done) {
        const next = await iterator.next();
        done = next.done === true;
        if (!done) yield next.value as Uint8Array;
      }
    } finally {
      // Stopped early: let the underlying body stop too (cancels a network stream).
      if (!done) await iterator.return?.();
    }
  }
  return { head, source: replay() };
}

function corrupt(coding: Coding, error: unknown): DomainError {
  const message = error instanceof Error ? error.message : String(error);
  return new DomainError(
    'malformed-body',
    `request body is not valid ${coding} data: ${message.slice(0, 120)}`,
  );
}

async function* empty(): AsyncGenerator<Uint8Array> {}
