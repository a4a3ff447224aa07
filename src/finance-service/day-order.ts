/** The earlier of two `YYYY-MM-DD` days (they compare as text). */
export function earlierDay(a: string, b: string): string {
  return a <= b ? a : b;
}

/** The later of two `YYYY-MM-DD` days. */
export function laterDay(a: string, b: string): string {
  return a >= b ? a : b;
}
