import { ExpiringCache } from '../limits/expiring-cache.ts';
import type { Database } from '../store/database.ts';
import { isExpired, readTokenPrincipal, type ValidTokenPrincipal } from '../store/token-store.ts';
import type { Principal } from '../tenancy/principal.ts';
import { hashToken } from '../tenancy/token-secret.ts';

/**
 * How long a token found valid is believed without asking the database again. A token revoked
 * through this process stops at once (see `forgetTokenPrincipals`); one revoked by another server
 * instance or by `lastplan tokens revoke` stops within this time.
 */
export const TOKEN_RECHECK_MS = 5_000;

/** One cache per database, so that every app on it in this process forgets a revoked token at once. */
const caches = new WeakMap<Database, ExpiringCache<string, ValidTokenPrincipal>>();

function cacheOf(database: Database): ExpiringCache<string, ValidTokenPrincipal> {
  let cache = caches.get(database);
  if (!cache) {
    cache = new ExpiringCache(TOKEN_RECHECK_MS, 10_000);
    caches.set(database, cache);
  }
  return cache;
}

/**
 * The principal of a bearer token's secret if the token is valid at `now`. A valid token is looked
 * up in the database at most once per `TOKEN_RECHECK_MS` (the lookup and its hash were a third of
 * the time of a cached forecast); its expiry is checked against `now` on every request. Unknown,
 * revoked and expired tokens are looked up every time and give undefined.
 *
 * @example const principal = await principalOfToken(database, secret, clock());
 */
export async function principalOfToken(
  database: Database,
  secret: string,
  now: Date,
): Promise<Principal | undefined> {
  const cache = cacheOf(database);
  // Keyed by the secret itself: a hash would cost what the cache saves, and the secret is in
  // this process's memory with every request anyway.
  let found = cache.get(secret);
  if (!found) {
    found = await readTokenPrincipal(database, await hashToken(secret));
    if (!found) return undefined;
    // Set only when read, so that a token in constant use is still read again every interval.
    cache.set(secret, found);
  }
  return isExpired(found.expiresAt, now) ? undefined : found.principal;
}

/** Forgets the tokens believed valid; call after a revocation commits. */
export function forgetTokenPrincipals(database: Database): void {
  caches.get(database)?.clear();
}
