import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';

const PAGE_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

/** The start page and the widget bundle; no route of `/v1`, so not in the OpenAPI document. */
export function registerWebRoutes(app: OpenAPIHono<AppEnv>): void {
  app.get('*', async (c, next) => {
    const assets = c.get('deps').assets;
    const path = c.req.path;
    if (!assets || path.startsWith('/v1/')) return next();
    const file = await assets.read(path);
    if (!file) return next();
    const html = file.contentType.startsWith('text/html');
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
      'content-type': file.contentType,
      'cache-control': html ? 'no-cache' : 'public, max-age=300',
      ...(html ? { 'content-security-policy': PAGE_CSP } : {}),
    });
  });
}
