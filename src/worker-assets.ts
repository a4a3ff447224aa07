import type { StaticAssets } from './deps.ts';
import { assetPathOf } from './web-asset-path.ts';

/** The Workers static-assets binding (`[assets]` in wrangler.toml). */
export interface AssetsBinding {
  fetch(request: Request): Promise<Response>;
}

/**
 * The dashboard and widgets on Workers: the files `npm run build` wrote to `dist/web`, uploaded as
 * static assets and read through their binding, so the app answers the same paths as on Node
 * (every dashboard URL with the app shell). Cloudflare compresses at its edge.
 */
export function workerAssets(binding: AssetsBinding): StaticAssets {
  return {
    async read(path) {
      const file = assetPathOf(path);
      if (file.endsWith('.gz') || file.endsWith('.br') || file === '/manifest.json') return undefined;
      const response = await binding.fetch(new Request(`https://assets.invalid${file}`));
      if (!response.ok) return undefined;
      const etag = response.headers.get('etag');
      return {
        body: new Uint8Array(await response.arrayBuffer()),
        contentType: response.headers.get('content-type') ?? 'application/octet-stream',
        ...(etag ? { etag } : {}),
      };
    },
  };
}
