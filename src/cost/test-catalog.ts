/** The shared fixture catalog, parsed once for tests and benchmarks (not for production code). */
import { readFileSync } from 'node:fs';
import { type CatalogBundle, parseCatalog } from './price-catalog.ts';

export const catalogPath = new URL('../../fixtures/pricing/catalog.json', import.meta.url);

/**
 * @example
 * loadFixtureCatalog().catalogs.length; // 7
 */
export function loadFixtureCatalog(): CatalogBundle {
  return parseCatalog(JSON.parse(readFileSync(catalogPath, 'utf8')));
}
