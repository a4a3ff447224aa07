import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditActions } from '../../src/http/audit-writes.ts';
import type { Database } from '../../src/store/database.ts';
import { insertSession } from '../../src/store/session-store.ts';
import { withTenant } from '../../src/store/with-tenant.ts';
import { hashToken, newSessionSecret } from '../../src/tenancy/token-secret.ts';
import { capacitySpec, seedLoad } from '../plan/plan-fixtures.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { bearer, jsonRequest, seedTenant, type TestTenant, testApp, testNow } from '../support/test-app.ts';

interface Entry {
  at: string;
  actor: { kind: string; id: string; name: string };
  action: string;
  resourceType: string;
  resourceId: string | null;
  detail: Record<string, unknown>;
  requestId: string;
  outcome: 'done' | 'refused';
}

const own = { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' };

/** A person's session as the identity-provider sign-in would start it; returns the cookie secret. */
async function personSession(database: Database, tenantId: string, name: string, roles: string[]) {
  const secret = newSessionSecret();
  await withTenant(database, tenantId, async (tx) =>
    insertSession(tx, tenantId, {
      id: crypto.randomUUID(),
      secretHash: await hashToken(secret),
      actor: { kind: 'person', id: `sub-${name}`, name },
      tokenId: null,
      roles: roles as never,
      now: testNow,
      idleSeconds: 1800,
      absoluteSeconds: 8 * 3600,
    }),
  );
  return secret;
}

describe.each(testBackends())('the audit trail on %s', (backend) => {
  let database: Database;
  let app: ReturnType<typeof testApp>['app'];
  let tenant: TestTenant;
  let other: TestTenant;
  let planId: string;
  let serviceId: string;

  /** The entries of changes that committed (refused attempts are asked for with outcome=refused). */
  const trail = async (query = '', token = tenant.tokens.admin): Promise<Entry[]> => {
    const filter = query.includes('outcome=') ? query : `${query}${query ? '&' : '?'}outcome=done`;
    const res = await app.request(`/v1/audit${filter}`, { headers: bearer(token) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: Entry[] }).items;
  };

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    app = testApp(database).app;
    tenant = await seedTenant(database, 'audit-stadt');
    other = await seedTenant(database, 'audit-nachbar');
    serviceId = await seedLoad(database, tenant.id);
    const capacity = await app.request(`/v1/services/${serviceId}/capacity`, {
      ...jsonRequest('PUT', tenant.tokens.plan, capacitySpec),
      headers: {
        ...bearer(tenant.tokens.plan, { 'content-type': 'application/json' }),
        'x-request-id': 'req-capacity',
      },
    });
    expect(capacity.status).toBe(201);
    const plan = await app.request(
      '/v1/plans',
      jsonRequest('POST', tenant.tokens.plan, { serviceId, horizon: 'P7D' }),
    );
    expect(plan.status).toBe(201);
    planId = ((await plan.json()) as { id: string }).id;
    // A person approves through the dashboard, signed in by the cookie.
    const erika = await personSession(database, tenant.id, 'Erika Mustermann', ['planner']);
    const approve = await app.request(`/v1/plans/${planId}/approve`, {
      method: 'POST',
      headers: { cookie: `lastplan_session=${erika}`, ...own, 'x-request-id': 'req-approve' },
    });
    expect(approve.status).toBe(200);
    const grant = await app.request(
      '/v1/grants',
      jsonRequest('POST', tenant.tokens.finance, {
        programme: 'Digitalisierung Kommunal',
        funder: 'Freistaat Bayern',
        referenceNumber: 'DK-7',
        amount: '1000.00',
        period: { start: '2026-01-01', end: '2026-12-31' },
        eligibleServiceIds: [],
        coFundingRate: '0.8',
      }),
    );
    expect(grant.status).toBe(201);
    const token = await app.request(
      '/v1/tokens',
      jsonRequest('POST', tenant.tokens.admin, { name: 'Zähler', scopes: ['ingest'] }),
    );
    expect(token.status).toBe(201);
    // Failed writes are no changes and leave no entry; refused ones are recorded as refused.
    expect((await app.request('/v1/grants', jsonRequest('POST', tenant.tokens.finance, {}))).status).toBe(
      400,
    );
    expect(
      (await app.request('/v1/tokens', jsonRequest('POST', tenant.tokens.plan, { name: 'x' }))).status,
    ).toBe(403);
    // Another tenant's writes stay in its own trail.
    await app.request('/v1/session', { method: 'POST', headers: bearer(other.tokens.read) });
  });
  afterAll(() => database?.close());

  it('records every write with who, what and the request id, newest first', async () => {
    const items = await trail();
    expect(items.map((e) => e.action)).toEqual([
      'token.create',
      'grant.create',
      'plan.approve',
      'plan.create',
      'capacity-model.update',
    ]);
    const [token, grant, approve, plan, capacity] = items as [Entry, Entry, Entry, Entry, Entry];
    expect(approve).toMatchObject({
      actor: { kind: 'person', id: 'sub-Erika Mustermann', name: 'Erika Mustermann' },
      resourceType: 'plan',
      resourceId: planId,
      requestId: 'req-approve',
      detail: { status: 'approved' },
    });
    expect(plan).toMatchObject({ actor: { kind: 'token', name: 'plan token' }, resourceId: planId });
    expect(capacity).toMatchObject({
      resourceType: 'service',
      resourceId: serviceId,
      requestId: 'req-capacity',
    });
    expect(grant).toMatchObject({
      resourceType: 'grant',
      detail: { programme: 'Digitalisierung Kommunal', referenceNumber: 'DK-7' },
    });
    expect(token).toMatchObject({
      actor: { name: 'admin token' },
      detail: { name: 'Zähler', scopes: ['ingest'] },
    });
    expect(JSON.stringify(token)).not.toMatch(/lp_/);
    expect(approve.at).toBe(testNow.toISOString());
  });

  it('records approvals under the person’s name in the plan too', async () => {
    const res = await app.request(`/v1/plans/${planId}`, { headers: bearer(tenant.tokens.read) });
    expect(await res.json()).toMatchObject({ approvedBy: 'Erika Mustermann' });
  });

  it('filters by action, actor, resource and time', async () => {
    expect((await trail('?action=plan.approve')).map((e) => e.requestId)).toEqual(['req-approve']);
    expect((await trail('?actor=Erika%20Mustermann')).map((e) => e.action)).toEqual(['plan.approve']);
    expect((await trail('?actor=plan%20token')).map((e) => e.action)).toEqual([
      'plan.create',
      'capacity-model.update',
    ]);
    expect((await trail(`?resource=plan:${planId}`)).map((e) => e.action)).toEqual([
      'plan.approve',
      'plan.create',
    ]);
    expect((await trail('?resource=grant')).length).toBe(1);
    expect((await trail('?from=2026-11-23T12:00:00Z&to=2026-11-23T12:00:01Z')).length).toBe(5);
    expect(await trail('?to=2026-11-23T12:00:00Z')).toEqual([]);
    const page = await app.request('/v1/audit?limit=2&outcome=done', {
      headers: bearer(tenant.tokens.admin),
    });
    const first = (await page.json()) as { items: Entry[]; nextCursor: string };
    expect(first.items).toHaveLength(2);
    const next = await trail(`?limit=10&outcome=done&cursor=${first.nextCursor}`);
    expect(next.map((e) => e.action)).toEqual(['plan.approve', 'plan.create', 'capacity-model.update']);
    const bad = await app.request('/v1/audit?from=yesterday', { headers: bearer(tenant.tokens.admin) });
    expect(bad.status).toBe(400);
  });

  it('exports CSV in the tenant’s zone', async () => {
    const res = await app.request('/v1/audit?format=csv&action=plan.approve', {
      headers: bearer(tenant.tokens.admin),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const text = await res.text();
    const lines = text.replace('\uFEFF', '').trim().split('\r\n');
    expect(lines[0]).toBe(
      'Zeitpunkt;Art;Wer;Kennung;Aktion;Ressource;Ressourcen-ID;Details;Request-ID;Ergebnis',
    );
    expect(lines[1]).toMatch(/;ausgeführt$/);
    expect(lines[1]).toContain(
      '23.11.2026 13:00;Person;Erika Mustermann;sub-Erika Mustermann;plan.approve;plan;',
    );
    expect(lines).toHaveLength(2);
  });

  it('is for admins only, and each tenant sees only its own trail', async () => {
    const res = await app.request('/v1/audit', { headers: bearer(tenant.tokens.finance) });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { requiredRole: string }).requiredRole).toBe('admin');
    const theirs = await trail('', other.tokens.admin);
    expect(theirs.map((e) => e.action)).toEqual(['session.create']);
  });

  it('cannot be changed or deleted: the request role lacks the rights, and a trigger stops even the owner', async () => {
    for (const statement of [
      sql`update audit_events set actor_name = 'Niemand'`,
      sql`delete from audit_events`,
      sql`truncate audit_events`,
    ]) {
      await expect(withTenant(database, tenant.id, (tx) => statement.execute(tx))).rejects.toThrow(
        /permission denied|append-only/,
      );
      await expect(statement.execute(database.db)).rejects.toThrow(/append-only/);
    }
    // Appending still works for the request role.
    expect((await trail()).length).toBe(5);
  });

  it('records refused writes of authenticated callers with the reason, not unauthenticated ones', async () => {
    const refused = await trail('?outcome=refused');
    expect(refused.map((e) => e.action)).toEqual(['token.create']);
    expect(refused[0]).toMatchObject({
      actor: { kind: 'token', name: 'plan token' },
      outcome: 'refused',
      detail: { route: 'POST /v1/tokens' },
    });
    expect(String(refused[0]?.detail.reason)).toContain('"admin"');
    // A cookie write from another site of the municipality is refused and recorded.
    const erika = await personSession(database, tenant.id, 'Erika Mustermann', ['finance']);
    const evil = await app.request('/v1/grants', {
      method: 'POST',
      headers: {
        cookie: `lastplan_session=${erika}`,
        origin: 'http://evil.stadt.example',
        'sec-fetch-site': 'same-site',
        'content-type': 'application/json',
        'x-request-id': 'req-evil',
      },
      body: '{}',
    });
    expect(evil.status).toBe(403);
    // Without a credential nothing is recorded: anyone could fill the table.
    expect((await app.request('/v1/grants', { method: 'POST', body: '{}' })).status).toBe(401);
    const after = await trail('?outcome=refused');
    expect(after.map((e) => [e.action, e.requestId, e.actor.name])).toEqual([
      ['grant.create', 'req-evil', 'Erika Mustermann'],
      ['token.create', refused[0]?.requestId, 'plan token'],
    ]);
    expect(String(after[0]?.detail.reason)).toContain('same-site');
  });

  it('writes the entry in the transaction of the change: when the entry cannot be written, the change rolls back', async () => {
    // A trigger (test only) that refuses the entry of one grant: the grant must not stay either.
    await sql`
      create function audit_test_refuse() returns trigger language plpgsql as $$
      begin
        if new.detail->>'referenceNumber' = 'ROLLBACK-1' then raise exception 'audit refused'; end if;
        return new;
      end $$`.execute(database.db);
    await sql`create trigger audit_test_refuse before insert on audit_events
      for each row execute function audit_test_refuse()`.execute(database.db);
    try {
      const grant = (referenceNumber: string) =>
        app.request(
          '/v1/grants',
          jsonRequest('POST', tenant.tokens.finance, {
            programme: 'Rollback',
            funder: 'Test',
            referenceNumber,
            amount: '10.00',
            period: { start: '2026-01-01', end: '2026-12-31' },
            eligibleServiceIds: [],
            coFundingRate: '0.5',
          }),
        );
      expect((await grant('ROLLBACK-1')).status).toBe(500);
      expect((await grant('COMMIT-1')).status).toBe(201);
      const stored = await withTenant(database, tenant.id, (tx) =>
        tx.selectFrom('grants').select('reference_number').where('programme', '=', 'Rollback').execute(),
      );
      expect(stored.map((g) => g.reference_number)).toEqual(['COMMIT-1']);
      const entries = await trail('?action=grant.create');
      expect(entries.map((e) => e.detail.referenceNumber)).toEqual(['COMMIT-1', 'DK-7']);
    } finally {
      await sql`drop trigger audit_test_refuse on audit_events`.execute(database.db);
      await sql`drop function audit_test_refuse()`.execute(database.db);
    }
  });

  it('names the audit action of every documented write', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { 'x-lastplan-scope'?: string }>>;
    };
    const writes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(
          ([method, op]) =>
            ['post', 'put', 'patch', 'delete'].includes(method) && op['x-lastplan-scope'] !== 'ingest',
        )
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(writes.length).toBeGreaterThan(20);
    for (const write of writes) expect(Object.keys(auditActions), write).toContain(write);
  });
});
