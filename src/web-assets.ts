import { readdir, readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StaticAssets } from './deps.ts';

const webDir = fileURLToPath(new URL('../web/', import.meta.url));
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.css': 'text/css; charset=utf-8',
};

/**
 * Builds the widget bundle (`/widgets.js`) and the start page script in memory with esbuild and
 * serves them with the files of `web/public/`. Takes about 100 ms, so the server does it at start
 * and nothing has to be built beforehand.
 */
export async function buildWebAssets(options: { minify?: boolean } = {}): Promise<StaticAssets> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: { widgets: `${webDir}index.ts`, page: `${webDir}page.ts` },
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: options.minify ?? true,
    write: false,
    outdir: '/',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const files = new Map<string, { body: Uint8Array; contentType: string }>();
  for (const file of result.outputFiles) {
    files.set(file.path, { body: file.contents, contentType: contentTypes['.js'] as string });
  }
  for (const name of await readdir(`${webDir}public`)) {
    const type = contentTypes[extname(name)];
    if (type) files.set(`/${name}`, { body: await readFile(`${webDir}public/${name}`), contentType: type });
  }
  return { read: async (path) => files.get(path === '/' ? '/index.html' : path) };
}
