/**
 * Every route while the database is really gone (PGlite closed; PostgreSQL cut off the network
 * with its sessions terminated): 503 database-unavailable with Retry-After, never a 500; what
 * needs no database still answers; PostgreSQL comes back without a restart of the app.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { forgetTokenPrincipals } from '../../src/tenancy-service/token-principals.ts';
import { testBackends } from '../support/databases.ts';
import { type Outage, outageOn } from '../support/outage.ts';
import { bearer, seedTenant, type TestTenant, testApp } from '../support/test-app.ts';

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly scope: string;
}

describe.each(testBackends())('every route while the database is unavailable on %s', (backend) => {
  let outage: Outage;
  let tenant: TestTenant;
  const logLines: string[] = [];
  const logger = createLogger('info', (line) => logLines.push(line));

  beforeAll(async () => {
    outage = await outageOn(backend);
    tenant = await seedTenant(outage.admin, 'ausfall');
  }, 120_000);
  afterAll(async () => {
    await outage?.dispose();
  });

  it('answers 503 with Retry-After on every route that needs the database, and recovers', async () => {
    const app = testApp(outage.database, { logger }).app;
    const doc = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { 'x-lastplan-scope'?: string }>>;
    };
    const ops: Operation[] = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path: path.replace(/\{[^}]+\}/g, crypto.randomUUID()),
        scope: op['x-lastplan-scope'] ?? '',
      })),
    );
    expect(ops.length).toBeGreaterThan(30);
    expect((await app.request('/v1/services', { headers: bearer(tenant.tokens.admin) })).status).toBe(200);
    expect((await app.request('/v1/services', { headers: bearer(tenant.tokens.read) })).status).toBe(200);

    await outage.begin();
    // A token checked a moment ago is believed without the database; what it asks for is not.
    const believed = await app.request('/v1/services', { headers: bearer(tenant.tokens.read) });
    expect(believed.status).toBe(503);
    expect(believed.headers.get('retry-after')).toBe('5');
    // Every route from here on must find the database gone already at the token.
    forgetTokenPrincipals(outage.database);
    for (const op of ops.filter((o) => o.scope !== 'public')) {
      const write = !['GET', 'HEAD', 'DELETE'].includes(op.method);
      const res = await app.request(op.path, {
        method: op.method,
        headers: bearer(tenant.tokens.admin, write ? { 'content-type': 'application/json' } : {}),
        ...(write ? { body: '{}' } : {}),
      });
      const name = `${op.method} ${op.path}`;
      expect(res.status, name).toBe(503);
      expect(res.headers.get('retry-after'), name).toBe('5');
      if (!op.path.startsWith('/otlp/')) {
        expect(res.headers.get('content-type'), name).toBe('application/problem+json');
        expect(((await res.json()) as { type: string }).type, name).toBe(
          'https://lastplan.de/problems/database-unavailable',
        );
      }
    }
    // A signed-in browser too: the session is looked up in the database.
    const cookie = await app.request('/v1/services', {
      headers: { cookie: `lastplan_session=ls_${'s'.repeat(43)}` },
    });
    expect(cookie.status).toBe(503);
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).toBe('5');
    // What needs no database goes on.
    expect((await app.request('/healthz')).status).toBe(200);
    expect((await app.request('/openapi.json')).status).toBe(200);
    expect(logLines.join('\n')).not.toMatch(/unexpected error/);

    const database = await outage.end();
    // PostgreSQL: the same app and pool reconnect; PGlite: the folder is opened again.
    const after =
      database === outage.database && backend === 'postgres' ? app : testApp(database, { logger }).app;
    if (backend === 'postgres') expect(after).toBe(app);
    const res = await after.request('/v1/services', { headers: bearer(tenant.tokens.admin) });
    expect(res.status).toBe(200);
    expect((await after.request('/readyz')).status).toBe(200);
  }, 400_000);
});
