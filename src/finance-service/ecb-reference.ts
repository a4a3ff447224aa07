import type { EcbRates } from '../ingest/fx/parse-ecb-csv.ts';
import { readEcbFile } from '../ingest/fx/read-ecb-file.ts';

/** Shipped with the code: fixtures/fx/eurofxref-hist.zip, the ECB's file unchanged (fixtures/fx/SOURCES.md). */
const FILE = new URL('../../fixtures/fx/eurofxref-hist.zip', import.meta.url);

let loaded: Promise<EcbRates> | undefined;

/**
 * The built-in ECB reference rates, read once per process on first use (not at start-up) and
 * shared by every tenant, so no tenant's rows hold 27 years of rates. Where the file cannot be
 * read (a Worker has no file system) the table is empty, and lookups say that a rate is missing.
 */
export function ecbReference(): Promise<EcbRates> {
  loaded ??= (async () => {
    const { readFile } = await import('node:fs/promises');
    return readEcbFile(await readFile(FILE));
  })().catch((): EcbRates => ({ days: [], byCurrency: new Map(), values: 0 }));
  return loaded;
}
