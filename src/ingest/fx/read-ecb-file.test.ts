import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseEcbCsv } from './parse-ecb-csv.ts';
import { readEcbFile } from './read-ecb-file.ts';
import { crc32, unzipSingleEntry } from './unzip-single-entry.ts';

const shipped = readFileSync(new URL('../../../fixtures/fx/eurofxref-hist.zip', import.meta.url));

/** A one-entry ZIP as `zip` writes it (local header, data, central directory, end record). */
function zipOf(name: string, data: Uint8Array, method: 0 | 8 = 8, extra: { crc?: number } = {}): Uint8Array {
  const packed = method === 8 ? new Uint8Array(deflateRawSync(data)) : data;
  const nameBytes = new TextEncoder().encode(name);
  const crc = extra.crc ?? crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(method, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(packed.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(method, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(packed.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt32LE(0, 42);
  const directoryOffset = 30 + nameBytes.length + packed.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + nameBytes.length, 12);
  end.writeUInt32LE(directoryOffset, 16);
  return new Uint8Array(Buffer.concat([local, nameBytes, packed, central, nameBytes, end]));
}

const daily = 'Date, USD, JPY, CHF, \n03 December 2026, 1.0543, 162.01, 0.9402, \n';

describe('readEcbFile', () => {
  it('reads the shipped ECB history: 6,983 days, 1999-01-04 to 2026-04-13, the cells as published', async () => {
    const ecb = await readEcbFile(shipped);
    expect(ecb.days).toHaveLength(6983);
    expect([ecb.days[0], ecb.days.at(-1)]).toEqual(['1999-01-04', '2026-04-13']);
    const usd = ecb.byCurrency.get('USD')!;
    expect([usd.dates.at(-1), usd.rates.at(-1)]).toEqual(['2026-04-13', '1.1684']);
    expect([usd.dates[0], usd.rates[0]]).toEqual(['1999-01-04', '1.1789']);
    // N/A cells are no rates: the Cyprus pound ended with the euro in 2008.
    expect(ecb.byCurrency.get('CYP')!.dates.at(-1)! < '2008-01-01').toBe(true);
    expect(ecb.values).toBe(217_555);
  });

  it('reads the daily file format and the same CSV zipped, stored or deflated', async () => {
    const text = new TextEncoder().encode(daily);
    for (const bytes of [text, zipOf('eurofxref.csv', text, 8), zipOf('eurofxref.csv', text, 0)]) {
      const ecb = await readEcbFile(bytes);
      expect(ecb.days).toEqual(['2026-12-03']);
      expect(ecb.byCurrency.get('CHF')).toEqual({ dates: ['2026-12-03'], rates: ['0.9402'] });
    }
  });

  it.each([
    [
      'a damaged download',
      zipOf('eurofxref.csv', new TextEncoder().encode(daily), 8, { crc: 1 }),
      /checksum/,
    ],
    ['a cut-off archive', shipped.subarray(0, 100_000), /end-of-central-directory/],
    ['a PDF', new TextEncoder().encode('%PDF-1.7 ...'), /not an ECB reference-rate file/],
    ['binary noise', new Uint8Array([0xff, 0xfe, 0x00, 0x81]), /neither a ZIP archive nor UTF-8 text/],
    ['a ZIP without a CSV', zipOf('readme.txt', new TextEncoder().encode('x')), /exactly one matching file/],
  ])('refuses %s with the reason', async (_name, bytes, message) => {
    await expect(readEcbFile(bytes)).rejects.toThrow(message);
  });

  it('finds the one entry of the shipped archive by itself', async () => {
    const entry = await unzipSingleEntry(shipped);
    expect(entry.name).toBe('eurofxref-hist.csv');
    expect(entry.data.length).toBe(1_891_690);
  });
});

describe('parseEcbCsv', () => {
  it.each([
    ['Date,USD,\n2026-04-13,-1.2,\n', '/line/2/USD'],
    ['Date,USD,\n2026-04-13,1,2,\n', '/line/2'],
    ['Date,USD,\n2026-02-30,1.1,\n', '/line/2/Date'],
    ['Date,USD,\n2026-04-13,0,\n', '/line/2/USD'],
    ['Date,USD,\n2026-04-13,1.1,\n2026-04-13,1.2,\n', '/line/3/Date'],
    ['Date,usd,\n2026-04-13,1.1,\n', '/line/1/2'],
    ['Date,USD,USD,\n2026-04-13,1.1,1.1,\n', '/line/1/USD'],
    ['Date,USD,\n', '/line/2'],
    ['Datum;USD\n', '/line/1'],
  ])('refuses %j, pointing at %s', (text, pointer) => {
    try {
      parseEcbCsv(text);
      expect.unreachable();
    } catch (error) {
      expect((error as { errors: { pointer: string }[] }).errors[0]?.pointer).toBe(pointer);
    }
  });

  it('sorts days, skips N/A and empty cells, and accepts a BOM and CRLF', () => {
    const ecb = parseEcbCsv(
      '\ufeffDate,USD,GBP,\r\n2026-04-13,1.1684,N/A,\r\n2026-04-10,1.1711,0.87105,\r\n',
    );
    expect(ecb.days).toEqual(['2026-04-10', '2026-04-13']);
    expect(ecb.byCurrency.get('USD')).toEqual({
      dates: ['2026-04-10', '2026-04-13'],
      rates: ['1.1711', '1.1684'],
    });
    expect(ecb.byCurrency.get('GBP')).toEqual({ dates: ['2026-04-10'], rates: ['0.87105'] });
  });
});
