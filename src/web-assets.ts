import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { parseRoute } from '../web/routing/dashboard-route.ts';
import type { StaticAssets, StaticFile } from './deps.ts';

const webDir = fileURLToPath(new URL('../web/', import.meta.url));
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.css': 'text/css; charset=utf-8',
};

/** Entry points bundled by esbuild; `widgets` is what host pages embed. */
export const webEntryPoints = {
  widgets: `${webDir}index.ts`,
  page: `${webDir}page.ts`,
  'embed-page': `${webDir}embed-page.ts`,
};

/** Bundles the widgets (and page scripts) in memory; the bench measures the same bundle. */
export async function bundleWeb(options: { minify?: boolean } = {}) {
  const { build } = await import('esbuild');
  return build({
    entryPoints: webEntryPoints,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: options.minify ?? true,
    write: false,
    outdir: '/',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
}

/**
 * Builds the widget bundle (`/widgets.js`, plus `/widgets-<hash>.js` that never changes and may
 * be cached for a year) and the page scripts in memory with esbuild, and serves them with the
 * files of `web/public/`. HTML files get `%WIDGETS_URL%` replaced by the versioned URL. Takes
 * about 100 ms, so the server does it at start and nothing has to be built beforehand.
 */
export async function buildWebAssets(options: { minify?: boolean } = {}): Promise<StaticAssets> {
  const result = await bundleWeb(options);
  const files = new Map<string, StaticFile>();
  let versioned = '/widgets.js';
  for (const file of result.outputFiles) {
    files.set(file.path, { body: file.contents, contentType: contentTypes['.js'] as string });
    if (file.path === '/widgets.js') {
      const hash = createHash('sha256').update(file.contents).digest('hex').slice(0, 12);
      versioned = `/widgets-${hash}.js`;
      files.set(versioned, { body: file.contents, contentType: contentTypes['.js'] as string });
    }
  }
  for (const name of await readdir(`${webDir}public`)) {
    const type = contentTypes[extname(name)];
    if (!type) continue;
    let body: Uint8Array = await readFile(`${webDir}public/${name}`);
    if (name.endsWith('.html')) {
      body = new TextEncoder().encode(new TextDecoder().decode(body).replaceAll('%WIDGETS_URL%', versioned));
    }
    files.set(`/${name}`, { body, contentType: type });
  }
  for (const [path, file] of files) files.set(path, compressed(file));
  return {
    read: async (path) => {
      // Every view of the dashboard has its own URL: each is answered with the app shell, which
      // reads the view from the address (a reload or a link opened in a new tab keeps the view).
      if (parseRoute(path)) return files.get('/index.html');
      if (path === '/embed-examples') return files.get('/embed-examples.html');
      return files.get(path);
    },
  };
}

/**
 * The file with its ETag and its gzip and brotli forms, made once at start (brotli at its best
 * quality: the bundle is read by every page load and compressed only here).
 */
function compressed(file: StaticFile): StaticFile {
  const etag = `"${createHash('sha256').update(file.body).digest('base64url').slice(0, 22)}"`;
  const gzip = gzipSync(file.body, { level: 9 });
  const br = brotliCompressSync(file.body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: file.body.length,
    },
  });
  return {
    ...file,
    etag,
    ...(gzip.length < file.body.length ? { gzip: new Uint8Array(gzip) } : {}),
    ...(br.length < file.body.length ? { br: new Uint8Array(br) } : {}),
  };
}
