import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.ts';

/**
 * Answers CORS preflights for `/v1`, from any origin. A preflight carries no token, so it cannot
 * tell a page its token's origins; the real request decides (see `authenticate`): an embed token
 * answers only its own origins with data, and every refusal carries Access-Control-Allow-Origin so
 * that a widget can show the server's reason instead of guessing. Credentials (the dashboard's
 * cookie) are never allowed across origins, so answering every origin opens nothing: what a
 * foreign page can send is a bearer token it already holds.
 */
export function corsPreflight(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== 'OPTIONS') return next();
    const origin = c.req.header('origin');
    if (origin) {
      c.header('access-control-allow-origin', origin);
      // POST for reads with a body (the forecast batch); embed tokens still only read.
      c.header('access-control-allow-methods', 'GET, POST, OPTIONS');
      c.header('access-control-allow-headers', 'authorization, content-type');
      c.header('access-control-max-age', '600');
    }
    c.header('vary', 'Origin');
    return c.body(null, 204);
  };
}
