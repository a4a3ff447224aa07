import { formatMoney, parseDecimal } from '../../src/domain/money.ts';
import { type ApiOptions, getJson } from '../api/client.ts';
import type { ForecastDto } from '../api/load-forecast.ts';
import { isInfrastructure } from '../format/series-groups.ts';
import { localDate, startOfLocalDate } from '../format/zoned-time.ts';
import { type CostedStep, monthCost } from './month-cost.ts';

/**
 * The forecast horizon of the service view. The overview asks for the same forecast, so the peak
 * it names is the one the service view names.
 */
export const SERVICE_HORIZON = 'P90D';
const SPARK_DAYS = 60;
const DAY = 86_400_000;

/** The series a service is shown by: requests per second, else its first. */
export function defaultSeries<T extends { id: string; metric: string }>(series: readonly T[]): T | undefined {
  return series.find((s) => s.metric === 'requests_per_second') ?? series[0];
}

export interface ServiceOverview {
  readonly id: string;
  readonly name: string;
  /** Only an exporter's own metrics (a Prometheus self-scrape): hidden unless asked for. */
  readonly infrastructure: boolean;
  readonly metric?: string;
  readonly unit?: string;
  readonly peak?: {
    readonly at: number;
    readonly mean: number;
    readonly upper95?: number;
    readonly event?: string;
  };
  /** Daily highest expected value over the next 60 days. */
  readonly spark: readonly number[];
  readonly plan?: {
    readonly id: string;
    readonly version: number;
    readonly status: 'draft' | 'approved';
    readonly currency: string;
    /** The plan's cost within the current month (tenant zone), decimal text. */
    readonly monthCost: string;
  };
  /** Why there is no forecast (too little history, no series), in the server's words. */
  readonly noForecast?: boolean;
}

interface PlanSummaryDto {
  id: string;
  version: number;
  status: 'draft' | 'approved';
  currency: string;
}

/** The current month in the zone, as [start, end) instants. */
export function currentMonth(now: number, zone: string): [number, number] {
  const [y, m] = localDate(now, zone).split('-').map(Number) as [number, number];
  const first = (year: number, month: number) =>
    startOfLocalDate(`${year}-${String(month).padStart(2, '0')}-01`, zone);
  return [first(y, m), m === 12 ? first(y + 1, 1) : first(y, m + 1)];
}

/** Runs `work` over `items`, at most `limit` at a time (forecasts cost the server CPU). */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Per service: the next peak and 60 days of forecast, and the plan in force with this month's cost. */
export async function loadServiceOverviews(
  api: ApiOptions,
  zone: string,
  now = Date.now(),
  signal?: AbortSignal,
): Promise<ServiceOverview[]> {
  const page = await getJson<{ items: { id: string; name: string }[] }>(api, '/v1/services', signal);
  const [monthStart, monthEnd] = currentMonth(now, zone);
  return mapLimit(page.items, 3, async (service) => {
    const id = encodeURIComponent(service.id);
    const [detail, plans] = await Promise.all([
      getJson<{ series: { id: string; metric: string; unit: string }[] }>(api, `/v1/services/${id}`, signal),
      getJson<{ items: PlanSummaryDto[] }>(api, `/v1/plans?serviceId=${id}`, signal).catch(() => ({
        items: [],
      })),
    ]);
    const infrastructure = isInfrastructure(detail.series);
    const series = infrastructure ? undefined : defaultSeries(detail.series);
    const chosen = plans.items.find((p) => p.status === 'approved') ?? plans.items[0];
    const [forecast, plan] = await Promise.all([
      series
        ? getJson<ForecastDto>(
            api,
            `/v1/series/${encodeURIComponent(series.id)}/forecast?horizon=${SERVICE_HORIZON}&levels=80,95`,
            signal,
          ).catch(() => undefined)
        : undefined,
      chosen
        ? getJson<{ plan: { steps?: CostedStep[] } }>(
            api,
            `/v1/plans/${encodeURIComponent(chosen.id)}`,
            signal,
          ).catch(() => undefined)
        : undefined,
    ]);
    return {
      id: service.id,
      name: service.name,
      infrastructure,
      ...(series ? { metric: series.metric, unit: series.unit } : {}),
      ...(forecast?.peak ? { peak: peakOf(forecast) } : {}),
      spark: forecast ? dailyHighs(forecast, now) : [],
      ...(chosen
        ? {
            plan: {
              id: chosen.id,
              version: chosen.version,
              status: chosen.status,
              currency: chosen.currency || 'EUR',
              monthCost: monthCost(plan?.plan.steps ?? [], monthStart, monthEnd),
            },
          }
        : {}),
      ...(forecast ? {} : { noForecast: true }),
    };
  });
}

function peakOf(forecast: ForecastDto): ServiceOverview['peak'] {
  const peak = forecast.peak;
  if (!peak) return undefined;
  const at = Date.parse(peak.at);
  // Of the events running at the peak, the one the forecast gives the largest effect.
  const event = (forecast.components?.events ?? [])
    .filter((e) => Date.parse(e.startsAt) <= at && at < Date.parse(e.endsAt))
    .sort((a, b) => b.uplift - a.uplift)[0];
  const upper95 = peak.bands.find((b) => b.level === 95)?.upper;
  return {
    at,
    mean: peak.mean,
    ...(upper95 === undefined ? {} : { upper95 }),
    ...(event ? { event: event.name } : {}),
  };
}

function dailyHighs(forecast: ForecastDto, now: number): number[] {
  const highs: number[] = [];
  forecast.timestamps.forEach((ts, i) => {
    const day = Math.floor((Date.parse(ts) - now) / DAY);
    if (day < 0 || day >= SPARK_DAYS) return;
    highs[day] = Math.max(highs[day] ?? Number.NEGATIVE_INFINITY, forecast.mean[i] ?? 0);
  });
  return highs.filter((v) => Number.isFinite(v));
}

export interface GrantOverview {
  readonly id: string;
  readonly programme: string;
  readonly currency: string;
  readonly amount: string;
  readonly spendToDate: string;
  /** Spent share of the grant, 0..1 (for display only, never summed). */
  readonly spentShare: number;
  readonly outlook: 'exhausted-early' | 'unspent-at-expiry' | 'on-target';
  readonly exhaustionDay: string | null;
  readonly unspent: string;
}

/** Per grant: how much is spent and the verdict on the rest of the funding period. */
export async function loadGrantOverviews(api: ApiOptions, signal?: AbortSignal): Promise<GrantOverview[]> {
  const page = await getJson<{
    items: { id: string; programme: string; amount: string; currency: string }[];
  }>(api, '/v1/grants', signal);
  return mapLimit(page.items, 3, async (g) => {
    const status = await getJson<{
      spendToDate: string;
      outlook: GrantOverview['outlook'];
      exhaustionDay: { expected: string | null };
      unspentAtExpiry: { expected: string };
    }>(api, `/v1/grants/${encodeURIComponent(g.id)}/status`, signal);
    const amount = Number(g.amount);
    return {
      id: g.id,
      programme: g.programme,
      currency: g.currency || 'EUR',
      amount: g.amount,
      spendToDate: status.spendToDate,
      spentShare: amount > 0 ? Number(status.spendToDate) / amount : 0,
      outlook: status.outlook,
      exhaustionDay: status.exhaustionDay.expected,
      unspent: status.unspentAtExpiry.expected,
    };
  });
}

export interface BudgetOverview {
  readonly id: string;
  readonly name: string;
  readonly fiscalYear: number;
  readonly currency: string;
  readonly amount: string;
  /** The amount less the spend to date, exact decimal text. */
  readonly available: string;
  /** Expected remainder at the end of the fiscal year (negative: overrun). */
  readonly remainingAtYearEnd: string;
}

/** Per budget line: what is still available now and what is expected to remain at the year's end. */
export async function loadBudgetOverviews(api: ApiOptions, signal?: AbortSignal): Promise<BudgetOverview[]> {
  const page = await getJson<{
    items: { id: string; name: string; fiscalYear: number; amount: string; currency: string }[];
  }>(api, '/v1/budgets', signal);
  return mapLimit(page.items, 3, async (b) => {
    const status = await getJson<{ spendToDate: string; remaining: { expected: string } }>(
      api,
      `/v1/budgets/${encodeURIComponent(b.id)}/status`,
      signal,
    );
    const available = parseDecimal(b.amount) - parseDecimal(status.spendToDate);
    return {
      id: b.id,
      name: b.name,
      fiscalYear: b.fiscalYear,
      currency: b.currency || 'EUR',
      amount: b.amount,
      available: formatMoney({ nanos: available, currency: b.currency || 'EUR' }),
      remainingAtYearEnd: status.remaining.expected,
    };
  });
}
