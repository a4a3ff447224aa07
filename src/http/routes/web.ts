import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import { APP_PAGE_CSP } from '../page-csp.ts';

const VERSIONED = /^\/widgets-[0-9a-f]{12}\.js$/;

/**
 * The start page (the dashboard), `/embed-examples` and the widget bundle; no route of `/v1`,
 * so not in the OpenAPI document. Scripts are answered with `Access-Control-Allow-Origin: *`:
 * a host page on another origin loads `/widgets.js` as a module script, which the browser
 * fetches with CORS. The bundle holds no secret; the API still checks each embed token's origins.
 */
export function registerWebRoutes(app: OpenAPIHono<AppEnv>): void {
  app.get('*', async (c, next) => {
    const assets = c.get('deps').assets;
    const path = c.req.path;
    if (!assets || path.startsWith('/v1/')) return next();
    const file = await assets.read(path);
    if (!file) return next();
    const html = file.contentType.startsWith('text/html');
    const script = file.contentType.startsWith('text/javascript');
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
      'content-type': file.contentType,
      'cache-control': html
        ? 'no-cache'
        : VERSIONED.test(path)
          ? 'public, max-age=31536000, immutable'
          : 'public, max-age=300',
      ...(html ? { 'content-security-policy': APP_PAGE_CSP } : {}),
      ...(script
        ? { 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin' }
        : {}),
    });
  });
}
