import type { EcbRates } from '../ingest/fx/parse-ecb-csv.ts';
import { readEcbFile } from '../ingest/fx/read-ecb-file.ts';

let loaded: Promise<EcbRates> | undefined;

/**
 * The built-in ECB reference rates, read once per process on first use (not at start-up) and
 * shared by every tenant, so no tenant's rows hold 27 years of rates. Where the file cannot be
 * read (a Worker has no file system) the table is empty, and lookups say that a rate is missing.
 */
export function ecbReference(): Promise<EcbRates> {
  loaded ??= (async () => {
    // Shipped with the code: fixtures/fx/eurofxref-hist.zip, the ECB's file unchanged
    // (fixtures/fx/SOURCES.md). Resolved here, not at module load: in a Worker `import.meta.url` is
    // no file URL, and a module that throws while loading stops the whole Worker from starting.
    const file = new URL('../../fixtures/fx/eurofxref-hist.zip', import.meta.url);
    const { readFile } = await import('node:fs/promises');
    return readEcbFile(await readFile(file));
  })().catch((): EcbRates => ({ days: [], byCurrency: new Map(), values: 0 }));
  return loaded;
}
