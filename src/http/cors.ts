import type { MiddlewareHandler } from 'hono';
import { embedOrigins } from '../store/token-store.ts';
import type { AppEnv } from './app-env.ts';

const CACHE_MS = 30_000;

/**
 * Answers CORS preflights for `/v1`. A preflight carries no token, so an origin is allowed when
 * some embed token lists it; the real request is then checked against its own token's origins
 * (see `authenticate`). Unlisted origins get no Access-Control-Allow-Origin.
 */
export function corsPreflight(): MiddlewareHandler<AppEnv> {
  let cached: { at: number; origins: Set<string> } | undefined;
  return async (c, next) => {
    if (c.req.method !== 'OPTIONS') return next();
    const origin = c.req.header('origin');
    const deps = c.get('deps');
    const now = deps.clock().getTime();
    if (!cached || now - cached.at > CACHE_MS)
      cached = { at: now, origins: await embedOrigins(deps.database) };
    if (origin && cached.origins.has(origin.toLowerCase())) {
      c.header('access-control-allow-origin', origin);
      // POST for reads with a body (the forecast batch); embed tokens still only hold `read`.
      c.header('access-control-allow-methods', 'GET, POST, OPTIONS');
      c.header('access-control-allow-headers', 'authorization, content-type');
      c.header('access-control-max-age', '600');
    }
    c.header('vary', 'Origin');
    return c.body(null, 204);
  };
}
