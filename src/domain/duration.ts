/**
 * Durations as people type them: `90d`, `12h`, `30m`, `2w`, `1y` (365 days), or ISO-8601 `P90D`,
 * `PT12H`, `P2W`, `P1DT12H`. Returns milliseconds, or undefined if the text is no duration.
 *
 * @example parseDuration('90d') // 7_776_000_000
 */
export function parseDuration(text: string): number | undefined {
  const short = /^(\d{1,6})([mhdwy])$/.exec(text.trim());
  if (short) return Number(short[1]) * unitMs[short[2] as keyof typeof unitMs];
  const iso = /^P(?:(\d{1,6})W)?(?:(\d{1,6})D)?(?:T(?:(\d{1,6})H)?(?:(\d{1,6})M)?)?$/.exec(text.trim());
  if (!iso || text.trim() === 'P' || text.trim().endsWith('T')) return undefined;
  const [, weeks = '0', days = '0', hours = '0', minutes = '0'] = iso;
  const ms =
    Number(weeks) * unitMs.w +
    Number(days) * unitMs.d +
    Number(hours) * unitMs.h +
    Number(minutes) * unitMs.m;
  return ms > 0 ? ms : undefined;
}

const unitMs = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 365 * 86_400_000 } as const;
