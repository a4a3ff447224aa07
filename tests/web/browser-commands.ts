import type { BrowserCommand } from 'vitest/node';

declare module 'vitest/browser' {
  interface BrowserCommands {
    /** Creates an embed token for one demo service (by key) that allows `origins`. */
    createEmbedToken(serviceKey: string, origins: string[]): Promise<{ token: string; serviceId: string }>;
  }
}

function server(): { url: string; admin: string } {
  const url = process.env.LASTPLAN_WEB_TEST_URL;
  const admin = process.env.LASTPLAN_WEB_TEST_ADMIN;
  if (!url || !admin) throw new Error('the lastplan test server is not running (global-setup.ts)');
  return { url, admin };
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const { url, admin } = server();
  const response = await fetch(`${url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

// Node-side helpers the browser tests call: creating tokens needs the admin token, which never
// enters the page, and a POST across origins would (rightly) be refused by CORS.
const createEmbedToken: BrowserCommand<[string, string[]]> = async (_context, serviceKey, origins) => {
  const services = await call<{ items: { id: string; key: string }[] }>('/v1/services?limit=100');
  const service = services.items.find((s) => s.key === serviceKey);
  if (!service) throw new Error(`no demo service ${serviceKey}`);
  const created = await call<{ token: string }>('/v1/tokens', {
    method: 'POST',
    body: JSON.stringify({
      name: `browser test ${serviceKey}`,
      kind: 'embed',
      resources: [`service:${service.id}`],
      allowedOrigins: origins,
      expiresIn: '1d',
    }),
  });
  return { token: created.token, serviceId: service.id };
};

export const browserCommands = { createEmbedToken };
