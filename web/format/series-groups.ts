/** A series of a service as `GET /v1/services/{id}` lists it. */
export interface SeriesRef {
  readonly id: string;
  readonly metric: string;
  readonly unit: string;
  readonly labels?: Readonly<Record<string, string>> | undefined;
}

export interface SeriesGroup {
  readonly metric: string;
  readonly items: readonly { readonly id: string; readonly labels: string }[];
}

/** `quantile="0.5", job="api"`: what tells the series of one metric apart. */
export function labelText(labels: SeriesRef['labels']): string {
  return Object.entries(labels ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ');
}

/**
 * The series grouped by metric name (sorted), keeping those whose metric, display name or labels
 * contain every word of the query (any case).
 *
 * @example groupSeries(series, 'gc quantile="0.5"')
 */
export function groupSeries(
  series: readonly SeriesRef[],
  query: string,
  displayName: (metric: string) => string = (m) => m,
): SeriesGroup[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const groups = new Map<string, { id: string; labels: string }[]>();
  for (const s of series) {
    const labels = labelText(s.labels);
    const haystack = `${s.metric} ${displayName(s.metric)} ${labels}`.toLowerCase();
    if (!words.every((w) => haystack.includes(w))) continue;
    const list = groups.get(s.metric) ?? [];
    list.push({ id: s.id, labels });
    groups.set(s.metric, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([metric, items]) => ({ metric, items: items.sort((a, b) => a.labels.localeCompare(b.labels)) }));
}

/** Metrics that exporters report about themselves (Go runtime, process, scrape machinery). */
const INFRASTRUCTURE = /^(go_|process_|promhttp_|prometheus_|scrape_|net_conntrack_|otelcol_|up$)/;

/**
 * Whether a service is infrastructure rather than a municipal service: it has series, and all of
 * them are an exporter's own metrics (a Prometheus self-scrape, an exporter's runtime).
 *
 * @example isInfrastructure([{ metric: 'go_gc_duration_seconds' }]) // true
 */
export function isInfrastructure(series: readonly Pick<SeriesRef, 'metric'>[]): boolean {
  return series.length > 0 && series.every((s) => INFRASTRUCTURE.test(s.metric));
}
