import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { testApp } from '../support/test-app.ts';

/** Serves an app over real HTTP on a free local port, for the CLI and the import benchmark. */
export async function serveApp(
  app: ReturnType<typeof testApp>['app'],
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
