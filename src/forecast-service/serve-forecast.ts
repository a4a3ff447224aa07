import { createHash } from 'node:crypto';
import { DomainError } from '../domain/errors.ts';
import type { Database } from '../store/database.ts';
import { readSeriesFreshness } from '../store/series-freshness.ts';
import { withTenant } from '../store/with-tenant.ts';
import { canSee, type Principal } from '../tenancy/principal.ts';
import type { ForecastMemo } from './forecast-memo.ts';
import type { ForecastOptions } from './forecast-options.ts';
import { completeForecast, readForecastInputs, saveForecastJob } from './forecast-series.ts';
import { findVisibleSeries } from './forecast-stored-series.ts';

export interface ServeForecastDeps {
  readonly database: Database;
  readonly principal: Principal;
  readonly clock: () => Date;
  readonly memo: ForecastMemo;
  readonly admitExpensive?: () => () => void;
}

/** A forecast answer ready for the wire. */
export interface ServedForecast {
  /** The JSON, UTF-8. */
  readonly body: Uint8Array;
  readonly etag: string;
  readonly cache: 'hit' | 'miss';
}

/**
 * The forecast of a stored series as a serialised answer with an ETag. A repeated request costs
 * one single-row query: the series' freshness stamp (its data version, metric and unit, the
 * tenant's time zone, federal state and events), which is read before anything else, so an answer
 * is never memoised under a stamp newer than its data. While the stamp is unchanged the memoised
 * body is served as it is; otherwise the forecast comes from the database's forecast cache, or is
 * computed between two short tenant transactions (see `readForecastInputs`). Entries are keyed by tenant, so
 * one tenant's answer never reaches another, and a series the principal may not see is not found.
 *
 * @example
 * const { body, etag, cache } = await serveForecast({ database, principal, clock, memo }, id, options);
 */
export async function serveForecast(
  deps: ServeForecastDeps,
  seriesId: string,
  options: ForecastOptions,
): Promise<ServedForecast> {
  const { principal } = deps;
  const tenantId = principal.tenantId;
  const freshness = await readSeriesFreshness(deps.database, tenantId, seriesId);
  if (
    !freshness ||
    !(canSee(principal, 'service', freshness.serviceId) || canSee(principal, 'series', seriesId))
  ) {
    throw new DomainError('not-found', `series ${seriesId} not found`);
  }
  const key = `${tenantId}/${seriesId}/${options.horizon}/${options.levelsKey}`;
  const memoised = deps.memo.get(key, freshness.stamp);
  if (memoised) return { body: memoised.body, etag: memoised.etag, cache: 'hit' };

  // Read in one transaction, computed outside any, saved in another: the database is held for the
  // reads and the write only (PGlite serves one transaction at a time).
  const read = await withTenant(deps.database, tenantId, async (tx) =>
    readForecastInputs(
      { tx, tenantId, admitExpensive: deps.admitExpensive },
      await findVisibleSeries(tx, principal, seriesId),
      options,
    ),
  );
  const { forecast, cache } = await completeForecast(read, deps.clock, (job, computed) =>
    withTenant(deps.database, tenantId, (tx) => saveForecastJob(tx, tenantId, job, computed)),
  );
  const body = new TextEncoder().encode(JSON.stringify(forecast));
  const entry = { stamp: freshness.stamp, body, etag: strongEtag(body) };
  deps.memo.set(key, entry);
  return { body, etag: entry.etag, cache };
}

function strongEtag(body: Uint8Array): string {
  return `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
}
