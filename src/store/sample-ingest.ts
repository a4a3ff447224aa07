import { sql } from 'kysely';
import { DomainError } from '../domain/errors.ts';
import type { SampleInput, SeriesKind } from '../ingest/sample.ts';
import { conversionFactor } from '../ingest/units.ts';
import { jsonb } from './jsonb.ts';
import { type SeriesSamples, upsertSamples, type WriteResult } from './sample-store.ts';
import { labelsKey } from './series-store.ts';
import type { TenantTx } from './with-tenant.ts';

/** Same pattern as the `services.key` check in migrations/0002. */
const SERVICE_KEY = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
/** The `series.metric` check in migrations/0002. */
const MAX_STORED_METRIC = 200;

export interface IngestOptions {
  readonly newId: () => string;
  /** Series a tenant may hold; samples of a series beyond it are refused, with the reason. */
  readonly maxSeries: number;
  /** Epoch ms: older samples are refused, because their raw data would be gone before the rollup (retention). */
  readonly oldestTs?: number | undefined;
  /**
   * The sender only guessed the kind (remote write before the family's metadata arrived), so a
   * series keeps the kind it was stored with instead of refusing the samples: a counter still
   * refuses a negative value.
   */
  readonly kindIsHint?: boolean;
}

/** Samples refused after decoding (store-level reasons), one entry per series and reason. */
export interface SeriesRejection {
  /** `service/metric{labels}` */
  readonly series: string;
  readonly reason: string;
  readonly count: number;
}

export interface IngestResult extends WriteResult {
  /** Samples stored (inserted, updated or unchanged). */
  readonly accepted: number;
  readonly rejected: SeriesRejection[];
}

interface Resolved {
  readonly id: string;
  readonly unit: string;
  readonly kind: SeriesKind;
}

type Resolution = Resolved | { readonly reason: string };

interface Group {
  readonly first: SampleInput;
  readonly samples: SampleInput[];
}

/** A chunk of samples grouped by series (see `IngestSession.group`). */
export interface IngestChunk {
  readonly groups: ReadonlyMap<string, Group>;
  readonly size: number;
}

/**
 * Validated samples into the store: services and series are created on first sight (a series keeps
 * its first unit; a sample in a convertible unit is converted, an incompatible one refused), the
 * samples are upserted set-wise and the rollups follow. One session serves the chunks of one
 * request, so a streamed import resolves each series once.
 */
export class IngestSession {
  private readonly resolved = new Map<string, Resolution>();
  private readonly services = new Map<string, string>();
  private readonly keys = new WeakMap<object, string>();

  constructor(
    private readonly tenantId: string,
    private readonly options: IngestOptions,
  ) {}

  /** Forgets what was resolved, after a transaction that may have created services or series rolled back. */
  reset(): void {
    this.resolved.clear();
    this.services.clear();
  }

  /** Stores one chunk in the caller's transaction, creating its new services and series there too. */
  async ingest(tx: TenantTx, samples: readonly SampleInput[]): Promise<IngestResult> {
    const chunk = this.group(samples);
    await this.prepare(tx, chunk);
    return this.store(tx, chunk);
  }

  /** Groups a chunk by series, once, for `prepare` and `store`. */
  group(samples: readonly SampleInput[]): IngestChunk {
    const groups = new Map<string, Group>();
    for (const sample of samples) {
      const key = this.seriesKey(sample);
      const group = groups.get(key);
      if (group === undefined) groups.set(key, { first: sample, samples: [sample] });
      else group.samples.push(sample);
    }
    return { groups, size: samples.length };
  }

  /**
   * Finds or creates the services and series of a chunk. Run in a short transaction of its own,
   * it keeps the per-tenant series lock from serialising concurrent sample writes.
   */
  async prepare(tx: TenantTx, chunk: IngestChunk): Promise<void> {
    const unknown = [...chunk.groups].filter(([key]) => !this.resolved.has(key));
    if (unknown.length > 0) await this.resolve(tx, unknown);
  }

  /** Writes a prepared chunk's samples. */
  async store(tx: TenantTx, chunk: IngestChunk): Promise<IngestResult> {
    const { groups } = chunk;
    await this.prepare(tx, chunk);
    const rejected: SeriesRejection[] = [];
    const batch: SeriesSamples[] = [];
    for (const [key, group] of groups) {
      const series = this.resolved.get(key) as Resolution;
      if ('reason' in series) {
        rejected.push({
          series: describeSeries(group.first),
          reason: series.reason,
          count: group.samples.length,
        });
        continue;
      }
      batch.push({ seriesId: series.id, kind: series.kind, points: this.points(series, group, rejected) });
    }
    const written = await upsertSamples(tx, this.tenantId, batch).catch((error: unknown) => {
      // float8 sums that leave the double range (values near 1e308) fail in PostgreSQL.
      if ((error as { code?: string }).code !== '22003') throw error;
      throw new DomainError(
        'validation',
        'values are so large that their hourly sum leaves the double-precision range; send them in a larger unit',
      );
    });
    let refused = 0;
    for (const r of rejected) refused += r.count;
    let distinct = 0;
    for (const s of batch) distinct += s.points.size;
    const accepted = chunk.size - refused;
    // A timestamp repeated inside the chunk was folded into one write (last wins): the others are unchanged.
    return { ...written, unchanged: written.unchanged + accepted - distinct, accepted, rejected };
  }

  private seriesKey(sample: SampleInput): string {
    let labels = this.keys.get(sample.labels);
    if (labels === undefined) {
      labels = labelsKey(sample.labels);
      this.keys.set(sample.labels, labels);
    }
    return `${sample.service}\u0000${sample.metric}\u0000${labels}`;
  }

  /** Timestamp to value in the series' unit; last write wins within the chunk. */
  private points(series: Resolved, group: Group, rejected: SeriesRejection[]): Map<number, number> {
    const points = new Map<number, number>();
    const refused = new Map<string, number>();
    const factors = new Map<string, readonly [number, number] | string>();
    const oldest = this.options.oldestTs;
    for (const sample of group.samples) {
      let reason: string | undefined;
      let value = sample.value;
      if (
        sample.kind !== series.kind &&
        (!this.options.kindIsHint || (series.kind !== 'gauge' && value < 0))
      ) {
        reason = `series is stored as a ${series.kind}, not a ${sample.kind}`;
      } else if (oldest !== undefined && sample.ts < oldest) {
        reason = `timestamp ${new Date(sample.ts).toISOString()} is older than the raw-sample retention (${new Date(oldest).toISOString()})`;
      } else if (sample.unit !== series.unit) {
        let factor = factors.get(sample.unit);
        if (factor === undefined) {
          const found = conversionFactor(sample.unit, series.unit);
          factor = found.ok ? found.value : `${found.reason}; the series is stored in '${series.unit}'`;
          factors.set(sample.unit, factor);
        }
        if (typeof factor === 'string') reason = factor;
        else value = (value * factor[0]) / factor[1];
      }
      if (reason === undefined) points.set(sample.ts, value);
      else refused.set(reason, (refused.get(reason) ?? 0) + 1);
    }
    for (const [reason, count] of refused)
      rejected.push({ series: describeSeries(group.first), reason, count });
    return points;
  }

  private async resolve(tx: TenantTx, unknown: [string, Group][]): Promise<void> {
    const serviceIds = await this.resolveServices(
      tx,
      unknown.map(([, group]) => group.first.service),
    );
    const wanted: { key: string; group: Group; serviceId: string; labelsKey: string }[] = [];
    for (const [key, group] of unknown) {
      const serviceId = serviceIds.get(group.first.service);
      if (group.first.metric.length > MAX_STORED_METRIC) {
        this.resolved.set(key, { reason: `metric name is longer than ${MAX_STORED_METRIC} characters` });
      } else if (serviceId === undefined) {
        this.resolved.set(key, {
          reason: `service key '${group.first.service}' must be letters, digits and . _ : - (max 128), starting with a letter or digit`,
        });
      } else wanted.push({ key, group, serviceId, labelsKey: labelsKey(group.first.labels) });
    }
    if (wanted.length === 0) return;
    const found = await this.findSeries(tx, wanted);
    const missing = wanted.filter(
      (w) => !found.has(`${w.serviceId}\u0000${w.group.first.metric}\u0000${w.labelsKey}`),
    );
    if (missing.length > 0) {
      // One creator at a time per tenant, so two requests cannot both take the last free series.
      await sql`select pg_advisory_xact_lock(hashtext('lastplan.series'), hashtext(${this.tenantId}))`.execute(
        tx,
      );
      const counted = await sql<{ n: number }>`select count(*)::int as n from series`.execute(tx);
      const room = Math.max(0, this.options.maxSeries - (counted.rows[0]?.n ?? 0));
      const creating = missing.slice(0, room);
      for (const w of missing.slice(room)) {
        this.resolved.set(w.key, {
          reason: `the tenant has reached its limit of ${this.options.maxSeries} series (LASTPLAN_MAX_SERIES); this series was not created`,
        });
      }
      if (creating.length > 0) {
        await tx
          .insertInto('series')
          .values(
            creating.map((w) => ({
              tenant_id: this.tenantId,
              id: this.options.newId(),
              service_id: w.serviceId,
              metric: w.group.first.metric,
              unit: w.group.first.unit,
              kind: w.group.first.kind,
              labels: jsonb(w.group.first.labels),
              labels_key: w.labelsKey,
            })),
          )
          .onConflict((oc) => oc.columns(['tenant_id', 'service_id', 'metric', 'labels_key']).doNothing())
          .execute();
        for (const [key, series] of await this.findSeries(tx, creating)) found.set(key, series);
      }
    }
    for (const w of wanted) {
      const series = found.get(`${w.serviceId}\u0000${w.group.first.metric}\u0000${w.labelsKey}`);
      if (series !== undefined) this.resolved.set(w.key, series);
    }
  }

  private async findSeries(
    tx: TenantTx,
    wanted: readonly { serviceId: string; group: Group; labelsKey: string }[],
  ): Promise<Map<string, Resolved>> {
    const rows = await sql<{
      id: string;
      service_id: string;
      metric: string;
      labels_key: string;
      unit: string;
      kind: SeriesKind;
    }>`
      select s.id, s.service_id, s.metric, s.labels_key, s.unit, s.kind
      from series s
      join unnest(${wanted.map((w) => w.serviceId)}::uuid[], ${wanted.map((w) => w.group.first.metric)}::text[],
        ${wanted.map((w) => w.labelsKey)}::text[]) as k(service_id, metric, labels_key)
        on s.service_id = k.service_id and s.metric = k.metric and s.labels_key = k.labels_key
      where s.tenant_id = ${this.tenantId}::uuid`.execute(tx);
    return new Map(
      rows.rows.map((r) => [
        `${r.service_id}\u0000${r.metric}\u0000${r.labels_key}`,
        { id: r.id, unit: r.unit, kind: r.kind },
      ]),
    );
  }

  private async resolveServices(tx: TenantTx, names: readonly string[]): Promise<Map<string, string>> {
    const keys = [...new Set(names)].filter((name) => SERVICE_KEY.test(name));
    const missing = keys.filter((key) => !this.services.has(key));
    if (missing.length > 0) {
      await tx
        .insertInto('services')
        .values(
          missing.map((key) => ({
            tenant_id: this.tenantId,
            id: this.options.newId(),
            key,
            name: key,
            tags: jsonb({}),
          })),
        )
        .onConflict((oc) => oc.columns(['tenant_id', 'key']).doNothing())
        .execute();
      const rows = await tx
        .selectFrom('services')
        .select(['id', 'key'])
        .where('key', 'in', missing)
        .execute();
      for (const row of rows) this.services.set(row.key, row.id);
    }
    return this.services;
  }
}

/**
 * How a series is named in messages.
 *
 * @example describeSeries({ service: 'kfz', metric: 'cpu_cores', labels: { host: 'h1' } }) // 'kfz/cpu_cores{host="h1"}'
 */
export function describeSeries(sample: Pick<SampleInput, 'service' | 'metric' | 'labels'>): string {
  const labels = Object.entries(sample.labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',');
  return `${sample.service}/${sample.metric}${labels === '' ? '' : `{${labels}}`}`;
}
