// Intl is the only time-zone database a browser ships, so server and widgets share this one
// conversion from an instant to the tenant's wall-clock time.

const formatters = new Map<string, Intl.DateTimeFormat>();
/** The canonical zone names: asking for the list costs about a millisecond, a formatter ten. */
let knownZones: Set<string> | undefined;

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const UTC_NAMES = new Set(['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT']);

/**
 * Whether Date's own local time is `timeZone`: a process started with TZ set to the zone (the
 * command line forecast sets it to its series' zone) reads offsets from Date, which needs none of
 * the formatting data the first Intl.DateTimeFormat loads (10-20 ms in a fresh process).
 */
function isProcessZone(timeZone: string): boolean {
  // Read through globalThis: this module also runs in the browser, which has no `process`.
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.TZ === timeZone;
}

/**
 * Offset of local wall-clock time from UTC at an instant, in ms (Europe/Berlin in summer: +7,200,000).
 *
 * @example
 * tzOffsetMs('Europe/Berlin', Date.UTC(2026, 6, 1)); // 7200000
 */
export function tzOffsetMs(timeZone: string, t: number): number {
  if (UTC_NAMES.has(timeZone)) return 0;
  if (isProcessZone(timeZone)) return -Math.round(new Date(t).getTimezoneOffset() * 60) * 1000;
  const parts = formatter(timeZone).formatToParts(new Date(t));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const local = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return local - (t - (((t % 1000) + 1000) % 1000));
}

/**
 * Whether a string names a time zone this runtime knows.
 *
 * @example
 * isTimeZone('Europe/Berlin'); // true
 */
export function isTimeZone(timeZone: string): boolean {
  if (UTC_NAMES.has(timeZone)) return true;
  knownZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (knownZones.has(timeZone)) return true;
  // Aliases (Europe/Kiev) are not in the canonical list, but Intl still knows them.
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}
