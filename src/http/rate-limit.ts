import type { Context } from 'hono';
import type { RateLimitSettings } from '../config.ts';
import type { AppDeps } from '../deps.ts';
import { DomainError } from '../domain/errors.ts';
import { ConcurrencyGate } from '../limits/concurrency-gate.ts';
import { TokenBuckets } from '../limits/token-buckets.ts';
import type { Principal } from '../tenancy/principal.ts';
import type { AppEnv } from './app-env.ts';

interface Limiters {
  readonly settings: RateLimitSettings;
  readonly perActor: TokenBuckets | undefined;
  readonly perTenant: TokenBuckets | undefined;
  readonly expensive: ConcurrencyGate | undefined;
}

// One set per app (per deps object): the limits are per process, like the app itself.
const limitersOf = new WeakMap<AppDeps, Limiters>();

function limiters(deps: AppDeps): Limiters | undefined {
  const settings = deps.rateLimit;
  if (!settings) return undefined;
  let found = limitersOf.get(deps);
  if (!found) {
    found = {
      settings,
      perActor: settings.perToken > 0 ? new TokenBuckets(settings.perToken) : undefined,
      perTenant: settings.perTenant > 0 ? new TokenBuckets(settings.perTenant) : undefined,
      expensive:
        settings.expensivePerTenant > 0 ? new ConcurrencyGate(settings.expensivePerTenant) : undefined,
    };
    limitersOf.set(deps, found);
  }
  return found;
}

/**
 * Counts an authenticated request against its token's (or person's) and its tenant's minute;
 * throws `rate-limited` (429, Retry-After from the problem table) when either is spent.
 */
export function admitRequest(c: Context<AppEnv>, principal: Principal): void {
  const found = limiters(c.get('deps'));
  if (!found) return;
  const who = principal.actor.kind === 'person' ? 'you' : 'this token';
  if (found.perActor && found.perActor.take(`${principal.actor.kind}:${principal.actor.id}`) > 0) {
    throw new DomainError(
      'rate-limited',
      `${who} sent more than ${found.settings.perToken} requests in a minute; slow down and retry after Retry-After`,
      [],
      { limit: found.settings.perToken, per: 'token' },
    );
  }
  if (found.perTenant && found.perTenant.take(principal.tenantId) > 0) {
    throw new DomainError(
      'rate-limited',
      `the tenant sent more than ${found.settings.perTenant} requests in a minute with all its tokens; retry after Retry-After`,
      [],
      { limit: found.settings.perTenant, per: 'tenant' },
    );
  }
}

/**
 * A slot for one expensive operation of the request's tenant (a forecast that is not cached, a
 * plan, an import): returns its release, or throws `rate-limited` when the tenant already runs
 * as many as it may. Nothing waits, so a refused request holds no connection.
 */
export function expensiveSlot(c: Context<AppEnv>, what: string): () => () => void {
  return () => {
    const found = limiters(c.get('deps'));
    if (!found?.expensive) return () => {};
    const tenantId = c.get('principal').tenantId;
    const release = found.expensive.tryEnter(tenantId);
    if (release) return release;
    throw new DomainError(
      'rate-limited',
      `the tenant already runs ${found.settings.expensivePerTenant} expensive operations (uncached forecasts, plans, imports); ${what} can start after Retry-After`,
      [],
      { limit: found.settings.expensivePerTenant, per: 'tenant-concurrency' },
    );
  };
}

/** Runs `work` in an expensive slot of the request's tenant (see `expensiveSlot`). */
export async function withExpensiveSlot<T>(
  c: Context<AppEnv>,
  what: string,
  work: () => Promise<T>,
): Promise<T> {
  const release = expensiveSlot(c, what)();
  try {
    return await work();
  } finally {
    release();
  }
}
