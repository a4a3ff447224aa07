/**
 * Eight weeks of hourly load with office hours and weekends, up to the last full hour: `office`
 * on weekdays from 07 to 16 UTC, `quiet` otherwise, with a small two-hourly wave on top.
 */
export function officeLoad(office: number, quiet: number, wave: number): [string, number][] {
  const hour = 3_600_000;
  const end = Math.floor(Date.now() / hour) * hour;
  const points: [string, number][] = [];
  for (let t = end - 56 * 24 * hour; t <= end; t += hour) {
    const d = new Date(t);
    const busy = d.getUTCHours() >= 7 && d.getUTCHours() <= 16 && d.getUTCDay() % 6 !== 0;
    points.push([d.toISOString(), (busy ? office : quiet) + wave * Math.sin(t / 7_200_000)]);
  }
  return points;
}
