/**
 * The metric family metadata each tenant's Prometheus servers sent. Remote write 1.0 carries it
 * in requests of its own, resent in full every `metadata_config.send_interval` (1 min by
 * default), so memory is enough: after a restart, new series fall back to the naming
 * conventions for at most that long, and series already stored keep the kind they were created
 * with anyway.
 */
import type { FamilyMetadata, MetadataLookup } from './prometheus-naming.ts';

/** Families kept per tenant; a sender with more starts a fresh table (cardinality guard). */
const MAX_FAMILIES = 20_000;
/** Tenants kept; the least recently written one is forgotten first. */
const MAX_TENANTS = 1_000;

/**
 * @example
 * const cache = new FamilyMetadataCache();
 * cache.remember('t1', [{ family: 'up', type: 'gauge', unit: '', help: 'target is up' }]);
 * cache.lookup('t1')('up')?.type // 'gauge'
 */
export class FamilyMetadataCache {
  readonly #tenants = new Map<string, Map<string, FamilyMetadata>>();

  /** Records metadata received from a tenant; a later entry for a family replaces the earlier. */
  remember(tenantId: string, metadata: readonly FamilyMetadata[]): void {
    if (metadata.length === 0) return;
    let families = this.#tenants.get(tenantId) ?? new Map<string, FamilyMetadata>();
    for (const entry of metadata) families.set(entry.family, entry);
    if (families.size > MAX_FAMILIES)
      families = new Map(metadata.slice(-MAX_FAMILIES).map((entry) => [entry.family, entry]));
    // Re-inserted, so the Map's order is least recently written first.
    this.#tenants.delete(tenantId);
    this.#tenants.set(tenantId, families);
    if (this.#tenants.size > MAX_TENANTS) {
      const oldest = this.#tenants.keys().next().value;
      if (oldest !== undefined) this.#tenants.delete(oldest);
    }
  }

  /** The tenant's metadata by family name. */
  lookup(tenantId: string): MetadataLookup {
    const families = this.#tenants.get(tenantId);
    return (family) => families?.get(family);
  }
}
