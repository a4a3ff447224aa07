import { isPublicHoliday } from '../calendar/public-holidays.ts';
import { seededRandom } from '../domain/seeded-random.ts';

/** One demo service with the shape of its load, in requests per second. */
export interface DemoService {
  readonly key: string;
  readonly name: string;
  readonly owner: string;
  readonly costCentre: string;
  /** Requests per second at a weekday's busiest hour. */
  readonly peakRps: number;
  /** Share of the weekday level that remains on Saturdays and Sundays. */
  readonly weekendShare: number;
  /** Relative extra load in the weeks before an election, at its highest (0 = none). */
  readonly electionUplift: number;
  /** Yearly swing: +share in spring (e.g. weddings), -share in winter. */
  readonly springSwing: number;
  /** Growth per year as a fraction. */
  readonly growth: number;
  /** CPU cores one request per second needs on average. */
  readonly coresPerRps: number;
}

export const demoServices: readonly DemoService[] = [
  {
    key: 'briefwahl',
    name: 'Online-Wahlschein (Briefwahl)',
    owner: 'Wahlamt',
    costCentre: '1110',
    peakRps: 0.6,
    weekendShare: 0.35,
    electionUplift: 24,
    springSwing: 0,
    growth: 0.05,
    coresPerRps: 0.08,
  },
  {
    key: 'kfz-zulassung',
    name: 'Kfz-Zulassung (i-Kfz)',
    owner: 'Straßenverkehrsamt',
    costCentre: '3210',
    peakRps: 4.5,
    weekendShare: 0.15,
    electionUplift: 0,
    springSwing: 0.15,
    growth: 0.12,
    coresPerRps: 0.12,
  },
  {
    key: 'hundesteuer',
    name: 'Hundeanmeldung und Hundesteuer',
    owner: 'Steueramt',
    costCentre: '2120',
    peakRps: 0.4,
    weekendShare: 0.3,
    electionUplift: 0,
    springSwing: 0.1,
    growth: 0.03,
    coresPerRps: 0.05,
  },
  {
    key: 'eheschliessung',
    name: 'Anmeldung zur Eheschließung',
    owner: 'Standesamt',
    costCentre: '1220',
    peakRps: 0.3,
    weekendShare: 0.25,
    electionUplift: 0,
    springSwing: 0.45,
    growth: 0.02,
    coresPerRps: 0.05,
  },
  {
    key: 'buergerkonto',
    name: 'Bürgerkonto und Postfach',
    owner: 'IT-Referat',
    costCentre: '0410',
    peakRps: 9,
    weekendShare: 0.3,
    electionUplift: 0.6,
    springSwing: 0.05,
    growth: 0.2,
    coresPerRps: 0.06,
  },
];

/** Elections in Musterstadt (Bavaria): real dates of the federal and Bavarian municipal elections. */
export const demoElections = [
  { name: 'Bundestagswahl 2025', date: '2025-02-23', region: 'DE' },
  { name: 'Kommunalwahl Bayern 2026', date: '2026-03-08', region: 'BY' },
] as const;

/** A future local vote of the fictional demo town, for planning ahead. */
export const demoUpcomingElection = {
  name: 'Bürgerentscheid Musterstadt (Hallenbad)',
  date: '2027-01-31',
  region: 'Musterstadt',
  expectedUplift: '12',
} as const;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// Share of the daily peak per local hour on a working day: quiet nights, office-hours plateau,
// a lunch dip and an evening bump when people do their paperwork from home.
const workdayShape = [
  0.04, 0.03, 0.02, 0.02, 0.03, 0.06, 0.15, 0.35, 0.7, 0.92, 1, 0.97, 0.82, 0.88, 0.93, 0.85, 0.7, 0.55, 0.5,
  0.55, 0.5, 0.35, 0.18, 0.08,
];
const restDayShape = [
  0.05, 0.03, 0.02, 0.02, 0.02, 0.03, 0.05, 0.1, 0.22, 0.4, 0.6, 0.75, 0.8, 0.78, 0.75, 0.72, 0.7, 0.7, 0.72,
  0.75, 0.65, 0.45, 0.25, 0.1,
];

const localParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  hourCycle: 'h23',
  weekday: 'short',
});

interface LocalHour {
  readonly date: string;
  readonly hour: number;
  readonly restDay: boolean;
  readonly dayOfYear: number;
}

function localHour(ts: number): LocalHour {
  const parts = Object.fromEntries(localParts.formatToParts(ts).map((p) => [p.type, p.value]));
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const weekend = parts.weekday === 'Sat' || parts.weekday === 'Sun';
  const dayOfYear = Math.floor(
    (Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day)) -
      Date.UTC(Number(parts.year), 0, 1)) /
      DAY,
  );
  return { date, hour: Number(parts.hour), restDay: weekend || isPublicHoliday(date, 'BY'), dayOfYear };
}

/**
 * Extra load before an election: applications for postal voting open about six weeks before and
 * close on the Friday before the vote; the rush grows towards the end and stops on election day.
 */
function electionFactor(ts: number, electionDates: readonly number[]): number {
  let factor = 0;
  for (const election of electionDates) {
    const daysBefore = (election - ts) / DAY;
    if (daysBefore > 1.25 && daysBefore <= 42) factor = Math.max(factor, ((42 - daysBefore) / 40) ** 2);
    else if (daysBefore > 0 && daysBefore <= 1.25) factor = Math.max(factor, 0.15);
  }
  return factor;
}

export interface DemoSeries {
  readonly service: DemoService;
  readonly metric: 'requests_per_second' | 'cpu_cores';
  readonly unit: string;
  readonly points: { ts: number; value: number }[];
}

/**
 * Hourly demo load for every demo service from `from` to `to` (UTC hours): daily and weekly
 * cycles in local time, Bavarian public holidays like Sundays, a spring swing, growth, noise and
 * the elections. Deterministic for a given range.
 */
export function demoLoad(from: number, to: number): DemoSeries[] {
  const start = Math.ceil(from / HOUR) * HOUR;
  const hours: LocalHour[] = [];
  for (let ts = start; ts < to; ts += HOUR) hours.push(localHour(ts));
  const electionDates = [...demoElections.map((e) => e.date), demoUpcomingElection.date].map((d) =>
    Date.parse(`${d}T00:00:00+01:00`),
  );
  const result: DemoSeries[] = [];
  demoServices.forEach((service, index) => {
    const random = seededRandom(1000 + index);
    const rps: { ts: number; value: number }[] = [];
    const cpu: { ts: number; value: number }[] = [];
    hours.forEach((local, i) => {
      const ts = start + i * HOUR;
      const shape = local.restDay
        ? restDayShape[local.hour]! * service.weekendShare
        : workdayShape[local.hour]!;
      const season = 1 + service.springSwing * Math.sin(((local.dayOfYear - 20) / 365) * 2 * Math.PI);
      const trend = (1 + service.growth) ** ((ts - from) / (365 * DAY));
      const election =
        1 +
        service.electionUplift *
          electionFactor(ts, electionDates) *
          (0.4 + 0.6 * (workdayShape[local.hour] ?? 1));
      const noise = Math.exp((random() - 0.5) * 0.3);
      const value = service.peakRps * shape * season * trend * election * noise;
      rps.push({ ts, value: round(value, 4) });
      cpu.push({ ts, value: round(0.25 + value * service.coresPerRps * (1 + (random() - 0.5) * 0.1), 3) });
    });
    result.push({ service, metric: 'requests_per_second', unit: '1/s', points: rps });
    result.push({ service, metric: 'cpu_cores', unit: 'cores', points: cpu });
  });
  return result;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
