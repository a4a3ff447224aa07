import { describe, expect, it } from 'vitest';
import type { StepWhy } from '../../src/plan/step-reason.ts';
import { formatters } from './formatters.ts';
import { durationText, stepReasonText } from './step-reason-text.ts';

const peak = {
  peak: true,
  label: '95 % band',
  value: 812,
  metric: 'requests_per_second',
  at: Date.UTC(2027, 8, 26, 14),
  events: ['Bundestagswahl'],
};
const up: StepWhy = {
  change: 'up',
  previous: 2,
  count: 6,
  instanceType: 'CX33',
  cause: { kind: 'carry', demand: peak, utilisation: 0.7, perInstance: 160 },
  early: { byMs: 7_200_000, needAt: Date.UTC(2027, 8, 26, 12), leadMs: 7_200_000 },
  capped: { max: 5, needed: 6, at: Date.UTC(2027, 8, 26, 14) },
};

describe('stepReasonText', () => {
  it('words a step up in German, in the tenant zone, with the metric’s name', () => {
    expect(stepReasonText('de', formatters('de-DE', 'Europe/Berlin'), up)).toBe(
      'Hochskalieren von 2 auf 6 × CX33: für die Spitze (oberer Rand des 95-%-Bands) von 812 Anfragen pro Sekunde am So., 26. Sept. 2027, 16:00 während „Bundestagswahl“ bei 70\u00a0% Auslastung (160 je Instanz); 2 Std. vor dem Bedarf am So., 26. Sept. 2027, 14:00 begonnen (2 Std. Vorlaufzeit); ACHTUNG: auf das Maximum von 5 begrenzt; am So., 26. Sept. 2027, 16:00 wären 6 nötig.',
    );
  });

  it('words the same step in English', () => {
    expect(stepReasonText('en', formatters('en-GB', 'Europe/Berlin'), up)).toContain(
      'Scale up from 2 to 6 × CX33: for the 95 % band peak of 812 Requests per second on Sun, 26 Sept 2027, 16:00 during “Bundestagswahl”',
    );
  });

  it.each([
    ['hold', { kind: 'hold', demand: { ...peak, peak: false, events: [] } }, 'gehalten für die Wartezeit'],
    [
      'ahead',
      { kind: 'ahead', demand: peak },
      'vorab bereitgestellt für die Spitze (oberer Rand des 95-%-Bands)',
    ],
    ['min-step', { kind: 'min-step', minStepMs: 4 * 3_600_000 }, 'kürzer als 4 Std. ist'],
    ['minimum', { kind: 'minimum', minInstances: 1, demand: peak }, 'das Minimum von 1 Instanzen reicht'],
  ] as const)('words the cause %s', (_kind, cause, text) => {
    const why: StepWhy = { change: 'start', count: 1, instanceType: 'CX23', cause };
    expect(stepReasonText('de', formatters('de-DE', 'Europe/Berlin'), why)).toContain(text);
  });

  it.each([
    [7_200_000, '2 Std.'],
    [2 * 86_400_000, '2 Tage'],
    [90 * 60_000, '90 Min.'],
  ])('durationText(%i) is %s', (ms, text) => {
    expect(durationText('de', ms)).toBe(text);
  });
});
