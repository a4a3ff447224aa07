import { describe, expect, it } from 'vitest';
import { type DemandForecast, stepTime } from './demand.ts';
import { electionDemand, HOUR, testModel } from './plan-fixtures.ts';
import { scaleSchedule } from './scale-schedule.ts';

const cx33 = { provider: 'hetzner', name: 'CX33', vcpu: 4, memoryGib: 8 };
const plan = (demand: DemandForecast, model = testModel) =>
  scaleSchedule({ demand, series: demand.planning, label: '95 % band', model, type: cx33, capacity: 200 });

describe('scaleSchedule', () => {
  const demand = electionDemand();
  const { steps, planned, need } = plan(demand);
  const peakStep = steps.find((s) => s.count === Math.max(...steps.map((x) => x.count)))!;

  it('scales up a lead time before the election peak and down after the delay', () => {
    const peakNeedAt = demand.start + (13 * 24 + 8) * HOUR;
    const peakEndsAt = demand.start + (13 * 24 + 18) * HOUR;
    expect(peakStep.count).toBe(Math.ceil(1200 / (200 * 0.7)));
    expect(peakStep.from).toBeLessThanOrEqual(peakNeedAt - 2 * HOUR);
    expect(peakStep.to).toBeGreaterThanOrEqual(peakEndsAt + 3 * HOUR);
    expect(peakStep.reason).toMatch(
      /^Scale up from 2 to 9 × CX33 to carry the 95 % band peak of 1200 requests_per_second at 2027-09-26T08:00Z during “Bundestagswahl”/,
    );
    expect(peakStep.reason).toContain('2 h lead time');
    const after = steps[steps.indexOf(peakStep) + 1]!;
    expect(after.reason).toMatch(/^Scale down from 9 to 2 × CX33.*after the 3 h scale-down delay\.$/);
  });

  it('covers the horizon with contiguous steps that match the planned counts', () => {
    expect(steps[0]?.from).toBe(demand.start);
    expect(steps.at(-1)?.to).toBe(demand.start + demand.planning.length * HOUR);
    steps.forEach((step, i) => {
      if (i > 0) expect(step.from).toBe(steps[i - 1]!.to);
      for (let j = step.startIndex; j < step.endIndex; j++) expect(planned[j]).toBe(step.count);
      expect(step.to - step.from).toBeGreaterThanOrEqual(testModel.minStepMs);
    });
    expect([...planned].every((v, i) => v >= need[i]!)).toBe(true);
  });

  it.each([
    ['one point', [100]],
    ['constant', Array(48).fill(100)],
    ['all zero', Array(48).fill(0)],
  ])('handles %s as one step at the minimum or the need', (_name, series) => {
    const result = plan({
      start: Date.UTC(2027, 0, 1),
      stepMs: HOUR,
      p50: series,
      planning: series,
      quantile: 0.95,
    });
    expect(result.steps).toHaveLength(1);
    expect(result.steps[0]?.count).toBe(2);
    expect(result.steps[0]?.reason).toMatch(/^Start with 2 × CX33: the minimum of 2 instances covers/);
  });

  it('warns and says so in the step when the maximum is too small', () => {
    const series = [100, 100, 100, 100, 5000, 100, 100, 100, 100];
    const result = plan(
      { start: 0, stepMs: HOUR, p50: series, planning: series, quantile: 0.95 },
      { ...testModel, maxInstances: 10 },
    );
    expect(result.warnings[0]).toMatch(
      /maximum of 10 instances is too few in 1 step\(s\); 36 needed at 1970-01-01T04:00Z/,
    );
    expect(
      result.steps.some((s) => s.reason.includes('WARNING: capped at the maximum of 10; 36 would be needed')),
    ).toBe(true);
  });

  it('plans in UTC steps across the change to summer time', () => {
    const start = Date.UTC(2027, 2, 27);
    const series = Array.from({ length: 72 }, (_, i) => (i % 24 >= 7 && i % 24 < 19 ? 600 : 50));
    const result = plan({ start, stepMs: HOUR, p50: series, planning: series, quantile: 0.95 });
    expect(result.planned).toHaveLength(72);
    expect(result.steps.map((s) => stepTime({ start, stepMs: HOUR }, s.startIndex))).toContain(
      '2027-03-28T04:00Z',
    );
  });
});
