import type { RowError } from './focus-charge.ts';
import type { PeriodDigest } from './period-digests.ts';

export interface PeriodDecision {
  readonly key: string;
  /**
   * `import`: replace everything stored for the period with the file's rows;
   * `unchanged`: the stored period has the same content hash, nothing to do;
   * `rejected`: the period has bad rows, so none of its rows is imported.
   */
  readonly action: 'import' | 'unchanged' | 'rejected';
  /** null when every row of the period was bad. */
  readonly digest: PeriodDigest | null;
  readonly errors: readonly RowError[];
}

export interface ImportPlan {
  /** Bad rows that could not be placed in a billing period: then no period is imported. */
  readonly unplaced: readonly RowError[];
  readonly periods: readonly PeriodDecision[];
}

/**
 * Decides, after a file was parsed and digested, what happens to each billing period: all or
 * nothing per period, and a period whose content hash equals the stored one is left alone, so a
 * re-import of the same file changes nothing. A bad row without a readable period could belong
 * to any period, so it rejects them all.
 *
 * @example
 * const plan = planPeriodImports(await digests.finish(), errors, (key) => stored.get(key));
 * plan.periods.filter((p) => p.action === 'import'); // replace these in one transaction each
 */
export function planPeriodImports(
  digests: readonly PeriodDigest[],
  errors: readonly RowError[],
  storedHash: (key: string) => string | undefined,
): ImportPlan {
  const unplaced = errors.filter((error) => error.periodKey === null);
  const errorsByPeriod = new Map<string, RowError[]>();
  for (const error of errors) {
    if (error.periodKey === null) continue;
    const list = errorsByPeriod.get(error.periodKey) ?? [];
    list.push(error);
    errorsByPeriod.set(error.periodKey, list);
  }
  const keys = [...new Set([...digests.map((d) => d.key), ...errorsByPeriod.keys()])].sort();
  const byKey = new Map(digests.map((d) => [d.key, d]));
  const periods = keys.map((key): PeriodDecision => {
    const digest = byKey.get(key) ?? null;
    const periodErrors = errorsByPeriod.get(key) ?? [];
    const action =
      unplaced.length > 0 || periodErrors.length > 0 || digest === null
        ? 'rejected'
        : storedHash(key) === digest.hash
          ? 'unchanged'
          : 'import';
    return { key, action, digest, errors: periodErrors };
  });
  return { unplaced, periods };
}
