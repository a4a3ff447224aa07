import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/database.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { bearer, seedTenant, type TestTenant, testApp } from '../support/test-app.ts';

const csv =
  'provider,region,kind,name,vcpu,memory_gib,price,currency,unit,vat_basis,valid_on,source\n' +
  'rz-musterstadt,RZ Musterstadt,instance,vm-4-16,4,16,0.05,EUR,hour,gross,2026-01-01,Rahmenvertrag 2026/17\n';

describe.each(testBackends())('POST /v1/catalogs as text/csv on %s', (backend) => {
  let database: Database;
  let app: ReturnType<typeof testApp>['app'];
  let tenant: TestTenant;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    app = testApp(database).app;
    tenant = await seedTenant(database, 'csv-katalog');
  });
  afterAll(() => database?.close());

  it('imports a tenant catalog sent as CSV', async () => {
    const res = await app.request('/v1/catalogs', {
      method: 'POST',
      headers: bearer(tenant.tokens.plan, { 'content-type': 'text/csv' }),
      body: csv,
    });
    expect(res.status).toBe(201);
    const list = await (await app.request('/v1/catalogs', { headers: bearer(tenant.tokens.read) })).text();
    expect(list).toContain('rz-musterstadt');
  });

  it('still refuses a media type no catalog route reads', async () => {
    const res = await app.request('/v1/catalogs', {
      method: 'POST',
      headers: bearer(tenant.tokens.plan, { 'content-type': 'application/xml' }),
      body: '<catalog/>',
    });
    expect(res.status).toBe(415);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});
