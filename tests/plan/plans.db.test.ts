import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { type PlanInputRecord, planInputOf } from '../../src/plan/plan-input-record.ts';
import { toJson } from '../../src/plan/plan-json.ts';
import { loadCatalogsById } from '../../src/plan-service/load-catalogs.ts';
import type { Database } from '../../src/store/database.ts';
import { withTenant } from '../../src/store/with-tenant.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { bearer, jsonRequest, seedTenant, type TestTenant, testApp, testNow } from '../support/test-app.ts';
import { capacitySpec, seedLoad } from './plan-fixtures.ts';

describe.each(testBackends())('plans on %s', (backend) => {
  let database: Database;
  let app: ReturnType<typeof testApp>['app'];
  let tenant: TestTenant;
  let other: TestTenant;
  let serviceId: string;
  let planId: string;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    app = testApp(database).app;
    tenant = await seedTenant(database, 'musterstadt');
    other = await seedTenant(database, 'anderstadt');
    serviceId = await seedLoad(database, tenant.id);
  });
  afterAll(() => database?.close());

  describe('PUT /v1/services/{id}/capacity', () => {
    it('creates the model with defaults (201), replaces it (200) and reads it back', async () => {
      const first = await app.request(
        `/v1/services/${serviceId}/capacity`,
        jsonRequest('PUT', tenant.tokens.plan, capacitySpec),
      );
      expect(first.status).toBe(201);
      const body = await first.json();
      expect(body).toMatchObject({ ...capacitySpec, quantile: 0.975, serviceId });
      const again = await app.request(
        `/v1/services/${serviceId}/capacity`,
        jsonRequest('PUT', tenant.tokens.plan, capacitySpec),
      );
      expect(again.status).toBe(200);
      const read = await app.request(`/v1/services/${serviceId}/capacity`, {
        headers: bearer(tenant.tokens.read),
      });
      expect(read.status).toBe(200);
      expect(await read.json()).toMatchObject({ driverMetric: 'requests_per_second', leadTime: 'PT1H' });
    });

    it.each([
      [{ ...capacitySpec, targetUtilisation: 1.5 }, '/targetUtilisation'],
      [{ ...capacitySpec, leadTime: 'two hours' }, '/leadTime'],
      [{ ...capacitySpec, minInstances: 10, maxInstances: 5 }, '/maxInstances'],
      [{ driverMetric: 'requests_per_second' }, '/capacityPerType'],
      [{ ...capacitySpec, ownHardware: { capexPerServer: '9,000' } }, '/ownHardware/capexPerServer'],
      [{ ...capacitySpec, surprise: 1 }, '/'],
      [{ ...capacitySpec, providers: ['hetzner', 'nimbus'] }, '/providers/1'],
      [
        { ...capacitySpec, backup: { ...capacitySpec.backup, targetProvider: 'nimbus' } },
        '/backup/targetProvider',
      ],
    ])('answers 400 with a pointer for %j', async (spec, pointer) => {
      const res = await app.request(
        `/v1/services/${serviceId}/capacity`,
        jsonRequest('PUT', tenant.tokens.plan, spec),
      );
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const problem = await res.json();
      expect(problem.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    });

    it('answers any model with 200/201 or a 400 problem, never a 500 (property)', async () => {
      const spec = fc.record(
        {
          driverMetric: fc.oneof(fc.constant('requests_per_second'), fc.string()),
          perVcpu: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(2)),
          capacityPerType: fc.dictionary(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true })),
          targetUtilisation: fc.double({ min: -1, max: 2, noNaN: true }),
          minInstances: fc.integer({ min: -5, max: 50 }),
          maxInstances: fc.integer({ min: -5, max: 2_000_000 }),
          leadTime: fc.oneof(fc.constantFrom('PT0H', 'PT2H', 'P1D', 'P1W'), fc.string()),
          scaleDownDelay: fc.oneof(fc.constantFrom('PT0S', 'PT12H'), fc.string()),
          minStep: fc.oneof(fc.constantFrom('PT6H', 'P'), fc.string()),
          quantile: fc.double({ min: 0, max: 1, noNaN: true }),
          providers: fc.array(fc.constantFrom('hetzner', 'stackit', 'nimbus', 'X'), { maxLength: 3 }),
          ownHardware: fc.record({
            capexPerServer: fc.constantFrom('9000', '9000.5', '-1', '1e3'),
            opexPerServerYear: fc.constant('100'),
            lifeYears: fc.double({ min: -1, max: 40, noNaN: true }),
            capacityPerServer: fc.double({ min: -1, max: 100, noNaN: true }),
            vatBasis: fc.constantFrom('net', 'gross', 'brutto'),
          }),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(spec, async (value) => {
          const res = await app.request(
            `/v1/services/${serviceId}/capacity`,
            jsonRequest('PUT', tenant.tokens.plan, value),
          );
          expect([200, 201, 400]).toContain(res.status);
        }),
        { numRuns: 60 },
      );
      // Leave the model the later tests expect.
      await app.request(
        `/v1/services/${serviceId}/capacity`,
        jsonRequest('PUT', tenant.tokens.plan, capacitySpec),
      );
    });

    it('answers 404 for another tenant’s service and 403 without the plan scope', async () => {
      const res = await app.request(
        `/v1/services/${serviceId}/capacity`,
        jsonRequest('PUT', other.tokens.admin, capacitySpec),
      );
      expect(res.status).toBe(404);
      const get = await app.request(`/v1/services/${serviceId}/capacity`, {
        headers: bearer(other.tokens.read),
      });
      expect(get.status).toBe(404);
      const forbidden = await app.request(
        `/v1/services/${serviceId}/capacity`,
        jsonRequest('PUT', tenant.tokens.read, capacitySpec),
      );
      expect(forbidden.status).toBe(403);
    });
  });

  describe('POST /v1/plans', () => {
    it('builds, prices and stores a plan as version 1', async () => {
      const res = await app.request(
        '/v1/plans',
        jsonRequest('POST', tenant.tokens.plan, { serviceId, horizon: 'P14D' }),
      );
      expect(res.status).toBe(201);
      const body = await res.json();
      planId = body.id;
      expect(res.headers.get('location')).toBe(`/v1/plans/${planId}`);
      expect(body).toMatchObject({
        serviceId,
        version: 1,
        status: 'draft',
        currency: 'EUR',
        quantile: 0.975,
      });
      expect(body.horizon).toEqual({ from: '2026-11-23T12:00:00.000Z', to: '2026-12-07T12:00:00.000Z' });
      expect(body.createdBy).toBe('plan token');
      const plan = body.plan;
      expect(plan.steps.length).toBeGreaterThan(2);
      expect(plan.steps[0].reason).toEqual(expect.any(String));
      expect(['hetzner', 'stackit']).toContain(plan.instanceType.provider);
      expect(plan.rightsizing.runnersUp.length).toBeGreaterThan(0);
      expect(plan.alternatives.map((a: { kind: string }) => a.kind)).toEqual(
        expect.arrayContaining(['static-peak', 'current-size'].slice(0, 1)),
      );
      const { compute, storage, egress, backup, total } = plan.cost.planning;
      const sum = [compute, storage, egress, backup].reduce(
        (s, m) => s + BigInt(m.amount.replace('.', '')),
        0n,
      );
      expect(sum).toBe(BigInt(total.amount.replace('.', '')));
      expect(Number(body.cost.p50)).toBeLessThanOrEqual(Number(body.cost.planning));
      expect(body.cost.planning).toBe(total.amount);
    });

    it('recomputes every number from the stored input', async () => {
      const input = (await (
        await app.request(`/v1/plans/${planId}/input`, { headers: bearer(tenant.tokens.read) })
      ).json()) as PlanInputRecord;
      expect(input.catalogIds.every((id) => id.startsWith('builtin:'))).toBe(true);
      const stored = await (
        await app.request(`/v1/plans/${planId}`, { headers: bearer(tenant.tokens.read) })
      ).json();
      const again = await withTenant(database, tenant.id, async (tx) =>
        buildPlan(planInputOf(input, await loadCatalogsById(tx, input.catalogIds))),
      );
      expect(toJson(again)).toEqual(stored.plan);
    });

    it('makes a new version for the same service', async () => {
      const res = await app.request(
        '/v1/plans',
        jsonRequest('POST', tenant.tokens.plan, { serviceId, horizon: 'P7D', quantile: 0.99 }),
      );
      expect(res.status).toBe(201);
      const body = await res.json();
      expect(body).toMatchObject({ version: 2, quantile: 0.99 });
      const list = await (
        await app.request(`/v1/plans?serviceId=${serviceId}`, { headers: bearer(tenant.tokens.read) })
      ).json();
      expect(list.items.map((p: { version: number }) => p.version)).toEqual([2, 1]);
      const first = await (
        await app.request(`/v1/plans?serviceId=${serviceId}&limit=1`, { headers: bearer(tenant.tokens.read) })
      ).json();
      expect(first.items.map((p: { version: number }) => p.version)).toEqual([2]);
      const next = await (
        await app.request(`/v1/plans?serviceId=${serviceId}&limit=1&cursor=${first.nextCursor}`, {
          headers: bearer(tenant.tokens.read),
        })
      ).json();
      expect(next.items.map((p: { version: number }) => p.version)).toEqual([1]);
      const bad = await app.request('/v1/plans?cursor=nonsense', { headers: bearer(tenant.tokens.read) });
      expect(bad.status).toBe(400);
    });

    it.each([
      [{ serviceId: 'x', horizon: 'P7D' }, '/serviceId', 400],
      [{ horizon: 'P7D' }, '/serviceId', 400],
      [{ serviceId: '00000000-0000-4000-8000-000000000000', horizon: 'P3D' }, '/horizon', 400],
      [{ serviceId: '00000000-0000-4000-8000-000000000000', horizon: 'P400D' }, '/horizon', 400],
      [
        { serviceId: '00000000-0000-4000-8000-000000000000', horizon: 'P7D', quantile: 0.3 },
        '/quantile',
        400,
      ],
    ])('answers 400 for %j at %s', async (body, pointer, status) => {
      const res = await app.request('/v1/plans', jsonRequest('POST', tenant.tokens.plan, body));
      expect(res.status).toBe(status);
      const problem = await res.json();
      expect(problem.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    });

    it('answers 400 for an unknown provider and for a service without a capacity model', async () => {
      const unknown = await app.request(
        '/v1/plans',
        jsonRequest('POST', tenant.tokens.plan, { serviceId, horizon: 'P7D', providers: ['nimbus'] }),
      );
      expect(unknown.status).toBe(400);
      expect((await unknown.json()).errors[0].pointer).toBe('/providers/0');
      const bare = await seedLoad(database, tenant.id, 'bare');
      const res = await app.request(
        '/v1/plans',
        jsonRequest('POST', tenant.tokens.plan, { serviceId: bare, horizon: 'P7D' }),
      );
      expect(res.status).toBe(400);
      expect((await res.json()).errors[0].pointer).toBe('/serviceId');
    });

    it('plans storage and its backup from the service’s own storage series', async () => {
      const id = await seedLoad(database, tenant.id, 'akten', true);
      const spec = { ...capacitySpec, storage: { metric: 'storage_gib' } };
      expect(
        (await app.request(`/v1/services/${id}/capacity`, jsonRequest('PUT', tenant.tokens.plan, spec)))
          .status,
      ).toBe(201);
      const res = await app.request(
        '/v1/plans',
        jsonRequest('POST', tenant.tokens.plan, { serviceId: id, horizon: 'P7D' }),
      );
      const body = await res.json();
      expect(res.status, JSON.stringify(body).slice(0, 300)).toBe(201);
      expect(Number(body.plan.cost.planning.storage.amount)).toBeGreaterThan(0);
      expect(Number(body.plan.cost.planning.backup.amount)).toBeGreaterThan(0);
      const input = await (
        await app.request(`/v1/plans/${body.id}/input`, { headers: bearer(tenant.tokens.read) })
      ).json();
      expect(input.forecasts.map((f: { metric: string }) => f.metric)).toEqual([
        'requests_per_second',
        'storage_gib',
      ]);
      expect(input.resources.blockGib.planning).toHaveLength(7 * 24);
      const missing = { ...capacitySpec, egress: { metric: 'egress_gib' } };
      await app.request(`/v1/services/${id}/capacity`, jsonRequest('PUT', tenant.tokens.plan, missing));
      const bad = await app.request(
        '/v1/plans',
        jsonRequest('POST', tenant.tokens.plan, { serviceId: id, horizon: 'P7D' }),
      );
      expect(bad.status).toBe(400);
      expect((await bad.json()).errors[0].pointer).toBe('/egress/metric');
    });

    it('answers 404 for another tenant’s service, 401 without and 403 with a read token', async () => {
      const res = await app.request(
        '/v1/plans',
        jsonRequest('POST', other.tokens.plan, { serviceId, horizon: 'P7D' }),
      );
      expect(res.status).toBe(404);
      expect((await app.request('/v1/plans', { method: 'POST' })).status).toBe(401);
      const read = await app.request(
        '/v1/plans',
        jsonRequest('POST', tenant.tokens.read, { serviceId, horizon: 'P7D' }),
      );
      expect(read.status).toBe(403);
    });
  });

  describe('GET /v1/plans/{id}', () => {
    it('shows the plan to its tenant and 404 to another', async () => {
      const mine = await app.request(`/v1/plans/${planId}`, { headers: bearer(tenant.tokens.read) });
      expect(mine.status).toBe(200);
      expect((await mine.json()).plan.steps.length).toBeGreaterThan(0);
      const theirs = await app.request(`/v1/plans/${planId}`, { headers: bearer(other.tokens.admin) });
      expect(theirs.status).toBe(404);
      const input = await app.request(`/v1/plans/${planId}/input`, { headers: bearer(other.tokens.admin) });
      expect(input.status).toBe(404);
      expect(
        (await app.request(`/v1/plans/${planId}`, { method: 'DELETE', headers: bearer(other.tokens.admin) }))
          .status,
      ).toBe(404);
      const list = await (await app.request('/v1/plans', { headers: bearer(other.tokens.read) })).json();
      expect(list.items).toEqual([]);
    });

    it('lets an embed token read only the plans it names', async () => {
      const created = await app.request(
        '/v1/tokens',
        jsonRequest('POST', tenant.tokens.admin, {
          name: 'Intranet',
          kind: 'embed',
          resources: [`plan:${planId}`],
          allowedOrigins: ['https://intranet.musterstadt.de'],
          expiresIn: '30d',
        }),
      );
      expect(created.status).toBe(201);
      const embed = { secret: (await created.json()).token as string };
      const ok = await app.request(`/v1/plans/${planId}`, { headers: bearer(embed.secret) });
      expect(ok.status).toBe(200);
      const list = await (await app.request('/v1/plans', { headers: bearer(embed.secret) })).json();
      expect(list.items.map((p: { id: string }) => p.id)).toEqual([planId]);
      const others = (
        await (await app.request('/v1/plans', { headers: bearer(tenant.tokens.read) })).json()
      ).items
        .map((p: { id: string }) => p.id)
        .filter((id: string) => id !== planId);
      for (const id of others) {
        expect((await app.request(`/v1/plans/${id}`, { headers: bearer(embed.secret) })).status).toBe(404);
      }
      expect((await app.request('/v1/catalogs', { headers: bearer(embed.secret) })).status).toBe(403);
      const approve = await app.request(`/v1/plans/${planId}/approve`, {
        method: 'POST',
        headers: bearer(embed.secret),
      });
      expect(approve.status).toBe(403);
    });
  });

  describe('POST /v1/scenarios', () => {
    it('returns the scenario next to the base plan', async () => {
      const res = await app.request(
        '/v1/scenarios',
        jsonRequest('POST', tenant.tokens.plan, { planId, growthPerYear: 50, priceChange: 10 }),
      );
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.applied).toHaveLength(2);
      const stored = await (
        await app.request(`/v1/plans/${planId}`, { headers: bearer(tenant.tokens.read) })
      ).json();
      expect(body.base).toEqual(stored.plan);
      expect(Number(body.difference.planning.amount)).toBeGreaterThan(0);
    });

    it('plans on another provider', async () => {
      const res = await app.request(
        '/v1/scenarios',
        jsonRequest('POST', tenant.tokens.plan, { planId, provider: 'ionos' }),
      );
      const body = await res.json();
      expect(res.status, JSON.stringify(body)).toBe(200);
      expect(body.scenario.instanceType.provider).toBe('ionos');
    });

    it('answers 404 for another tenant’s plan and 400 for a bad change', async () => {
      expect(
        (
          await app.request(
            '/v1/scenarios',
            jsonRequest('POST', other.tokens.plan, { planId, priceChange: 5 }),
          )
        ).status,
      ).toBe(404);
      const bad = await app.request(
        '/v1/scenarios',
        jsonRequest('POST', tenant.tokens.plan, { planId, priceChange: -150 }),
      );
      expect(bad.status).toBe(400);
      expect((await bad.json()).errors[0].pointer).toBe('/priceChange');
    });
  });

  describe('POST /v1/plans/{id}/approve', () => {
    it('records the token name and time, then refuses every change with 409', async () => {
      const res = await app.request(`/v1/plans/${planId}/approve`, {
        method: 'POST',
        headers: bearer(tenant.tokens.plan),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        status: 'approved',
        approvedBy: 'plan token',
        approvedAt: '2026-11-23T12:00:00.000Z',
      });
      const twice = await app.request(`/v1/plans/${planId}/approve`, {
        method: 'POST',
        headers: bearer(tenant.tokens.admin),
      });
      expect(twice.status).toBe(409);
      const remove = await app.request(`/v1/plans/${planId}`, {
        method: 'DELETE',
        headers: bearer(tenant.tokens.plan),
      });
      expect(remove.status).toBe(409);
      const theirs = await app.request(`/v1/plans/${planId}/approve`, {
        method: 'POST',
        headers: bearer(other.tokens.plan),
      });
      expect(theirs.status).toBe(404);
    });

    it('is enforced by the database as well', async () => {
      await expect(
        withTenant(database, tenant.id, (tx) =>
          tx.updateTable('plans').set({ cost_p50: '0' }).where('id', '=', planId).execute(),
        ),
      ).rejects.toThrow(/approved/);
    });

    it('keeps a comment with the approval, audits it, and lets it be withdrawn until the first step starts', async () => {
      const created = await app.request(
        '/v1/plans',
        jsonRequest('POST', tenant.tokens.plan, { serviceId, horizon: 'P14D' }),
      );
      expect(created.status).toBe(201);
      const id = (await created.json()).id as string;
      const bad = await app.request(
        `/v1/plans/${id}/approve`,
        jsonRequest('POST', tenant.tokens.plan, { comment: 'x'.repeat(2001) }),
      );
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toBe('application/problem+json');
      expect((await bad.json()).errors[0].pointer).toBe('/comment');
      const notApproved = await app.request(`/v1/plans/${id}/withdraw`, {
        method: 'POST',
        headers: bearer(tenant.tokens.plan),
      });
      expect(notApproved.status).toBe(409);
      const approved = await app.request(
        `/v1/plans/${id}/approve`,
        jsonRequest('POST', tenant.tokens.plan, { comment: '  Vorbehaltlich Haushaltsbeschluss  ' }),
      );
      expect(approved.status).toBe(200);
      expect(await approved.json()).toMatchObject({
        status: 'approved',
        approvedBy: 'plan token',
        approvalComment: 'Vorbehaltlich Haushaltsbeschluss',
      });
      const read = await app.request(`/v1/plans/${id}`, { headers: bearer(tenant.tokens.read) });
      expect((await read.json()).approvalComment).toBe('Vorbehaltlich Haushaltsbeschluss');
      const reader = await app.request(`/v1/plans/${id}/withdraw`, {
        method: 'POST',
        headers: bearer(tenant.tokens.read),
      });
      expect(reader.status).toBe(403);
      // Half an hour before the first step (the next full hour after computing, 12:00): withdrawn.
      const early = testApp(database, { clock: () => new Date(testNow.getTime() - 30 * 60_000) }).app;
      const withdrawn = await early.request(`/v1/plans/${id}/withdraw`, {
        method: 'POST',
        headers: bearer(tenant.tokens.plan),
      });
      expect(withdrawn.status).toBe(200);
      expect(await withdrawn.json()).toMatchObject({
        status: 'draft',
        approvedBy: null,
        approvedAt: null,
        approvalComment: null,
      });
      // Approved again (without a comment); at 12:00 the first step has started: too late.
      const again = await app.request(`/v1/plans/${id}/approve`, {
        method: 'POST',
        headers: bearer(tenant.tokens.plan),
      });
      expect(await again.json()).toMatchObject({ status: 'approved', approvalComment: null });
      const late = await app.request(`/v1/plans/${id}/withdraw`, {
        method: 'POST',
        headers: bearer(tenant.tokens.plan),
      });
      expect(late.status).toBe(409);
      expect(late.headers.get('content-type')).toBe('application/problem+json');
      expect((await late.json()).detail).toMatch(/first step .* started at 2026-11-23T12:00:00.000Z/);
      const audit = await (
        await app.request(`/v1/audit?resource=plan:${id}`, { headers: bearer(tenant.tokens.admin) })
      ).json();
      const actions = audit.items.map((e: { action: string }) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['plan.create', 'plan.approve', 'plan.withdraw']));
      const commented = audit.items.find((e: { detail: { comment?: string } }) => e.detail.comment);
      expect(commented?.detail).toMatchObject({ comment: 'Vorbehaltlich Haushaltsbeschluss' });
    });

    it('deletes a draft', async () => {
      const list = await (
        await app.request(`/v1/plans?serviceId=${serviceId}`, { headers: bearer(tenant.tokens.read) })
      ).json();
      const draft = list.items.find((p: { status: string }) => p.status === 'draft');
      const res = await app.request(`/v1/plans/${draft.id}`, {
        method: 'DELETE',
        headers: bearer(tenant.tokens.plan),
      });
      expect(res.status).toBe(204);
    });
  });
});
