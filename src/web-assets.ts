import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { StaticAssets, StaticFile } from './deps.ts';
import { assetPathOf } from './web-asset-path.ts';

const webDir = fileURLToPath(new URL('../web/', import.meta.url));
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.css': 'text/css; charset=utf-8',
};

/** Entry points bundled by esbuild; `widgets` is what host pages embed, `dashboard` the app's own. */
export const webEntryPoints = {
  widgets: `${webDir}index.ts`,
  dashboard: `${webDir}dashboard.ts`,
  page: `${webDir}page.ts`,
  'embed-page': `${webDir}embed-page.ts`,
};

/** Bundles the widgets (and page scripts) in memory; the bench measures the same bundle. */
export async function bundleWeb(options: { minify?: boolean } = {}) {
  const { build } = await import('esbuild');
  return build({
    absWorkingDir: fileURLToPath(new URL('../', import.meta.url)),
    entryPoints: webEntryPoints,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: options.minify ?? true,
    write: false,
    outdir: '/',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    metafile: true,
  });
}

/**
 * The widget bundle (`/widgets.js`, plus `/widgets-<hash>.js` that never changes and may be cached
 * for a year), the page scripts and the files of `web/public/` (HTML with `%WIDGETS_URL%` replaced
 * by the versioned URL), each with its ETag and compressed forms. Built with esbuild in memory.
 */
export async function assembleWebFiles(
  options: { minify?: boolean } = {},
): Promise<{ files: Map<string, StaticFile>; inputs: string[] }> {
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
  const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.includes('node_modules/'));
  for (const name of await readdir(`${webDir}public`)) {
    const type = contentTypes[extname(name)];
    if (!type) continue;
    let body: Uint8Array = await readFile(`${webDir}public/${name}`);
    if (name.endsWith('.html')) {
      body = new TextEncoder().encode(new TextDecoder().decode(body).replaceAll('%WIDGETS_URL%', versioned));
    }
    files.set(`/${name}`, { body, contentType: type });
    inputs.push(`web/public/${name}`);
  }
  for (const [path, file] of files) files.set(path, compressed(file));
  return { files, inputs };
}

/** Serves a set of files: every dashboard URL answers with the app shell. */
export function assetsFrom(files: ReadonlyMap<string, StaticFile>): StaticAssets {
  return {
    read: async (path) => files.get(assetPathOf(path)),
  };
}

/** Builds the web assets in memory (about 100 ms plus compression): for tests and source runs. */
export async function buildWebAssets(options: { minify?: boolean } = {}): Promise<StaticAssets> {
  return assetsFrom((await assembleWebFiles(options)).files);
}

const MANIFEST = 'manifest.json';
interface ManifestEntry {
  readonly contentType: string;
  readonly etag?: string;
  readonly gzip: boolean;
  readonly br: boolean;
}

/**
 * Writes the web assets into `dir` (what `npm run build` does, and what the Worker serves as static
 * assets): each file under its URL path, its `.gz` and `.br` forms beside it, and a manifest of
 * content types and ETags. Returns the source files they were built from (relative paths).
 */
export async function writeWebAssets(dir: string): Promise<string[]> {
  const { files, inputs } = await assembleWebFiles();
  const manifest: Record<string, ManifestEntry> = {};
  await mkdir(dir, { recursive: true });
  for (const [path, file] of files) {
    await writeFile(join(dir, path), file.body);
    if (file.gzip) await writeFile(join(dir, `${path}.gz`), file.gzip);
    if (file.br) await writeFile(join(dir, `${path}.br`), file.br);
    manifest[path] = {
      contentType: file.contentType,
      ...(file.etag ? { etag: file.etag } : {}),
      gzip: file.gzip !== undefined,
      br: file.br !== undefined,
    };
  }
  await writeFile(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
  // Workers static assets: the edge compresses by itself and the Worker needs no manifest.
  await writeFile(join(dir, '.assetsignore'), `*.gz\n*.br\n${MANIFEST}\n`);
  return inputs;
}

/** Reads what `writeWebAssets` wrote: no bundling and no compressing at start. */
export async function readWebAssets(dir: string): Promise<StaticAssets> {
  const manifest = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as Record<string, ManifestEntry>;
  const files = new Map<string, StaticFile>();
  for (const [path, entry] of Object.entries(manifest)) {
    const body = new Uint8Array(await readFile(join(dir, path)));
    files.set(path, {
      body,
      contentType: entry.contentType,
      ...(entry.etag ? { etag: entry.etag } : {}),
      ...(entry.gzip ? { gzip: new Uint8Array(await readFile(join(dir, `${path}.gz`))) } : {}),
      ...(entry.br ? { br: new Uint8Array(await readFile(join(dir, `${path}.br`))) } : {}),
    });
  }
  return assetsFrom(files);
}

/** Set to true by the command-line bundle's build (esbuild `define`); undefined when run from sources. */
declare const LASTPLAN_BUNDLED: boolean | undefined;

/** Where `npm run build` writes the web assets, next to the command-line bundle. */
export const builtWebDir = fileURLToPath(new URL('../dist/web/', import.meta.url));

/**
 * The web assets for the server: read from `dist/web` when the server runs from the bundle that
 * `npm run build` wrote in the same step (so nothing is compiled at start), built in memory when
 * it runs from the TypeScript sources, whose web files may be newer than any build.
 */
export async function loadWebAssets(): Promise<StaticAssets> {
  if (typeof LASTPLAN_BUNDLED !== 'undefined' && LASTPLAN_BUNDLED) {
    try {
      return await readWebAssets(builtWebDir);
    } catch {
      // A bundle without its web folder (deleted by hand): build as the sources would.
    }
  }
  return buildWebAssets();
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
