import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/database.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { bearer, jsonRequest, seedTenant, type TestTenant, testApp } from '../support/test-app.ts';
import { capacitySpec, seedLoad } from './plan-fixtures.ts';

const csv = [
  'provider,region,kind,name,vcpu,memory_gib,price,currency,unit,vat_basis,valid_on,source',
  'rz-musterstadt,RZ Musterstadt,instance,vm-4-16,4,16,0.05,EUR,hour,net,2026-01-01,Rahmenvertrag 2026/17',
  'rz-musterstadt,RZ Musterstadt,instance,vm-8-32,8,32,0.09,EUR,hour,net,2026-01-01,Rahmenvertrag 2026/17',
  'rz-musterstadt,RZ Musterstadt,block_storage,ssd,,,0.08,EUR,gib_month,net,2026-01-01,Rahmenvertrag 2026/17',
].join('\n');

const jsonCatalog = {
  generated: '2026-10-01',
  sources: { 'RV-2026': { reference: 'Rahmenvertrag 2026/17', kind: 'framework contract' } },
  providers: [
    {
      id: 'rz-land',
      name: 'Landesrechenzentrum',
      region: 'RZ Süd',
      compute: [
        {
          type: 'm.large',
          vcpu: 4,
          memory_gib: 16,
          price_hourly: {
            value: 0.061,
            unit: 'EUR/hour',
            currency: 'EUR',
            basis: 'net',
            sources: ['RV-2026'],
            valid_on: '2026-10-01',
          },
        },
      ],
    },
  ],
};

describe.each(testBackends())('catalogs on %s', (backend) => {
  let database: Database;
  let app: ReturnType<typeof testApp>['app'];
  let tenant: TestTenant;
  let other: TestTenant;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    app = testApp(database).app;
    tenant = await seedTenant(database, 'musterstadt');
    other = await seedTenant(database, 'anderstadt');
  });
  afterAll(() => database?.close());

  describe('GET /v1/catalogs', () => {
    it('lists the built-in catalogs to every tenant', async () => {
      for (const t of [tenant, other]) {
        const res = await app.request('/v1/catalogs', { headers: bearer(t.tokens.read) });
        expect(res.status).toBe(200);
        const { items } = await res.json();
        const providers = items
          .filter((c: { builtIn: boolean }) => c.builtIn)
          .map((c: { provider: string }) => c.provider);
        expect(providers).toEqual(
          expect.arrayContaining(['hetzner', 'stackit', 'ionos', 'aws', 'azure', 'gcp']),
        );
      }
    });

    it('shows one catalog with each price’s currency, VAT basis, sources and validity', async () => {
      const res = await app.request('/v1/catalogs/builtin:hetzner:2026-11-23', {
        headers: bearer(tenant.tokens.read),
      });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toMatchObject({ builtIn: true, provider: 'hetzner', version: '2026-11-23' });
      const cx = body.catalog.instanceTypes.find((t: { name: string }) => t.name === 'CX23');
      expect(cx.hourly).toMatchObject({ amount: { currency: 'EUR' }, basis: 'gross', sources: ['MIX-HZ'] });
      expect(cx.hourly.validOn).toEqual(expect.any(String));
    });

    it('answers 404 for an unknown id', async () => {
      const res = await app.request('/v1/catalogs/builtin:nimbus:1', { headers: bearer(tenant.tokens.read) });
      expect(res.status).toBe(404);
    });
  });

  describe('GET /v1/instance-types', () => {
    it('lists every current type with vCPU, memory and the hourly price in EUR on the VAT view', async () => {
      const res = await app.request('/v1/instance-types', { headers: bearer(tenant.tokens.read) });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toMatchObject({
        currency: 'EUR',
        vatMode: 'gross',
        on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      });
      const byProvider = new Map(body.providers.map((p: { provider: string }) => [p.provider, p]));
      const hetzner = byProvider.get('hetzner') as { region: string; types: { name: string }[] };
      expect(hetzner.region).toContain('Falkenstein');
      const cx23 = hetzner.types.find((t) => t.name === 'CX23');
      // Hetzner publishes gross hourly prices in EUR: shown as published.
      expect(cx23).toMatchObject({ vcpu: 2, memoryGib: 4, hourly: expect.stringMatching(/^0\.0\d{8}$/) });
      // AWS publishes USD net: converted at the ECB rate and with VAT added, never left in dollars.
      const aws = byProvider.get('aws') as { types: { name: string; hourly: string }[]; unpriced: string[] };
      expect(aws.unpriced).toEqual([]);
      const medium = aws.types.find((t) => t.name === 't3.medium');
      expect(Number(medium?.hourly)).toBeGreaterThan((0.048 / 1.3) * 1.19);
      expect(Number(medium?.hourly)).toBeLessThan((0.048 / 0.9) * 1.19);
    });
  });

  describe('POST /v1/catalogs', () => {
    let importedId: string;

    it('imports a JSON catalog as a new version (201), and the same again without change', async () => {
      const res = await app.request('/v1/catalogs', jsonRequest('POST', tenant.tokens.plan, jsonCatalog));
      expect(res.status).toBe(201);
      const { items } = await res.json();
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        provider: 'rz-land',
        version: '2026-10-01',
        builtIn: false,
        created: true,
        priceCount: 1,
      });
      importedId = items[0].id;
      const again = await (
        await app.request('/v1/catalogs', jsonRequest('POST', tenant.tokens.plan, jsonCatalog))
      ).json();
      expect(again.items[0]).toMatchObject({ id: importedId, created: false });
    });

    it('refuses changed prices under the same version with 409', async () => {
      const changed = structuredClone(jsonCatalog);
      changed.providers[0]!.compute[0]!.price_hourly.value = 0.07;
      const res = await app.request('/v1/catalogs', jsonRequest('POST', tenant.tokens.plan, changed));
      expect(res.status).toBe(409);
    });

    it('imports CSV sent inside JSON', async () => {
      const res = await app.request('/v1/catalogs', jsonRequest('POST', tenant.tokens.admin, { csv }));
      expect(res.status).toBe(201);
      const { items } = await res.json();
      expect(items[0]).toMatchObject({ provider: 'rz-musterstadt', format: 'csv', priceCount: 3 });
    });

    it.each([
      [{ ...jsonCatalog, sources: {} }, '/providers/0/compute/0/price_hourly/sources/0'],
      [{ ...jsonCatalog, providers: [] }, '/providers'],
      [{ csv: csv.replace('0.05,EUR', 'abc,EUR') }, '/0/price'],
      [{ csv: 'provider,region\nx,y' }, '/header'],
    ])('answers 400 with precise pointers (%#)', async (body, pointer) => {
      const res = await app.request('/v1/catalogs', jsonRequest('POST', tenant.tokens.plan, body));
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const problem = await res.json();
      expect(problem.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    });

    it('answers any JSON body with 201 or a problem, never a 500 (property)', async () => {
      const body = fc.oneof(
        fc.jsonValue(),
        fc.record({
          generated: fc.string(),
          sources: fc.jsonValue(),
          providers: fc.array(fc.jsonValue(), { maxLength: 3 }),
        }),
        fc.record({ csv: fc.string() }),
      );
      await fc.assert(
        fc.asyncProperty(body, async (value) => {
          const res = await app.request('/v1/catalogs', jsonRequest('POST', tenant.tokens.plan, value));
          expect([201, 400, 409]).toContain(res.status);
        }),
        { numRuns: 40 },
      );
    });

    it('keeps a tenant’s catalog from other tenants and needs the plan scope', async () => {
      expect(
        (await app.request(`/v1/catalogs/${importedId}`, { headers: bearer(other.tokens.admin) })).status,
      ).toBe(404);
      const list = await (await app.request('/v1/catalogs', { headers: bearer(other.tokens.read) })).json();
      expect(list.items.some((c: { provider: string }) => c.provider === 'rz-land')).toBe(false);
      expect(
        (await app.request('/v1/catalogs', jsonRequest('POST', tenant.tokens.read, jsonCatalog))).status,
      ).toBe(403);
      expect(
        (await app.request(`/v1/catalogs/${importedId}`, { headers: bearer(tenant.tokens.read) })).status,
      ).toBe(200);
    });

    it('plans on the tenant’s own catalog', async () => {
      const serviceId = await seedLoad(database, tenant.id);
      await app.request(
        `/v1/services/${serviceId}/capacity`,
        jsonRequest('PUT', tenant.tokens.plan, {
          ...capacitySpec,
          providers: ['rz-musterstadt'],
          backup: undefined,
        }),
      );
      const res = await app.request(
        '/v1/plans',
        jsonRequest('POST', tenant.tokens.plan, { serviceId, horizon: 'P7D' }),
      );
      const body = await res.json();
      expect(res.status, JSON.stringify(body)).toBe(201);
      expect(body.plan.instanceType.provider).toBe('rz-musterstadt');
      expect(body.plan.pricing.vat).toBe('gross');
    });
  });

  describe('exchange rates and VAT', () => {
    it('shows the built-in rates until the tenant sets its own', async () => {
      const res = await app.request('/v1/exchange-rates', { headers: bearer(tenant.tokens.read) });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.builtIn).toBe(true);
      expect(body.vatMode).toBe('gross');
      expect(body.rates).toContainEqual(
        expect.objectContaining({ base: 'EUR', quote: 'USD', rate: '1.1133', date: '2026-10-28' }),
      );
    });

    it('replaces the table, validates it with pointers, and returns to the built-in rates on an empty list', async () => {
      const rates = [
        { base: 'EUR', quote: 'USD', rate: '1.0800', date: '2026-11-01', source: 'Haushaltsplanung 2027' },
      ];
      const put = await app.request('/v1/exchange-rates', jsonRequest('PUT', tenant.tokens.plan, { rates }));
      expect(put.status).toBe(200);
      expect(await put.json()).toMatchObject({ builtIn: false, rates: [{ ...rates[0], rate: '1.0800' }] });
      const theirs = await (
        await app.request('/v1/exchange-rates', { headers: bearer(other.tokens.read) })
      ).json();
      expect(theirs.builtIn).toBe(true);
      const dup = await app.request(
        '/v1/exchange-rates',
        jsonRequest('PUT', tenant.tokens.plan, { rates: [rates[0], rates[0]] }),
      );
      expect(dup.status).toBe(400);
      expect((await dup.json()).errors[0].pointer).toBe('/rates/1/date');
      const bad = await app.request(
        '/v1/exchange-rates',
        jsonRequest('PUT', tenant.tokens.plan, { rates: [{ ...rates[0], rate: '-1' }] }),
      );
      expect((await bad.json()).errors[0].pointer).toBe('/rates/0/rate');
      const reset = await app.request(
        '/v1/exchange-rates',
        jsonRequest('PUT', tenant.tokens.plan, { rates: [] }),
      );
      expect((await reset.json()).builtIn).toBe(true);
    });

    it('switches the VAT view (admin only); plans then price net', async () => {
      expect(
        (await app.request('/v1/vat-mode', jsonRequest('PUT', tenant.tokens.plan, { vatMode: 'net' })))
          .status,
      ).toBe(403);
      const res = await app.request(
        '/v1/vat-mode',
        jsonRequest('PUT', tenant.tokens.admin, { vatMode: 'net' }),
      );
      expect(res.status).toBe(200);
      const rates = await (
        await app.request('/v1/exchange-rates', { headers: bearer(tenant.tokens.read) })
      ).json();
      expect(rates.vatMode).toBe('net');
      const serviceId = await seedLoad(database, tenant.id, 'netto');
      await app.request(
        `/v1/services/${serviceId}/capacity`,
        jsonRequest('PUT', tenant.tokens.plan, capacitySpec),
      );
      const plan = await (
        await app.request('/v1/plans', jsonRequest('POST', tenant.tokens.plan, { serviceId, horizon: 'P7D' }))
      ).json();
      expect(plan.plan.pricing.vat).toBe('net');
      await app.request('/v1/vat-mode', jsonRequest('PUT', tenant.tokens.admin, { vatMode: 'gross' }));
    });
  });
});
