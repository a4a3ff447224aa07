import { describe, expect, it } from 'vitest';
import { forecast } from '../forecast/forecast.ts';
import { forecastDto } from './forecast-dto.ts';

const HOUR = 3_600_000;
const start = Date.UTC(2026, 10, 2);
const meta = {
  seriesId: 's',
  metric: 'requests_per_second',
  unit: '1/s',
  horizon: 'PT6H',
  levels: [80, 95],
  generatedAt: new Date('2026-11-23T12:00:00Z'),
  dataUntil: new Date(start + 14 * 24 * HOUR),
  historyFrom: new Date(start),
  historyHours: 14 * 24,
};

describe('forecastDto', () => {
  it.each([
    ['a daily cycle', (i: number) => 5 + 4 * Math.sin((i / 24) * 2 * Math.PI)],
    ['a constant', () => 3],
    ['huge values', (i: number) => 1e300 * (1 + (i % 24) / 24)],
  ])('survives a JSON round trip unchanged for %s', (_, value) => {
    const values = Array.from({ length: 14 * 24 }, (_, i) => value(i));
    const result = forecast({ start, stepMs: HOUR, values, horizon: 6, levels: [80, 95] });
    const dto = forecastDto(result, meta);
    expect(JSON.parse(JSON.stringify(dto))).toEqual(dto);
    expect(dto.timestamps[0]).toBe(meta.dataUntil.toISOString());
    expect(dto).toMatchObject({
      step: 'PT1H',
      resolution: 'native',
      generatedAt: '2026-11-23T12:00:00.000Z',
    });
    expect(dto.bands.map((b) => b.level)).toEqual([80, 95]);
  });

  it('writes event ranges as ISO instants and keeps non-finite figures out of JSON', () => {
    const values = Array.from({ length: 14 * 24 }, (_, i) => 5 + (i % 24));
    const result = forecast({
      start,
      stepMs: HOUR,
      values,
      horizon: 6,
      events: [
        {
          kind: 'campaign',
          name: 'Aktion',
          start: start + 14 * 24 * HOUR,
          end: start + 15 * 24 * HOUR,
          expectedUplift: 1,
        },
      ],
    });
    const broken = {
      ...result,
      mean: result.mean.map((v, h) => (h === 0 ? Number.NaN : v)),
      backtest: result.backtest && { ...result.backtest, mase: Number.POSITIVE_INFINITY },
    };
    const dto = forecastDto(broken, meta);
    expect(dto.mean[0]).toBe(0);
    if (dto.backtest) expect(dto.backtest.mase).toBeNull();
    expect(dto.components.events[0]).toMatchObject({
      name: 'Aktion',
      startsAt: '2026-11-16T00:00:00.000Z',
      endsAt: '2026-11-17T00:00:00.000Z',
      source: 'expected',
    });
  });
});
