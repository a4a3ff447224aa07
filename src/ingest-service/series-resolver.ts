import { admitNewSeries, isStorableServiceKey, unstorableSeries } from '../ingest/series-admission.ts';
import { labelsKey, type SeriesGroup } from '../ingest/series-groups.ts';
import {
  ensureServices,
  findSeriesByKey,
  insertSeries,
  lockAndCountSeries,
  type SeriesKey,
  type StoredSeries,
  seriesKeyText,
} from '../store/series-ingest-store.ts';
import type { TenantTx } from '../store/with-tenant.ts';

/** A series' stored shape, or why its samples are refused. */
export type Resolution = StoredSeries | { readonly reason: string };

/**
 * Which stored series each group of samples belongs to, for the chunks of one request: services
 * and series are created on first sight (up to the tenant's series limit), and each is looked up
 * once per request.
 */
export class SeriesResolver {
  private readonly resolved = new Map<string, Resolution>();
  private readonly services = new Map<string, string>();

  constructor(
    private readonly tenantId: string,
    private readonly newId: () => string,
    private readonly maxSeries: number,
  ) {}

  /** Forgets what was resolved, after a transaction that may have created services or series rolled back. */
  reset(): void {
    this.resolved.clear();
    this.services.clear();
  }

  get(key: string): Resolution | undefined {
    return this.resolved.get(key);
  }

  /** The groups not resolved yet. */
  unknown(groups: ReadonlyMap<string, SeriesGroup>): [string, SeriesGroup][] {
    return [...groups].filter(([key]) => !this.resolved.has(key));
  }

  /** Finds or creates the services and series of `unknown` groups in the caller's transaction. */
  async resolve(tx: TenantTx, unknown: readonly [string, SeriesGroup][]): Promise<void> {
    const serviceIds = await this.serviceIds(tx, unknown);
    const wanted: { key: string; group: SeriesGroup; series: SeriesKey }[] = [];
    for (const [key, group] of unknown) {
      const reason = unstorableSeries(group.first);
      const serviceId = serviceIds.get(group.first.service);
      if (reason !== undefined || serviceId === undefined) {
        this.resolved.set(key, { reason: reason ?? `service '${group.first.service}' could not be stored` });
        continue;
      }
      const series = { serviceId, metric: group.first.metric, labelsKey: labelsKey(group.first.labels) };
      wanted.push({ key, group, series });
    }
    if (wanted.length === 0) return;
    const found = await findSeriesByKey(
      tx,
      this.tenantId,
      wanted.map((w) => w.series),
    );
    const missing = wanted.filter((w) => !found.has(seriesKeyText(w.series)));
    if (missing.length > 0) {
      const stored = await lockAndCountSeries(tx, this.tenantId);
      const admitted = admitNewSeries(missing, stored, this.maxSeries);
      for (const w of admitted.refuse) this.resolved.set(w.key, { reason: admitted.reason });
      if (admitted.create.length > 0) {
        await insertSeries(
          tx,
          this.tenantId,
          admitted.create.map(({ group, series }) => ({
            ...series,
            id: this.newId(),
            unit: group.first.unit,
            kind: group.first.kind,
            labels: group.first.labels,
          })),
        );
        const created = await findSeriesByKey(
          tx,
          this.tenantId,
          admitted.create.map((w) => w.series),
        );
        for (const [key, series] of created) found.set(key, series);
      }
    }
    for (const w of wanted) {
      const series = found.get(seriesKeyText(w.series));
      if (series !== undefined) this.resolved.set(w.key, series);
    }
  }

  private async serviceIds(
    tx: TenantTx,
    groups: readonly [string, SeriesGroup][],
  ): Promise<Map<string, string>> {
    const keys = [...new Set(groups.map(([, group]) => group.first.service))].filter(isStorableServiceKey);
    const missing = keys.filter((key) => !this.services.has(key));
    if (missing.length > 0) {
      const ids = await ensureServices(tx, this.tenantId, missing, this.newId);
      for (const [key, id] of ids) this.services.set(key, id);
    }
    return this.services;
  }
}
