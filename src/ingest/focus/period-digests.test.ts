import { describe, expect, it } from 'vitest';
import { focusSample } from '../../../fixtures/focus/make-sample.ts';
import { formatMoney } from '../../domain/money.ts';
import { parseFocus } from './parse-focus.ts';
import { focusDigest, type PeriodDigest, periodDigests } from './period-digests.ts';

async function digestsOf(chunks: string[], batchSize = 1000): Promise<PeriodDigest[]> {
  const digests = periodDigests(focusDigest);
  for await (const batch of parseFocus(chunks, { batchSize }))
    for (const charge of batch.charges) digests.add(charge);
  return digests.finish();
}

/** Moves the columns of a CSV without quoted separators around: same content, other layout. */
function reverseColumns(text: string): string {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const fields = line.match(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)!.map((f) => f.replace(/,$/, ''));
      return fields.slice(0, -1).reverse().join(',');
    })
    .join('\n');
}

describe('periodDigests', () => {
  const text = focusSample(5000, 11);

  it('splits a file into billing periods with row counts and totals', async () => {
    const periods = await digestsOf([text]);
    // Three providers, one billing account each, January to March.
    expect(periods).toHaveLength(9);
    expect(periods.reduce((n, p) => n + p.rows, 0)).toBe(5000);
    for (const period of periods) {
      expect(period.billedCost.map((m) => m.currency)).toEqual(['USD']);
      expect(period.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(periods[0]?.key).toBe(
      'Amazon Web Services EMEA SARL|111122223333|2026-01-01T00:00:00.000Z/2026-02-01T00:00:00.000Z',
    );
    expect(formatMoney(periods[0]!.billedCost[0]!)).toMatch(/^\d+\.\d\d$/);
  });

  it('gives the same hashes for the same content, whatever the batching, chunking or column order', async () => {
    const reference = await digestsOf([text]);
    const chunked = await digestsOf(text.match(/[\s\S]{1,777}/g)!, 37);
    const reordered = await digestsOf([reverseColumns(text)]);
    expect(chunked.map((p) => p.hash)).toEqual(reference.map((p) => p.hash));
    expect(reordered.map((p) => p.hash)).toEqual(reference.map((p) => p.hash));
  });

  it('changes the hash of exactly the period whose content changed', async () => {
    const lines = text.split('\n');
    const target = lines[1]!;
    lines[1] = target.replace(/^([^,]*),(\d+)\.(\d{6})/, (_m, zone, whole, fraction) => {
      const cents = (BigInt(whole + fraction) + 1n).toString().padStart(7, '0');
      return `${zone},${cents.slice(0, -6)}.${cents.slice(-6)}`;
    });
    expect(lines[1]).not.toBe(target);
    const before = await digestsOf([text]);
    const after = await digestsOf([lines.join('\n')]);
    const changed = before.filter((p, i) => p.hash !== after[i]?.hash);
    expect(changed).toHaveLength(1);
  });

  it('has no periods for a file without rows', async () => {
    expect(await digestsOf([text.split('\n')[0]!])).toEqual([]);
  });
});
