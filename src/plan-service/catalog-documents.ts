/**
 * Catalogs are stored as the documents they were imported from, one row per provider, and read
 * back through the same parsers on every use: the stored row is the catalog as published, and a
 * plan that names a catalog id can be recomputed from it. Parsed catalogs are cached by digest,
 * since a stored document never changes.
 */
import { parseCatalogCsv } from '../cost/parse-catalog-csv.ts';
import { type CatalogBundle, type PriceCatalog, parseCatalog } from '../cost/price-catalog.ts';
import { DomainError } from '../domain/errors.ts';

export type CatalogFormat = 'json' | 'csv';

/** One provider's catalog, ready to be stored. */
export interface CatalogDocument {
  readonly catalog: PriceCatalog;
  readonly format: CatalogFormat;
  readonly document: string;
  readonly sha256: string;
  readonly validOn: string | undefined;
  readonly priceCount: number;
}

/** Digest of a document (hex SHA-256); Web Crypto, so it runs on Node and in Workers. */
export async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function priceDates(catalog: PriceCatalog): string[] {
  const dates: (string | undefined)[] = [];
  for (const type of catalog.instanceTypes) {
    dates.push(type.hourly?.validFrom, type.monthly?.validFrom, type.monthlyCap?.validFrom);
    for (const c of type.commitments) dates.push(c.price.validFrom);
  }
  for (const s of [...catalog.blockStorage, ...catalog.objectStorage])
    dates.push(s.perUnitMonth?.validFrom, s.baseMonthly?.validFrom);
  for (const tier of catalog.egress?.tiers ?? []) dates.push(tier.price.validFrom);
  return dates.filter((d): d is string => d !== undefined).sort();
}

/** Number of published figures in a catalog (instance, commitment, storage and egress prices). */
export function priceCount(catalog: PriceCatalog): number {
  let n = 0;
  for (const type of catalog.instanceTypes) {
    n += [type.hourly, type.monthly, type.monthlyCap].filter(Boolean).length + type.commitments.length;
  }
  for (const s of [...catalog.blockStorage, ...catalog.objectStorage])
    n += [s.perUnitMonth, s.baseMonthly].filter(Boolean).length;
  return n + (catalog.egress?.tiers.length ?? 0);
}

/**
 * Splits an import into one document per provider. A JSON bundle keeps its source register and
 * exchange rates in each provider's document; a CSV keeps the whole text (its rows are re-read
 * and the provider picked). Throws the parsers' validation errors with their pointers.
 */
export async function catalogDocuments(
  format: CatalogFormat,
  body: unknown,
): Promise<{ bundle: CatalogBundle; documents: CatalogDocument[] }> {
  const bundle = format === 'csv' ? parseCatalogCsv(String(body)) : parseCatalog(body);
  const raw = body as { providers?: unknown[] } & Record<string, unknown>;
  const documents = await Promise.all(
    bundle.catalogs.map(async (catalog, index) => {
      const document =
        format === 'csv'
          ? String(body)
          : JSON.stringify({
              schema_version: raw.schema_version ?? '1.0',
              generated: raw.generated,
              sources: raw.sources,
              fx_rates: raw.fx_rates ?? [],
              providers: [raw.providers?.[index]],
            });
      return {
        catalog,
        format,
        document,
        sha256: await sha256(`${format}\n${catalog.provider}\n${document}`),
        validOn: priceDates(catalog)[0],
        priceCount: priceCount(catalog),
      };
    }),
  );
  return { bundle, documents };
}

const cache = new Map<string, PriceCatalog>();
const CACHE_LIMIT = 256;

/**
 * Reads a stored document back into the provider's catalog.
 *
 * @example
 * readCatalogDocument({ format: 'json', document, provider: 'hetzner', sha256 }).instanceTypes.length;
 */
export function readCatalogDocument(row: {
  readonly format: CatalogFormat;
  readonly document: string;
  readonly provider: string;
  readonly sha256: string;
}): PriceCatalog {
  const hit = cache.get(row.sha256);
  if (hit) return hit;
  const bundle =
    row.format === 'csv' ? parseCatalogCsv(row.document) : parseCatalog(JSON.parse(row.document));
  const catalog = bundle.catalogs.find((c) => c.provider === row.provider);
  if (!catalog) throw new DomainError('conflict', `stored catalog document has no provider ${row.provider}`);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(row.sha256, catalog);
  return catalog;
}
