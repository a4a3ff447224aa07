import { type Kysely, type Selectable, sql } from 'kysely';
import { DomainError } from '../domain/errors.ts';
import type { PriceCatalogRow, Schema } from './schema.ts';
import type { TenantTx } from './with-tenant.ts';

/** Tenant id under which built-in catalogs and rates are stored (see migration 0006). */
export const BUILTIN_TENANT = '00000000-0000-0000-0000-000000000000';

export interface CatalogSummary {
  readonly id: string;
  readonly builtIn: boolean;
  readonly provider: string;
  readonly name: string;
  readonly region: string;
  readonly version: string;
  readonly validOn: string | null;
  readonly sourceKeys: readonly string[];
  readonly priceCount: number;
  readonly format: 'json' | 'csv';
  readonly sha256: string;
  readonly createdAt: Date;
}

export interface StoredCatalog extends CatalogSummary {
  readonly document: string;
}

export interface NewCatalog {
  readonly id: string;
  readonly provider: string;
  readonly name: string;
  readonly region: string;
  readonly version: string;
  readonly validOn: string | undefined;
  readonly sourceKeys: readonly string[];
  readonly priceCount: number;
  readonly format: 'json' | 'csv';
  readonly document: string;
  readonly sha256: string;
}

const summaryColumns = [
  'tenant_id',
  'id',
  'provider',
  'name',
  'region',
  'version',
  'valid_on',
  'source_keys',
  'price_count',
  'format',
  'document_sha256',
  'created_at',
] as const;

type SummaryRow = Pick<Selectable<PriceCatalogRow>, (typeof summaryColumns)[number]>;

function toSummary(row: SummaryRow): CatalogSummary {
  return {
    id: row.id,
    builtIn: row.tenant_id === BUILTIN_TENANT,
    provider: row.provider,
    name: row.name,
    region: row.region,
    version: row.version,
    validOn: row.valid_on,
    sourceKeys: row.source_keys,
    priceCount: row.price_count,
    format: row.format,
    sha256: row.document_sha256,
    createdAt: row.created_at,
  };
}

function values(tenantId: string, catalog: NewCatalog) {
  return {
    tenant_id: tenantId,
    id: catalog.id,
    provider: catalog.provider,
    name: catalog.name,
    region: catalog.region,
    version: catalog.version,
    valid_on: catalog.validOn ?? null,
    source_keys: [...catalog.sourceKeys],
    price_count: catalog.priceCount,
    format: catalog.format,
    document: catalog.document,
    document_sha256: catalog.sha256,
  };
}

/** Built-in catalogs first (by provider), then the tenant's own, newest first. */
export async function listCatalogs(tx: TenantTx): Promise<CatalogSummary[]> {
  const rows = await tx
    .selectFrom('price_catalogs')
    .select(summaryColumns)
    .orderBy(sql`tenant_id = ${BUILTIN_TENANT}::uuid`, 'desc')
    .orderBy('provider')
    .orderBy('created_at', 'desc')
    .orderBy('version', 'desc')
    .execute();
  return rows.map(toSummary);
}

export async function findCatalog(tx: TenantTx, id: string): Promise<StoredCatalog | undefined> {
  const row = await tx
    .selectFrom('price_catalogs')
    .select([...summaryColumns, 'document'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { ...toSummary(row), document: row.document } : undefined;
}

export async function getCatalog(tx: TenantTx, id: string): Promise<StoredCatalog> {
  const found = await findCatalog(tx, id);
  if (!found) throw new DomainError('not-found', `catalog ${id} not found`);
  return found;
}

/** Several catalogs by id, in the order asked; a missing one is a 404 naming it. */
export async function getCatalogs(tx: TenantTx, ids: readonly string[]): Promise<StoredCatalog[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .selectFrom('price_catalogs')
    .select([...summaryColumns, 'document'])
    .where('id', 'in', [...ids])
    .execute();
  const byId = new Map(rows.map((row) => [row.id, { ...toSummary(row), document: row.document }]));
  return ids.map((id) => {
    const found = byId.get(id);
    if (!found) throw new DomainError('not-found', `catalog ${id} not found`);
    return found;
  });
}

/**
 * The catalog a plan uses for each provider: the tenant's latest import of that provider, else
 * the newest built-in one.
 */
export async function currentCatalogIds(tx: TenantTx): Promise<Map<string, string>> {
  const rows = await tx
    .selectFrom('price_catalogs')
    .select(['id', 'provider'])
    .orderBy(sql`tenant_id = ${BUILTIN_TENANT}::uuid`, 'asc')
    .orderBy('created_at', 'desc')
    .orderBy('version', 'desc')
    .execute();
  const chosen = new Map<string, string>();
  for (const row of rows) if (!chosen.has(row.provider)) chosen.set(row.provider, row.id);
  return chosen;
}

/**
 * Stores a tenant's catalog. The same provider and version again is accepted when the document is
 * the same (the stored one is returned) and a conflict when it differs: versions never change.
 */
export async function insertCatalog(
  tx: TenantTx,
  tenantId: string,
  catalog: NewCatalog,
): Promise<{ catalog: CatalogSummary; created: boolean }> {
  const existing = await tx
    .selectFrom('price_catalogs')
    .select(summaryColumns)
    .where('tenant_id', '=', tenantId)
    .where('provider', '=', catalog.provider)
    .where('version', '=', catalog.version)
    .executeTakeFirst();
  if (existing) {
    if (existing.document_sha256 === catalog.sha256) return { catalog: toSummary(existing), created: false };
    throw new DomainError(
      'conflict',
      `catalog ${catalog.provider} version ${catalog.version} exists with other prices; import it under a new version`,
      [{ pointer: '/generated', detail: 'choose a new version (date) for changed prices' }],
    );
  }
  const row = await tx
    .insertInto('price_catalogs')
    .values(values(tenantId, catalog))
    .returning(summaryColumns)
    .executeTakeFirstOrThrow();
  return { catalog: toSummary(row), created: true };
}

/** Loads built-in catalogs and rates on the owner's connection; rows already there stay. */
export async function insertBuiltins(
  db: Kysely<Schema>,
  catalogs: readonly NewCatalog[],
  rates: readonly { base: string; quote: string; date: string; rate: string; source: string }[],
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    if (catalogs.length > 0) {
      await tx
        .insertInto('price_catalogs')
        .values(catalogs.map((c) => values(BUILTIN_TENANT, c)))
        .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
        .execute();
    }
    if (rates.length > 0) {
      await tx
        .insertInto('exchange_rates')
        .values(rates.map((r) => ({ tenant_id: BUILTIN_TENANT, ...r })))
        .onConflict((oc) => oc.columns(['tenant_id', 'base', 'quote', 'date']).doNothing())
        .execute();
    }
  });
}
