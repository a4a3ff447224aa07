import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/database.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { bearer, jsonRequest, seedTenant, type TestTenant, testApp } from '../support/test-app.ts';

// The writes the dashboard's editors send: an event changed, a service described by a planner,
// the exchange rates with the age limit the import applies.
describe.each(testBackends())('dashboard edits on %s', (backend) => {
  let database: Database;
  let app: ReturnType<typeof testApp>['app'];
  let tenant: TestTenant;
  let other: TestTenant;
  let serviceId: string;

  const audit = async (action: string) =>
    (
      (await (
        await app.request(`/v1/audit?action=${action}`, { headers: bearer(tenant.tokens.admin) })
      ).json()) as { items: { action: string; resourceId: string; actor: { name: string } }[] }
    ).items;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    app = testApp(database).app;
    tenant = await seedTenant(database, 'editstadt');
    other = await seedTenant(database, 'editnachbar');
    const created = await app.request(
      '/v1/services',
      jsonRequest('POST', tenant.tokens.admin, { key: 'otel-svc', name: 'otel-svc' }),
    );
    serviceId = ((await created.json()) as { id: string }).id;
  });
  afterAll(() => database?.close());

  describe('PATCH /v1/events/{id}', () => {
    let eventId: string;
    beforeAll(async () => {
      const res = await app.request(
        '/v1/events',
        jsonRequest('POST', tenant.tokens.plan, {
          kind: 'election',
          name: 'Kommunalwahl',
          startsAt: '2027-03-01T00:00:00+01:00',
          endsAt: '2027-03-14T18:00:00+01:00',
          region: 'BY',
          expectedUplift: '0.5',
        }),
      );
      expect(res.status).toBe(201);
      eventId = ((await res.json()) as { id: string }).id;
    });

    it('changes the fields sent and keeps the others, and records it in the audit trail', async () => {
      const res = await app.request(
        `/v1/events/${eventId}`,
        jsonRequest('PATCH', tenant.tokens.plan, {
          name: 'Kommunalwahl 2027',
          expectedUplift: '1.2',
          serviceIds: [serviceId],
        }),
      );
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        id: eventId,
        kind: 'election',
        name: 'Kommunalwahl 2027',
        region: 'BY',
        startsAt: '2027-02-28T23:00:00.000Z',
        expectedUplift: '1.2',
        serviceIds: [serviceId],
      });
      const read = await (
        await app.request(`/v1/events/${eventId}`, { headers: bearer(tenant.tokens.read) })
      ).json();
      expect(read).toMatchObject({ name: 'Kommunalwahl 2027', region: 'BY' });
      const entries = await audit('event.update');
      expect(entries.map((e) => e.resourceId)).toContain(eventId);
    });

    it('clears the expected uplift with null and moves the period', async () => {
      const res = await app.request(
        `/v1/events/${eventId}`,
        jsonRequest('PATCH', tenant.tokens.plan, {
          expectedUplift: null,
          startsAt: '2027-03-02T00:00:00Z',
          endsAt: '2027-03-03T00:00:00Z',
        }),
      );
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ expectedUplift: null, endsAt: '2027-03-03T00:00:00.000Z' });
    });

    it.each([
      [{ endsAt: '2027-03-01T00:00:00Z' }, '/endsAt'],
      [{ startsAt: 'morgen' }, '/startsAt'],
      [{ expectedUplift: 'viel' }, '/expectedUplift'],
      [{ serviceIds: ['00000000-0000-4000-8000-000000000000'] }, '/serviceIds/0'],
      [{ name: '' }, '/name'],
      [{ id: 'x' }, '/'],
    ])('refuses %j with a problem that points at %s', async (body, pointer) => {
      const res = await app.request(`/v1/events/${eventId}`, jsonRequest('PATCH', tenant.tokens.plan, body));
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const problem = (await res.json()) as { errors: { pointer: string }[] };
      expect(problem.errors.map((e) => e.pointer)).toContain(pointer);
    });

    it('answers 403 to a viewer or finance, 404 to another tenant and for ids that are no event', async () => {
      for (const token of [tenant.tokens.read, tenant.tokens.finance]) {
        const res = await app.request(`/v1/events/${eventId}`, jsonRequest('PATCH', token, { name: 'x' }));
        expect(res.status).toBe(403);
      }
      const foreign = await app.request(
        `/v1/events/${eventId}`,
        jsonRequest('PATCH', other.tokens.plan, { name: 'x' }),
      );
      expect(foreign.status).toBe(404);
      const missing = await app.request(
        '/v1/events/00000000-0000-4000-8000-000000000000',
        jsonRequest('PATCH', tenant.tokens.plan, { name: 'x' }),
      );
      expect(missing.status).toBe(404);
      const notUuid = await app.request(
        '/v1/events/nope',
        jsonRequest('PATCH', tenant.tokens.plan, { name: 'x' }),
      );
      expect(notUuid.status).toBe(404);
    });
  });

  describe('PATCH /v1/services/{id} by a planner', () => {
    it('lets a planner name a service that came in through metrics, and keeps its key', async () => {
      const res = await app.request(
        `/v1/services/${serviceId}`,
        jsonRequest('PATCH', tenant.tokens.plan, {
          name: 'Bürgerportal',
          owner: 'Amt 10',
          costCentre: '1000-42',
        }),
      );
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        key: 'otel-svc',
        name: 'Bürgerportal',
        owner: 'Amt 10',
        costCentre: '1000-42',
      });
      expect((await audit('service.update')).map((e) => e.resourceId)).toContain(serviceId);
    });

    it('refuses a viewer and finance (403) and an empty name (400)', async () => {
      for (const token of [tenant.tokens.read, tenant.tokens.finance]) {
        const res = await app.request(
          `/v1/services/${serviceId}`,
          jsonRequest('PATCH', token, { name: 'x' }),
        );
        expect(res.status).toBe(403);
      }
      const bad = await app.request(
        `/v1/services/${serviceId}`,
        jsonRequest('PATCH', tenant.tokens.plan, { name: ' ' }),
      );
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { errors: { pointer: string }[] }).errors[0]?.pointer).toBe('/name');
    });

    it('still leaves creating and deleting services to admins', async () => {
      const created = await app.request(
        '/v1/services',
        jsonRequest('POST', tenant.tokens.plan, { key: 'neu', name: 'Neu' }),
      );
      expect(created.status).toBe(403);
      const deleted = await app.request(`/v1/services/${serviceId}`, {
        method: 'DELETE',
        headers: bearer(tenant.tokens.plan),
      });
      expect(deleted.status).toBe(403);
    });
  });

  describe('GET /v1/exchange-rates', () => {
    it('says how old a rate may be to convert a charge, beside the rates and the ECB table', async () => {
      const res = await app.request('/v1/exchange-rates', { headers: bearer(tenant.tokens.read) });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { maxAgeDays: number; reference: { last: string } };
      expect(body.maxAgeDays).toBeGreaterThan(0);
      expect(body.reference.last).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });
  });
});
