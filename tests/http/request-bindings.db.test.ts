import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestBindings } from '../../src/app.ts';
import type { Database } from '../../src/store/database.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { bearer, seedTenant, type TestTenant, testApp } from '../support/test-app.ts';

// The Worker builds one app per isolate and hands each request its own connection as a binding.
describe.each(testBackends())('one app, a database per request, on %s', (backend) => {
  let database: Database;
  let tenant: TestTenant;
  const unreachable: Database = {
    backend,
    get db(): never {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    },
    execScript: async () => undefined,
    close: async () => undefined,
  };

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    tenant = await seedTenant(database, 'bindings');
  });
  afterAll(() => database?.close());

  it('uses the database the request brings, and the app’s own without one', async () => {
    const { app } = testApp(unreachable);
    const bindings: RequestBindings = { database };
    const bound = await app.request('/v1/tenant', { headers: bearer(tenant.tokens.read) }, bindings);
    expect(bound.status).toBe(200);
    expect(await bound.json()).toMatchObject({ slug: 'bindings' });
    const unbound = await app.request('/v1/tenant', { headers: bearer(tenant.tokens.read) });
    expect(unbound.status).toBe(503);
    expect((await app.request('/readyz', {}, bindings)).status).toBe(200);
  });
});
