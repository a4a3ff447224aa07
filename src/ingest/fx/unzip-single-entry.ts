import { DomainError } from '../../domain/errors.ts';

/** One file taken out of a ZIP archive. */
export interface ZipEntry {
  readonly name: string;
  readonly data: Uint8Array;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function fail(detail: string): never {
  throw new DomainError('validation', `not a readable ZIP file: ${detail}`, [{ pointer: '/body', detail }]);
}

let crcTable: Uint32Array | undefined;
/** CRC-32 (ISO 3309, as ZIP uses it), to tell a damaged download from a good one. */
export function crc32(bytes: Uint8Array): number {
  if (crcTable === undefined) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

async function inflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  // DecompressionStream exists in Node 18+ and in Workers, so no zlib binding is needed.
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('deflate-raw'));
  try {
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    return fail('the compressed data is damaged');
  }
}

/**
 * Reads the one file a ZIP archive holds (as the ECB ships `eurofxref-hist.zip`), stored or
 * deflated, through the central directory (so entries written with a data descriptor work too),
 * and checks its size and CRC-32. `pick` chooses among several entries; by default there must be
 * exactly one file. Encrypted entries and ZIP64 archives are refused with a clear reason.
 *
 * @example
 * const { name, data } = await unzipSingleEntry(bytes); // name: 'eurofxref-hist.csv'
 */
export async function unzipSingleEntry(
  bytes: Uint8Array,
  pick: (name: string) => boolean = () => true,
): Promise<ZipEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 22) fail('the file is too short');
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65_535); at--) {
    if (view.getUint32(at, true) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) fail('no end-of-central-directory record');
  const count = view.getUint16(eocd + 10, true);
  const directoryOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || directoryOffset === 0xffffffff) fail('ZIP64 archives are not supported');
  const files: {
    name: string;
    method: number;
    flags: number;
    crc: number;
    size: number;
    packed: number;
    local: number;
  }[] = [];
  let at = directoryOffset;
  for (let index = 0; index < count; index++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL)
      fail('the central directory is damaged');
    const nameLength = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const entry = {
      name,
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      crc: view.getUint32(at + 16, true),
      packed: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      local: view.getUint32(at + 42, true),
    };
    if (!name.endsWith('/')) files.push(entry);
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  const chosen = files.filter((f) => pick(f.name));
  if (chosen.length !== 1) {
    const names = files.map((f) => f.name).join(', ') || 'no file';
    fail(`expected exactly one matching file, found ${chosen.length} (${names})`);
  }
  const entry = chosen[0]!;
  if (entry.flags & 1) fail(`${entry.name} is encrypted`);
  if (entry.local + 30 > bytes.length || view.getUint32(entry.local, true) !== LOCAL)
    fail(`the local header of ${entry.name} is damaged`);
  const start =
    entry.local + 30 + view.getUint16(entry.local + 26, true) + view.getUint16(entry.local + 28, true);
  if (start + entry.packed > bytes.length) fail(`${entry.name} is cut short`);
  const packed = bytes.subarray(start, start + entry.packed);
  let data: Uint8Array;
  if (entry.method === 0) data = packed;
  else if (entry.method === 8) data = await inflateRaw(packed);
  else fail(`${entry.name} uses compression method ${entry.method}; only stored and deflated files are read`);
  if (data.length !== entry.size || crc32(data) !== entry.crc)
    fail(`${entry.name} does not match its checksum (a damaged or incomplete download)`);
  return { name: entry.name, data };
}
