import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/database.ts';
import { insertEvent } from '../../src/store/event-store.ts';
import { ensureSeries, writeSamples } from '../../src/store/series-store.ts';
import { insertService } from '../../src/store/service-store.ts';
import { withTenant } from '../../src/store/with-tenant.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { bearer, seedTenant, type TestTenant, testApp } from '../support/test-app.ts';

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly scope: string;
  readonly role: string | undefined;
}

/** Every operation the OpenAPI document lists, so that a new route joins these tests by existing. */
async function operations(app: ReturnType<typeof testApp>['app']): Promise<Operation[]> {
  const doc = (await (await app.request('/openapi.json')).json()) as {
    paths: Record<string, Record<string, { 'x-lastplan-scope'?: string; 'x-lastplan-role'?: string }>>;
  };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      scope: op['x-lastplan-scope'] ?? '',
      role: op['x-lastplan-role'],
    })),
  );
}

/** The path with every `{param}` filled in; ids of tenant A where the route takes an id. */
function concrete(path: string, id: string): string {
  return path.replace(/\{[^}]+\}/g, id);
}

describe.each(testBackends())('every route on %s', (backend) => {
  let database: Database;
  let app: ReturnType<typeof testApp>['app'];
  let ops: Operation[];
  let a: TestTenant;
  let b: TestTenant;
  let serviceOfA: string;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    app = testApp(database).app;
    ops = await operations(app);
    a = await seedTenant(database, 'stadt-a');
    b = await seedTenant(database, 'stadt-b');
    serviceOfA = crypto.randomUUID();
    await withTenant(database, a.id, async (tx) => {
      await insertService(tx, a.id, serviceOfA, { key: 'geheim', name: 'Geheim' });
      const series = await ensureSeries(tx, a.id, crypto.randomUUID(), {
        serviceId: serviceOfA,
        metric: 'requests_per_second',
        unit: '1/s',
        kind: 'gauge',
        labels: {},
      });
      const start = Date.parse('2026-10-01T00:00:00Z');
      await writeSamples(
        tx,
        a.id,
        series.id,
        Array.from({ length: 24 * 30 }, (_, i) => ({ ts: start + i * 3_600_000, value: 1 + (i % 24) })),
      );
      await insertEvent(tx, a.id, crypto.randomUUID(), {
        kind: 'election',
        name: 'Geheimwahl',
        startsAt: new Date('2026-12-06T00:00:00Z'),
        endsAt: new Date('2026-12-06T18:00:00Z'),
        region: '',
        serviceIds: [serviceOfA],
        expectedUplift: '0.5',
      });
    });
  });
  afterAll(() => database?.close());

  it('documents every API route the app serves in /openapi.json', () => {
    const documented = new Set(ops.map((op) => `${op.method} ${op.path}`));
    const served = app.routes
      .filter((r) => r.method !== 'ALL' && /^\/(v1|otlp|api)\//.test(r.path))
      .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`);
    expect(served.length).toBeGreaterThan(5);
    for (const route of served) expect(documented, route).toContain(route);
  });

  it('declares a scope on every operation, and only health and the document are public', () => {
    expect(ops.length).toBeGreaterThan(5);
    for (const op of ops) {
      expect(op.scope, `${op.method} ${op.path}`).toMatch(/^(public|ingest|read|plan|finance|admin)$/);
      if (op.scope === 'public')
        expect(['/healthz', '/readyz'], `${op.method} ${op.path}`).toContain(op.path);
    }
  });

  it('names the role a person needs on every operation but the public and the ingest ones', () => {
    const roleOf: Record<string, string | undefined> = {
      public: undefined,
      ingest: undefined,
      read: 'viewer',
      plan: 'planner',
      finance: 'finance',
      admin: 'admin',
    };
    for (const op of ops) expect(op.role, `${op.method} ${op.path}`).toBe(roleOf[op.scope]);
  });

  it('answers 401 problem+json without a token on every non-public operation', async () => {
    for (const op of ops.filter((o) => o.scope !== 'public')) {
      const res = await app.request(concrete(op.path, serviceOfA), { method: op.method });
      expect(res.status, `${op.method} ${op.path}`).toBe(401);
      expect(res.headers.get('content-type'), `${op.method} ${op.path}`).toBe('application/problem+json');
    }
  });

  it('answers 403 to a token without the scope on every operation that needs one', async () => {
    for (const op of ops.filter((o) => o.scope !== 'public' && o.scope !== 'admin')) {
      // A token holding one other, non-admin scope lacks this one.
      const other = op.scope === 'ingest' ? a.tokens.read : a.tokens.ingest;
      const res = await app.request(concrete(op.path, serviceOfA), {
        method: op.method,
        headers: bearer(other),
      });
      expect(res.status, `${op.method} ${op.path}`).toBe(403);
    }
    for (const op of ops.filter((o) => o.scope === 'admin')) {
      const res = await app.request(concrete(op.path, serviceOfA), {
        method: op.method,
        headers: bearer(a.tokens.plan),
      });
      expect(res.status, `${op.method} ${op.path}`).toBe(403);
    }
  });

  it("never shows or changes tenant A's resources through tenant B's admin token, on any operation with an id", async () => {
    // Every id tenant A can see through the list operations: services, series, events, tokens …
    const idsOfA = new Set<string>([serviceOfA]);
    for (const op of ops.filter(
      (o) => o.method === 'GET' && !o.path.includes('{') && o.path.startsWith('/v1/'),
    )) {
      const text = await (await app.request(op.path, { headers: bearer(a.tokens.admin) })).text();
      for (const id of text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? [])
        idsOfA.add(id);
    }
    idsOfA.delete(a.id);
    expect(idsOfA.size).toBeGreaterThan(3);
    for (const op of ops.filter((o) => o.path.includes('{'))) {
      for (const id of idsOfA) {
        const init: RequestInit = {
          method: op.method,
          headers: bearer(b.tokens.admin, { 'content-type': 'application/json' }),
        };
        if (!['GET', 'DELETE', 'HEAD'].includes(op.method)) init.body = '{}';
        const res = await app.request(concrete(op.path, id), init);
        // 404 for A's ids; a body B could never send validly may fail validation (400) first.
        expect([400, 404, 422], `${op.method} ${op.path} with ${id} answered ${res.status}`).toContain(
          res.status,
        );
        const text = await res.text();
        expect(text, `${op.method} ${op.path}`).not.toContain('Geheim');
      }
    }
    const still = await app.request(`/v1/services/${serviceOfA}`, { headers: bearer(a.tokens.read) });
    expect(still.status).toBe(200);
    const tokens = await (await app.request('/v1/tokens', { headers: bearer(a.tokens.admin) })).json();
    expect(tokens.items.every((t: { revokedAt: string | null }) => t.revokedAt === null)).toBe(true);
  });

  it('lists nothing of tenant A to tenant B on any list operation', async () => {
    for (const op of ops.filter(
      (o) => o.method === 'GET' && !o.path.includes('{') && o.path.startsWith('/v1/'),
    )) {
      const res = await app.request(op.path, { headers: bearer(b.tokens.admin) });
      const text = await res.text();
      expect(text, `GET ${op.path}`).not.toContain(serviceOfA);
      expect(text, `GET ${op.path}`).not.toContain('Geheim');
    }
  });
});
