import type { Lang } from '../i18n.ts';

/**
 * Display names of the metrics lastplan itself knows (the capacity model's drivers, the demo's
 * series); any other metric keeps its identifier, which is what its exporter calls it.
 */
const names: Record<string, Record<Lang, string>> = {
  requests_per_second: { de: 'Anfragen pro Sekunde', en: 'Requests per second' },
  requests_total: { de: 'Anfragen gesamt', en: 'Requests in total' },
  http_requests_total: { de: 'HTTP-Anfragen gesamt', en: 'HTTP requests in total' },
  cpu_cores: { de: 'CPU-Kerne', en: 'CPU cores' },
  memory_gib: { de: 'Arbeitsspeicher', en: 'Memory' },
  storage_gib: { de: 'Speicherplatz', en: 'Storage' },
  egress_gib: { de: 'Ausgehender Datenverkehr', en: 'Egress' },
  queue_depth_count: { de: 'Warteschlangenlänge', en: 'Queue length' },
  queue_wait: { de: 'Wartezeit in der Warteschlange', en: 'Queue wait' },
  jobs_count: { de: 'Aufträge', en: 'Jobs' },
};

/** The canonical units (src/ingest/units.ts) that are words, in each language; symbols stay. */
const units: Record<string, Record<Lang, string>> = {
  cores: { de: 'Kerne', en: 'cores' },
  millicores: { de: 'Millikerne', en: 'millicores' },
  percent: { de: '%', en: '%' },
  '1': { de: '', en: '' },
};

/**
 * A metric's display name; an unknown metric as its identifier.
 *
 * @example metricLabel('de', 'requests_per_second') // 'Anfragen pro Sekunde'
 */
export function metricLabel(lang: Lang, metric: string): string {
  return Object.hasOwn(names, metric) ? (names[metric]?.[lang] ?? metric) : metric;
}

/** Whether the metric has a display name (else the identifier is shown). */
export function isKnownMetric(metric: string): boolean {
  return Object.hasOwn(names, metric);
}

/**
 * A unit as shown after a figure; dimensionless ('1') is empty.
 *
 * @example unitLabel('de', 'cores') // 'Kerne'
 */
export function unitLabel(lang: Lang, unit: string): string {
  return Object.hasOwn(units, unit) ? (units[unit]?.[lang] ?? unit) : unit;
}
