import { DomainError } from '../../domain/errors.ts';
import { type EcbRates, parseEcbCsv } from './parse-ecb-csv.ts';
import { unzipSingleEntry } from './unzip-single-entry.ts';

/**
 * Reads an ECB reference-rate file as downloaded: the ZIP (`eurofxref-hist.zip`,
 * `eurofxref.zip`, told apart by its signature, not its name) or the CSV inside it.
 *
 * @example
 * const ecb = await readEcbFile(await readFile('eurofxref-hist.zip'));
 * ecb.days.at(-1); // '2026-04-13'
 */
export async function readEcbFile(bytes: Uint8Array): Promise<EcbRates> {
  let data = bytes;
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    data = (await unzipSingleEntry(bytes, (name) => name.toLowerCase().endsWith('.csv'))).data;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    const detail = 'the file is neither a ZIP archive nor UTF-8 text';
    throw new DomainError('validation', `not an ECB reference-rate file: ${detail}`, [
      { pointer: '/body', detail },
    ]);
  }
  return parseEcbCsv(text);
}
