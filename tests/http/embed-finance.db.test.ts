import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/database.ts';
import { type FinanceTenant, seedFinanceTenant } from '../finance/finance-setup.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { bearer, jsonRequest, testApp } from '../support/test-app.ts';

const INTRANET = 'https://intranet.musterstadt.de';
const FOREIGN = 'https://evil.example.org';

describe.each(testBackends())('finance widgets with an embed token on %s', (backend) => {
  let database: Database;
  let app: ReturnType<typeof testApp>['app'];
  let tenant: FinanceTenant;
  let grantId: string;
  let otherGrantId: string;
  let budgetId: string;
  let embed: string;

  async function created(path: string, body: unknown): Promise<string> {
    const res = await app.request(path, jsonRequest('POST', tenant.tokens.finance, body));
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as { id: string }).id;
  }

  const grant = (reference: string) => ({
    programme: 'Digitalisierung',
    funder: 'Land',
    referenceNumber: reference,
    amount: '4000',
    period: { start: '2026-01-01', end: '2026-12-31' },
    eligibleServiceIds: [tenant.services.wahlschein],
    coFundingRate: '0.8',
  });

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    app = testApp(database).app;
    tenant = await seedFinanceTenant(database, 'widgets');
    grantId = await created('/v1/grants', grant('G-1'));
    otherGrantId = await created('/v1/grants', grant('G-2'));
    budgetId = await created('/v1/budgets', {
      name: 'IT-Betrieb',
      fiscalYear: 2026,
      amount: '1000',
      serviceIds: [tenant.services.wahlschein],
      allocationKey: {
        name: 'Einwohner 2025',
        basis: 'inhabitants',
        shares: [
          { memberId: 'a', memberName: 'Stadt A', weight: '2' },
          { memberId: 'b', memberName: 'Gemeinde B', weight: '1' },
        ],
      },
    });
    const res = await app.request(
      '/v1/tokens',
      jsonRequest('POST', tenant.tokens.admin, {
        name: 'Intranet Kämmerei',
        kind: 'embed',
        resources: [`grant:${grantId}`, `budget:${budgetId}`],
        allowedOrigins: [INTRANET],
      }),
    );
    expect(res.status).toBe(201);
    embed = ((await res.json()) as { token: string }).token;
  });
  afterAll(async () => {
    await database?.close();
  });

  const get = (path: string, origin: string) => app.request(path, { headers: bearer(embed, { origin }) });

  it.each([
    ['grant', () => `/v1/grants/${grantId}`],
    ['grant status', () => `/v1/grants/${grantId}/status`],
    ['budget line', () => `/v1/budgets/${budgetId}`],
    ['budget status', () => `/v1/budgets/${budgetId}/status`],
    ['budget statements', () => `/v1/budgets/${budgetId}/statements`],
  ])('reads the %s it names, from its page', async (_what, path) => {
    const res = await get(path(), INTRANET);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(INTRANET);
  });

  it.each([
    ['another grant', () => `/v1/grants/${otherGrantId}`, /may read only the resources it names, and grant:/],
    ['the list of grants', () => '/v1/grants', /lacks the role "finance"/],
    ['the proof of use', () => `/v1/grants/${grantId}/proof-of-use`, /lacks the role "finance"/],
    ['the services', () => '/v1/services', /.+/],
  ])('refuses %s, and the page can read why', async (_what, path, reason) => {
    const res = await get(path(), INTRANET);
    if (res.status === 200) {
      // The services list answers, holding only what the token names (no service here).
      expect(((await res.json()) as { items: unknown[] }).items).toEqual([]);
      return;
    }
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBe(INTRANET);
    expect(((await res.json()) as { detail: string }).detail).toMatch(reason);
  });

  it("refuses a page it is not made for with the server's reason, readable there", async () => {
    const res = await get(`/v1/grants/${grantId}`, FOREIGN);
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBe(FOREIGN);
    expect(((await res.json()) as { detail: string }).detail).toBe(
      `this embed token may not be used from ${FOREIGN}`,
    );
    const unknown = await app.request(`/v1/grants/${grantId}`, {
      headers: bearer('lp_not_a_token_at_all_0123456789abcdef', { origin: FOREIGN }),
    });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('access-control-allow-origin')).toBe(FOREIGN);
  });

  it('refuses, when the token is created, resources an embed token cannot read or that do not exist', async () => {
    const create = (resources: string[]) =>
      app.request(
        '/v1/tokens',
        jsonRequest('POST', tenant.tokens.admin, {
          name: 'x',
          kind: 'embed',
          resources,
          allowedOrigins: [INTRANET],
        }),
      );
    const event = await create([`grant:${grantId}`, `event:${crypto.randomUUID()}`]);
    expect(event.status).toBe(400);
    expect(await event.json()).toMatchObject({
      errors: [{ pointer: '/resources/1', detail: expect.stringMatching(/^not readable by an embed token/) }],
    });
    const missing = await create([`budget:${crypto.randomUUID()}`]);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      errors: [{ pointer: '/resources/0', detail: 'no such budget' }],
    });
  });
});
