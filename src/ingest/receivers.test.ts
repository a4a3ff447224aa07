/**
 * The shared suite: the same samples, good and bad, go through every receiver format and must
 * come out the same (`STYLE.md`: one shared test suite runs against every sibling).
 */
import { describe, expect, it } from 'vitest';
import { decodeSamples } from './decode-samples.ts';
import { encodeSamples, ingestFormats } from './encode-samples.ts';
import type { SampleInput } from './sample.ts';
import { sharedGoodSamples } from './shared-samples.ts';

const now = Date.UTC(2026, 10, 23, 12);
const t = Date.UTC(2026, 10, 23, 10);
const options = { now, maxBytes: 8 << 20 };

const good = sharedGoodSamples(t);

const order = (samples: readonly SampleInput[]) =>
  [...samples].sort((a, b) =>
    JSON.stringify([a.service, a.metric, a.labels, a.ts]).localeCompare(
      JSON.stringify([b.service, b.metric, b.labels, b.ts]),
    ),
  );

const bad: [string, Partial<SampleInput>, RegExp][] = [
  [
    'a negative counter',
    { metric: 'requests_total', unit: '1', kind: 'counter', value: -1 },
    /counter value -1 is negative/,
  ],
  ['a timestamp before 2000', { ts: Date.UTC(1999, 11, 31) }, /before 2000-01-01/],
  ['a timestamp over an hour ahead', { ts: now + 2 * 3_600_000 }, /more than 1 h after now/],
  ['a non-finite value', { value: Number.POSITIVE_INFINITY }, /not finite|must be a number|not a decimal/],
  ['an over-long label value', { labels: { host: 'x'.repeat(600) } }, /longer than 512/],
  [
    'too many labels',
    { labels: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 'v'])) },
    /33 labels exceed the limit of 32/,
  ],
  ['an empty service', { service: '' }, /service/],
];

describe.each(ingestFormats)('receiver format %s', (format) => {
  it('decodes the shared good samples exactly', async () => {
    const { body } = encodeSamples(format, good);
    const batch = await decodeSamples(format, body, options);
    expect(batch.rejected).toEqual([]);
    expect(order(batch.samples)).toEqual(order(good));
  });

  it.each(bad)('rejects %s and keeps the good samples', async (_, override, reason) => {
    const sample = { ...(good[0] as SampleInput), ...override };
    const { body } = encodeSamples(format, [...good, sample]);
    const batch = await decodeSamples(format, body, options);
    expect(order(batch.samples)).toEqual(order(good));
    if (format === 'remote-write' && !Number.isFinite(sample.value)) {
      // Remote write skips and counts non-finite values (see remote-write.ts) instead of refusing them.
      expect(batch.rejected).toEqual([]);
      return;
    }
    expect(batch.rejected).toHaveLength(1);
    expect(batch.rejected[0]?.reason).toMatch(reason);
  });
});
