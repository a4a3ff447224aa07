/**
 * POST /v1/catalogs behind the HTTP layer: a tenant's own catalog (JSON in the shape of the shared
 * catalog, or CSV) is validated by the cost parsers and stored as one versioned row per provider.
 */
import { type CatalogSummary, insertCatalog } from '../store/catalog-store.ts';
import type { TenantTx } from '../store/with-tenant.ts';
import { type CatalogFormat, catalogDocuments } from './catalog-documents.ts';

/** Stores every provider of the import; `created` is false where the same version was there. */
export async function importCatalog(
  tx: TenantTx,
  tenantId: string,
  newId: () => string,
  format: CatalogFormat,
  body: unknown,
): Promise<{ catalog: CatalogSummary; created: boolean }[]> {
  const { documents } = await catalogDocuments(format, body);
  const stored: { catalog: CatalogSummary; created: boolean }[] = [];
  for (const d of documents) {
    stored.push(
      await insertCatalog(tx, tenantId, {
        id: newId(),
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
      }),
    );
  }
  return stored;
}
