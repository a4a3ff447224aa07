/**
 * Backup volume from a data series. The BSI IT-Grundschutz module CON.3 (Datensicherungskonzept)
 * asks for regular backups kept off-site; lastplan prices the common scheme of a weekly full copy
 * plus daily increments, kept for a retention period, in an off-site object store.
 */

export interface BackupPolicy {
  /** Days every backup point must stay restorable. */
  readonly retentionDays: number;
  /** Share of the data that changes per day (0..1): the size of one daily increment. */
  readonly dailyChangeRate: number;
  /** Weekday of the full copy (0 = Sunday, UTC); default Sunday. */
  readonly fullBackupWeekday?: number;
}

export interface BackupUsage {
  /** GiB held in the backup store in each step. */
  readonly storedGib: Float64Array;
  /** GiB sent off-site in each step (at the first step of each UTC day). */
  readonly transferGib: Float64Array;
  readonly fullsKept: number;
  readonly incrementsKept: number;
}

const DAY_MS = 86_400_000;

/**
 * Restoring the oldest point in the window needs its full copy and the increments after it, so
 * ceil(retention / 7) + 1 full copies and six increments per full copy are kept.
 *
 * @example
 * backupUsage([100], { retentionDays: 28, dailyChangeRate: 0.05 }, start, 3_600_000).storedGib[0];
 * // 100 × (5 + 30 × 0.05) = 650
 */
export function backupUsage(
  dataGib: ArrayLike<number>,
  policy: BackupPolicy,
  start: number,
  stepMs: number,
): BackupUsage {
  const fullsKept = Math.ceil(Math.max(0, policy.retentionDays) / 7) + 1;
  const incrementsKept = 6 * fullsKept;
  const factor = fullsKept + incrementsKept * policy.dailyChangeRate;
  const fullDay = policy.fullBackupWeekday ?? 0;
  const storedGib = new Float64Array(dataGib.length);
  const transferGib = new Float64Array(dataGib.length);
  for (let i = 0; i < dataGib.length; i++) {
    const data = Math.max(0, dataGib[i] ?? 0);
    storedGib[i] = data * factor;
    const t = start + i * stepMs;
    const intoDay = ((t % DAY_MS) + DAY_MS) % DAY_MS;
    if (intoDay < stepMs || i === 0) {
      // 1 January 1970 was a Thursday (weekday 4).
      const weekday = (((Math.floor(t / DAY_MS) + 4) % 7) + 7) % 7;
      transferGib[i] = weekday === fullDay || i === 0 ? data : data * policy.dailyChangeRate;
    }
  }
  return { storedGib, transferGib, fullsKept, incrementsKept };
}
