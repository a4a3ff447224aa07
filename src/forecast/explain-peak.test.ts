import { describe, expect, it } from 'vitest';
import { germanLabel } from './explain-peak.ts';

describe('germanLabel', () => {
  it('writes what Intl writes for de-DE, every month, weekday and hour of a year, in two zones', () => {
    for (const timeZone of ['Europe/Berlin', 'America/New_York']) {
      const intl = (withTime: boolean) =>
        new Intl.DateTimeFormat('de-DE', {
          timeZone,
          ...(withTime ? { weekday: 'short', hour: '2-digit', minute: '2-digit' } : {}),
          day: 'numeric',
          month: 'short',
          year: 'numeric',
        } as const);
      const [withTime, dateOnly] = [intl(true), intl(false)];
      for (let i = 0; i < 24 * 366; i += 7) {
        const t = Date.UTC(2027, 0, 1) + i * 3_600_000 + 900_000;
        expect(germanLabel(t, timeZone, true)).toBe(withTime.format(t));
        expect(germanLabel(t, timeZone, false)).toBe(dateOnly.format(t));
      }
    }
  });
});
