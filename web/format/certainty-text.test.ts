import { describe, expect, it } from 'vitest';
import { certaintyText } from './certainty-text.ts';
import { formatters } from './formatters.ts';

const de = formatters('de-DE', 'Europe/Berlin');
const en = formatters('en-GB', 'Europe/Berlin');
const HOUR = 3_600_000;
const backtest = {
  mase: 0.5,
  maseSeasonalNaive: 0.8,
  origins: 100,
  coverage: [
    { level: 80, observed: 0.794, widening: 1 },
    { level: 95, observed: 0.951, widening: 1 },
  ],
  from: '2026-11-01T00:00:00Z',
  to: '2026-11-11T00:00:00Z',
};

describe('certaintyText', () => {
  it('counts hours inside the bands out of 100 over the measured stretch, in days when it is short', () => {
    const text = certaintyText(backtest, 'de', de, HOUR);
    expect(text.sentence).toBe(
      'In den letzten 10 Tagen lag die tatsächliche Last in 95 von 100 Stunden im 95-%-Band und in 79 von 100 im 80-%-Band. Die Prognose lag dabei im Mittel 38\u00a0% näher an der tatsächlichen Last als die einfache Annahme „wie am Vortag“.',
    );
    expect(text.warning).toBeUndefined();
    expect(text.details).toBe('Details: MASE 0,5 (saisonal naiv: 0,8) aus 100 Rückblick-Prognosen.');
  });

  it('speaks of weeks and days on a daily forecast, and says when the forecast did worse than yesterday', () => {
    const text = certaintyText(
      {
        ...backtest,
        mase: 1.2,
        maseSeasonalNaive: 1,
        from: '2026-09-01T00:00:00Z',
        to: '2026-11-03T00:00:00Z',
      },
      'en',
      en,
      24 * HOUR,
    );
    expect(text.sentence).toMatch(
      /^Over the last 9 weeks, the actual load was inside the 95 % band in 95 of 100 days/,
    );
    expect(text.sentence).toContain('missed the actual load by 20% more than simply assuming');
  });

  it('warns when either band held clearly less than its level, naming the widening applied', () => {
    const narrow = {
      ...backtest,
      coverage: [
        { level: 80, observed: 0.79, widening: 1 },
        { level: 95, observed: 0.88, widening: 1.25 },
      ],
    };
    expect(certaintyText(narrow, 'de', de, HOUR).warning).toContain('verbreitert sie deshalb um 25\u00a0%');
    const unwidened = {
      ...narrow,
      coverage: [
        { level: 80, observed: 0.6 },
        { level: 95, observed: 0.93 },
      ],
    };
    expect(certaintyText(unwidened, 'en', en, HOUR).warning).toBe(
      'Caution: looking back, the bands were too narrow – the actual load fell outside them more often than their percentage promises. Plan headroom above the 95 % band.',
    );
  });

  it('says nothing without a backtest, and leaves out what an older server did not send', () => {
    expect(certaintyText(null, 'de', de, HOUR)).toEqual({
      sentence: undefined,
      warning: undefined,
      details: undefined,
    });
    const old = {
      mase: 0.62,
      coverage: [
        { level: 80, observed: 0.81 },
        { level: 95, observed: 0.94 },
      ],
    };
    expect(certaintyText(old, 'de', de, HOUR).sentence).toBe(
      'Zuletzt lag die tatsächliche Last in 94 von 100 Stunden im 95-%-Band und in 81 von 100 im 80-%-Band.',
    );
  });
});
