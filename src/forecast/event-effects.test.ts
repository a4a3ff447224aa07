import { describe, expect, it } from 'vitest';
import { describeEffect, eventEffects, eventIndex, type ForecastEvent } from './event-effects.ts';

const H = 3_600_000;
const event = (
  kind: ForecastEvent['kind'],
  from: number,
  to: number,
  expectedUplift?: number,
): ForecastEvent => ({
  kind,
  name: `${kind}@${from}`,
  start: from * H,
  end: to * H,
  expectedUplift,
});

describe('eventIndex', () => {
  it('marks the steps an event overlaps, half-open', () => {
    expect([...eventIndex([event('election', 2, 4)], 0, H, 6)]).toEqual([0, 0, 1, 1, 0, 0]);
    expect([...eventIndex([event('deadline', 1.5, 2.5)], 0, H, 4)]).toEqual([0, 1, 1, 0]);
    expect([...eventIndex([event('deadline', -5, -1), event('custom', 9, 12)], 0, H, 4)]).toEqual([
      0, 0, 0, 0,
    ]);
  });
});

describe('eventEffects', () => {
  const events = [
    event('election', 2, 4),
    event('election', 6, 8),
    event('election', 12, 14, 0.5),
    event('deadline', 12, 13, 0.8),
  ];
  const index = eventIndex(events, 0, H, 14);
  const actual = Float64Array.from([10, 10, 30, 30, 10, 10, 20, 20, 10, 10]);
  const baseline = new Float64Array(10).fill(10);

  it('measures past events and learns future ones from their kind', () => {
    const [first, second, future, deadline] = eventEffects(events, index, actual, baseline, 10);
    expect(first).toMatchObject({ source: 'past', uplift: 2 });
    expect(second).toMatchObject({ source: 'past', uplift: 1 });
    expect(future).toMatchObject({
      source: 'learned',
      uplift: 1.5,
      occurrences: 2,
      lowUplift: 1,
      highUplift: 2,
    });
    expect(deadline).toMatchObject({ source: 'expected', uplift: 0.8, lowUplift: 0.4 });
    expect(deadline?.highUplift).toBeCloseTo(1.2);
  });

  it.each([
    [
      { source: 'learned', occurrences: 3, uplift: 1.8 },
      'Bundestagswahl on 2029-09-23: +180 % on the previous three elections',
    ],
    [
      { source: 'learned', occurrences: 1, uplift: -0.25 },
      'Bundestagswahl on 2029-09-23: −25 % on the previous election',
    ],
    [
      { source: 'expected', occurrences: 0, uplift: 0.8 },
      'Bundestagswahl on 2029-09-23: +80 % as expected by you (no past election in the history to learn from)',
    ],
  ] as const)('describes %o', (effect, text) => {
    const full = {
      name: 'Bundestagswahl',
      kind: 'election',
      start: 0,
      end: 1,
      lowUplift: 0,
      highUplift: 0,
      ...effect,
    } as const;
    expect(describeEffect(full, '2029-09-23')).toBe(text);
  });
});

describe('describeEffect in German', () => {
  const base = {
    name: 'Bundestagswahl',
    kind: 'election' as const,
    start: 0,
    end: 0,
    uplift: 1.8,
    lowUplift: 1.5,
    highUplift: 2.1,
  };
  it.each([
    [
      { source: 'learned' as const, occurrences: 3 },
      'Bundestagswahl am 23.09.2029: +180 % wie bei den letzten drei Wahlen',
    ],
    [
      { source: 'learned' as const, occurrences: 1 },
      'Bundestagswahl am 23.09.2029: +180 % wie bei der letzten Wahl',
    ],
    [
      { source: 'learned' as const, occurrences: 12 },
      'Bundestagswahl am 23.09.2029: +180 % wie bei den letzten 12 Wahlen',
    ],
    [
      { source: 'past' as const, occurrences: 0 },
      'Bundestagswahl am 23.09.2029: bisher +180 %, angenommen wird, dass es so bleibt',
    ],
    [
      { source: 'expected' as const, occurrences: 0 },
      'Bundestagswahl am 23.09.2029: +180 % wie von Ihnen erwartet (nichts Vergleichbares in den Daten, aus dem zu lernen wäre)',
    ],
  ])('%j', (variant, text) => {
    expect(describeEffect({ ...base, ...variant }, '2029-09-23', 'de')).toBe(text);
  });

  it('keeps the English sentence as the default', () => {
    expect(describeEffect({ ...base, source: 'learned', occurrences: 3 }, '2029-09-23')).toBe(
      'Bundestagswahl on 2029-09-23: +180 % on the previous three elections',
    );
  });
});
