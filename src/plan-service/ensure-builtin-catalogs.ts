/**
 * The shared catalog (fixtures/pricing/catalog.json, sources in fixtures/pricing/SOURCES.md) is
 * loaded into each database once, as read-only built-in catalogs and exchange rates that every
 * tenant sees. Imported as a module so that the Worker bundle carries it too.
 */
import sharedCatalog from '../../fixtures/pricing/catalog.json' with { type: 'json' };
import { insertBuiltins, type NewCatalog } from '../store/catalog-store.ts';
import type { Database } from '../store/database.ts';
import { systemDb } from '../store/with-tenant.ts';
import { catalogDocuments } from './catalog-documents.ts';

/** Id of a built-in catalog: readable, stable across databases, and never a UUID. */
export function builtinCatalogId(provider: string, version: string): string {
  return `builtin:${provider}:${version}`;
}

/** The built-in catalogs and rates as rows, from the shared fixture. */
export async function builtinRows(): Promise<{
  catalogs: NewCatalog[];
  rates: { base: string; quote: string; date: string; rate: string; source: string }[];
}> {
  const { bundle, documents } = await catalogDocuments('json', sharedCatalog);
  return {
    catalogs: documents.map((d) => ({
      id: builtinCatalogId(d.catalog.provider, d.catalog.version),
      provider: d.catalog.provider,
      name: d.catalog.name,
      region: d.catalog.region,
      version: d.catalog.version,
      validOn: d.validOn,
      sourceKeys: d.catalog.sourceKeys,
      priceCount: d.priceCount,
      format: d.format,
      document: d.document,
      sha256: d.sha256,
    })),
    rates: bundle.fxRates.map((r) => ({ ...r })),
  };
}

const loaded = new WeakMap<Database, Promise<void>>();

/** Loads the built-ins into `database` on first use; later calls wait for the same load. */
export function ensureBuiltinCatalogs(database: Database): Promise<void> {
  let done = loaded.get(database);
  if (!done) {
    done = builtinRows().then(({ catalogs, rates }) => insertBuiltins(systemDb(database), catalogs, rates));
    done.catch(() => loaded.delete(database));
    loaded.set(database, done);
  }
  return done;
}
