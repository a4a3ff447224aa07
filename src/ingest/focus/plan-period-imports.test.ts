import { describe, expect, it } from 'vitest';
import { focusSample } from '../../../fixtures/focus/make-sample.ts';
import type { RowError } from './focus-charge.ts';
import { parseFocus } from './parse-focus.ts';
import { parsePlainCosts } from './parse-plain-costs.ts';
import { focusDigest, periodDigests, plainDigest } from './period-digests.ts';
import { planPeriodImports } from './plan-period-imports.ts';

async function digestFocus(text: string) {
  const digests = periodDigests(focusDigest);
  const errors: RowError[] = [];
  for await (const batch of parseFocus([text])) {
    errors.push(...batch.errors);
    for (const charge of batch.charges) digests.add(charge);
  }
  return { digests: await digests.finish(), errors };
}

describe('planPeriodImports', () => {
  const text = focusSample(400, 5);

  it('imports every period of a clean file the first time and nothing the second time', async () => {
    const { digests, errors } = await digestFocus(text);
    const first = planPeriodImports(digests, errors, () => undefined);
    expect(first.periods.map((p) => p.action)).toEqual(Array(9).fill('import'));
    const stored = new Map(digests.map((d) => [d.key, d.hash]));
    const again = await digestFocus(text);
    const second = planPeriodImports(again.digests, again.errors, (key) => stored.get(key));
    expect(second.periods.map((p) => p.action)).toEqual(Array(9).fill('unchanged'));
  });

  it('rejects only the period that has a bad row', async () => {
    const lines = text.split('\n');
    // Break the BilledCost (column 2) of the first data row.
    lines[1] = lines[1]!.replace(/^([^,]*),[^,]*,/, '$1,abc,');
    const { digests, errors } = await digestFocus(lines.join('\n'));
    expect(errors).toHaveLength(1);
    const plan = planPeriodImports(digests, errors, () => undefined);
    const rejected = plan.periods.filter((p) => p.action === 'rejected');
    expect(rejected.map((p) => p.key)).toEqual([errors[0]!.periodKey]);
    expect(rejected[0]?.errors[0]).toMatchObject({ line: 2, column: 'BilledCost' });
    expect(plan.periods.filter((p) => p.action === 'import')).toHaveLength(8);
  });

  it('rejects everything when a bad row cannot be placed in a period', async () => {
    const { digests, errors } = await digestFocus(`${text}too,few,fields\n`);
    const plan = planPeriodImports(digests, errors, () => undefined);
    expect(plan.unplaced).toHaveLength(1);
    expect(new Set(plan.periods.map((p) => p.action))).toEqual(new Set(['rejected']));
  });

  it('rejects a period whose every row is bad', () => {
    const error: RowError = { line: 3, column: 'BilledCost', message: 'x', periodKey: 'p1' };
    expect(planPeriodImports([], [error], () => undefined).periods).toEqual([
      { key: 'p1', action: 'rejected', digest: null, errors: [error] },
    ]);
  });

  it('digests plain cost files per source and month', async () => {
    const digests = periodDigests(plainDigest('rz'));
    const csv =
      'date,service,category,amount,currency\n2026-01-05,A,compute,1.50,EUR\n2026-01-06,A,compute,2,EUR\n2026-02-01,B,storage,3,EUR\n';
    for await (const batch of parsePlainCosts([csv])) for (const cost of batch.charges) digests.add(cost);
    const periods = await digests.finish();
    expect(periods.map((p) => [p.key, p.rows, p.billedCost[0]?.nanos])).toEqual([
      ['plain|rz|2026-01', 2, 3_500_000_000n],
      ['plain|rz|2026-02', 1, 3_000_000_000n],
    ]);
  });
});
