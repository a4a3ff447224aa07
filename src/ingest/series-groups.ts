import type { SampleInput } from './sample.ts';

/** The samples of one series in a chunk, in body order; `first` names the series. */
export interface SeriesGroup {
  readonly first: SampleInput;
  readonly samples: SampleInput[];
}

/**
 * Canonical text of a label set: sorted keys, so `{b,a}` and `{a,b}` are one series.
 *
 * @example labelsKey({ b: '2', a: '1' }) // 'a="1",b="2"'
 */
export function labelsKey(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((key) => `${key}=${JSON.stringify(labels[key])}`)
    .join(',');
}

/**
 * Groups a chunk by series (service, metric, label set). Decoders hand out one labels object per
 * series, so `keys` remembers each object's key across the chunks of a request.
 */
export function groupBySeries(
  samples: readonly SampleInput[],
  keys: WeakMap<object, string> = new WeakMap(),
): Map<string, SeriesGroup> {
  const groups = new Map<string, SeriesGroup>();
  for (const sample of samples) {
    let labels = keys.get(sample.labels);
    if (labels === undefined) {
      labels = labelsKey(sample.labels);
      keys.set(sample.labels, labels);
    }
    const key = `${sample.service}\u0000${sample.metric}\u0000${labels}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { first: sample, samples: [sample] });
    else group.samples.push(sample);
  }
  return groups;
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
