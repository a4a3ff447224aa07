/**
 * Snappy block format (https://github.com/google/snappy/blob/main/format_description.txt), as
 * Prometheus remote write uses it: a varint with the uncompressed length, then literals and
 * back-references. The decompressor checks the declared length against a limit before it
 * allocates anything and bounds-checks every element; the compressor is a small greedy one for
 * tests, benchmarks and the CLI.
 */
import { DomainError } from '../domain/errors.ts';

/**
 * Decompresses one snappy block.
 *
 * @example snappyDecompress(snappyCompress(bytes), 1 << 20) // equals bytes
 * @throws DomainError `payload-too-large` if the declared size exceeds `maxOutput`, `malformed-body` if corrupt
 */
export function snappyDecompress(input: Uint8Array, maxOutput: number): Uint8Array {
  let ip = 0;
  let length = 0;
  for (let shift = 0; ; shift += 7) {
    if (ip >= input.length || shift > 28) throw corrupt('bad length preamble');
    const byte = input[ip++] as number;
    length += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) break;
  }
  if (length > maxOutput) {
    throw new DomainError(
      'payload-too-large',
      `request body exceeds ${maxOutput} bytes after decompression`,
      [],
      {
        limit: maxOutput,
      },
    );
  }
  const out = new Uint8Array(length);
  let op = 0;
  while (ip < input.length) {
    const tag = input[ip++] as number;
    const type = tag & 3;
    if (type === 0) {
      let len = tag >>> 2;
      if (len >= 60) {
        const extra = len - 59;
        if (ip + extra > input.length) throw corrupt('truncated literal length');
        len = 0;
        for (let i = 0; i < extra; i++) len += (input[ip + i] as number) * 2 ** (8 * i);
        ip += extra;
      }
      len += 1;
      if (len > input.length - ip) throw corrupt('literal runs past the input');
      if (len > length - op) throw corrupt('literal runs past the declared length');
      out.set(input.subarray(ip, ip + len), op);
      ip += len;
      op += len;
      continue;
    }
    let len: number;
    let offset: number;
    if (type === 1) {
      if (ip >= input.length) throw corrupt('truncated copy');
      len = ((tag >>> 2) & 7) + 4;
      offset = ((tag >>> 5) << 8) | (input[ip++] as number);
    } else if (type === 2) {
      if (ip + 2 > input.length) throw corrupt('truncated copy');
      len = (tag >>> 2) + 1;
      offset = (input[ip] as number) | ((input[ip + 1] as number) << 8);
      ip += 2;
    } else {
      if (ip + 4 > input.length) throw corrupt('truncated copy');
      len = (tag >>> 2) + 1;
      offset =
        ((input[ip] as number) | ((input[ip + 1] as number) << 8) | ((input[ip + 2] as number) << 16)) +
        (input[ip + 3] as number) * 2 ** 24;
      ip += 4;
    }
    if (offset === 0 || offset > op) throw corrupt(`copy offset ${offset} points before the start`);
    if (len > length - op) throw corrupt('copy runs past the declared length');
    if (offset >= len) {
      out.copyWithin(op, op - offset, op - offset + len);
      op += len;
    } else {
      // Overlapping copy: a run that repeats its own output, byte by byte by definition.
      for (let i = 0; i < len; i++, op++) out[op] = out[op - offset] as number;
    }
  }
  if (op !== length) throw corrupt(`decoded ${op} bytes, the preamble declared ${length}`);
  return out;
}

/**
 * Compresses into one snappy block: greedy matching with a 4-byte hash, no framing.
 *
 * @example snappyCompress(new TextEncoder().encode('aaaaaaaaaaaaaaaa')).length // 6
 */
export function snappyCompress(input: Uint8Array): Uint8Array {
  const out: number[] = [];
  let n = input.length;
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  const table = new Int32Array(1 << 14).fill(-1);
  const hash = (i: number): number =>
    (Math.imul(
      (input[i] as number) |
        ((input[i + 1] as number) << 8) |
        ((input[i + 2] as number) << 16) |
        ((input[i + 3] as number) << 24),
      0x1e35a7bd,
    ) >>>
      18) &
    0x3fff;
  let literalStart = 0;
  let i = 0;
  while (i + 4 <= input.length) {
    const h = hash(i);
    const candidate = table[h] as number;
    table[h] = i;
    if (candidate >= 0 && i - candidate <= 0xffff && sameFour(input, candidate, i)) {
      emitLiteral(out, input, literalStart, i);
      let len = 4;
      while (i + len < input.length && input[candidate + len] === input[i + len] && len < 64) len++;
      const offset = i - candidate;
      out.push(((len - 1) << 2) | 2, offset & 0xff, offset >>> 8);
      i += len;
      literalStart = i;
    } else i++;
  }
  emitLiteral(out, input, literalStart, input.length);
  return Uint8Array.from(out);
}

function sameFour(input: Uint8Array, a: number, b: number): boolean {
  return (
    input[a] === input[b] &&
    input[a + 1] === input[b + 1] &&
    input[a + 2] === input[b + 2] &&
    input[a + 3] === input[b + 3]
  );
}

function emitLiteral(out: number[], input: Uint8Array, from: number, to: number): void {
  for (let start = from; start < to; start += 65536) {
    const len = Math.min(65536, to - start);
    if (len <= 60) out.push((len - 1) << 2);
    else if (len <= 256) out.push(60 << 2, len - 1);
    else out.push(61 << 2, (len - 1) & 0xff, (len - 1) >>> 8);
    for (let k = start; k < start + len; k++) out.push(input[k] as number);
  }
}

function corrupt(detail: string): DomainError {
  return new DomainError('malformed-body', `snappy data is corrupt: ${detail}`);
}
