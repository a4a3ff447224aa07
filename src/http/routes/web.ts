import type { OpenAPIHono } from '@hono/zod-openapi';
import type { StaticFile } from '../../deps.ts';
import { acceptsEncoding } from '../accept-encoding.ts';
import type { AppEnv } from '../app-env.ts';
import { ifNoneMatch } from '../if-none-match.ts';
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
    const encoding = pickEncoding(c.req.header('accept-encoding'), file);
    const headers = {
      'content-type': file.contentType,
      vary: 'Accept-Encoding',
      ...(file.etag ? { etag: file.etag } : {}),
      'cache-control': html
        ? 'no-cache'
        : VERSIONED.test(path)
          ? 'public, max-age=31536000, immutable'
          : 'public, max-age=300',
      ...(html ? { 'content-security-policy': APP_PAGE_CSP } : {}),
      ...(script
        ? { 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin' }
        : {}),
    };
    if (file.etag && ifNoneMatch(c.req.header('if-none-match'), file.etag)) return c.body(null, 304, headers);
    const body = encoding ? (file[encoding] as Uint8Array) : file.body;
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      ...headers,
      ...(encoding ? { 'content-encoding': encoding } : {}),
    });
  });
}

/** Brotli before gzip, as far as the client accepts it (q=0 refuses) and the file has it. */
function pickEncoding(header: string | undefined, file: StaticFile): 'br' | 'gzip' | undefined {
  if (file.br && acceptsEncoding(header, 'br')) return 'br';
  if (file.gzip && acceptsEncoding(header, 'gzip')) return 'gzip';
  return undefined;
}
