import type { SampleInput } from './sample.ts';

/**
 * The good samples the shared receiver suites send through every format (decoders in
 * src/ingest/receivers.test.ts, HTTP in tests/ingest/receivers-http.db.test.ts), around time `t`.
 *
 * @example encodeSamples('json', sharedGoodSamples(Date.UTC(2026, 10, 23, 10)))
 */
export function sharedGoodSamples(t: number): SampleInput[] {
  return [
    {
      service: 'kfz-zulassung',
      metric: 'cpu_cores',
      unit: 'cores',
      kind: 'gauge',
      labels: { host: 'h1' },
      ts: t,
      value: 2,
    },
    {
      service: 'kfz-zulassung',
      metric: 'cpu_cores',
      unit: 'cores',
      kind: 'gauge',
      labels: { host: 'h1' },
      ts: t + 60_000,
      value: 2.5,
    },
    {
      service: 'kfz-zulassung',
      metric: 'cpu_cores',
      unit: 'cores',
      kind: 'gauge',
      labels: { host: 'h2' },
      ts: t,
      value: 0.25,
    },
    { service: 'wahlschein', metric: 'memory_gib', unit: 'GiB', kind: 'gauge', labels: {}, ts: t, value: 12 },
    {
      service: 'wahlschein',
      metric: 'requests_total',
      unit: '1',
      kind: 'counter',
      labels: { code: '200' },
      ts: t,
      value: 1234,
    },
    {
      service: 'wahlschein',
      metric: 'requests_total',
      unit: '1',
      kind: 'counter',
      labels: { code: '200' },
      ts: t + 60_000,
      value: 1300,
    },
  ];
}
