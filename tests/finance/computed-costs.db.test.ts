import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { money } from '../../src/domain/money.ts';
import { putCapacityModel } from '../../src/store/capacity-store.ts';
import { insertCostRecords, listCostRecords } from '../../src/store/cost-record-store.ts';
import type { Database } from '../../src/store/database.ts';
import { approvePlan, insertPlan } from '../../src/store/plan-store.ts';
import { insertService } from '../../src/store/service-store.ts';
import { withTenant } from '../../src/store/with-tenant.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { jsonRequest, testApp } from '../support/test-app.ts';
import { csvRequest, type FinanceTenant, seedFinanceTenant } from './finance-setup.ts';

const header = 'provider,region,kind,name,vcpu,memory_gib,price,currency,unit,vat_basis,valid_on,source';
/** Net prices; the tenant sees them gross (× 1.19): vm-a 0.0595 until February, 0.0714 from March. */
/** vm-c is billed hourly up to a monthly cap: 0.0119 and 5.95 gross. */
const capped = [
  'rz-test,RZ,instance,vm-c,1,2,0.01,EUR,hour,net,2026-01-01,Vertrag 1',
  'rz-test,RZ,instance,vm-c,1,2,5.00,EUR,month_cap,net,2026-01-01,Vertrag 1',
];
const january = [
  header,
  'rz-test,RZ,instance,vm-a,2,4,0.05,EUR,hour,net,2026-01-01,Vertrag 1',
  ...capped,
].join('\n');
const march = [
  header,
  'rz-test,RZ,instance,vm-a,2,4,0.06,EUR,hour,net,2026-03-01,Vertrag 2',
  'rz-test,RZ,instance,vm-b,8,32,0.25,EUR,hour,net,2026-03-01,Vertrag 2',
  // A catalog is valid from its earliest price date, so its vm-c prices carry the new date too.
  ...capped.map((row) => row.replace('2026-01-01,Vertrag 1', '2026-03-01,Vertrag 2')),
].join('\n');

const at = (iso: string) => Date.parse(iso);

interface Result {
  days: number;
  records: number;
  total: string;
  currency: string;
  services: { key: string; records: number; total: string; sources: string[] }[];
  skipped: { key: string; reason: string }[];
  warnings: string[];
}

describe.each(testBackends())('computed compute costs on %s', (backend) => {
  let database: Database;
  let app: ReturnType<typeof testApp>['app'];
  let tenant: FinanceTenant;
  let other: FinanceTenant;
  let planV1 = '';
  let planV2 = '';
  let gedeckelt = '';

  const compute = (token: string, body: unknown) =>
    app.request('/v1/costs/compute', jsonRequest('POST', token, body));

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    app = testApp(database).app;
    tenant = await seedFinanceTenant(database, 'rechnet');
    other = await seedFinanceTenant(database, 'andere');
    for (const csv of [january, march])
      expect(
        (await app.request('/v1/catalogs', jsonRequest('POST', tenant.tokens.plan, { csv }))).status,
      ).toBe(201);
    const { wahlschein, 'kfz-zulassung': kfz } = tenant.services;
    await withTenant(database, tenant.id, async (tx) => {
      const now = new Date('2026-02-01T00:00:00Z');
      await putCapacityModel(
        tx,
        tenant.id,
        wahlschein,
        { current: { provider: 'rz-test', instanceType: 'vm-a', count: 2 } },
        now,
      );
      await putCapacityModel(
        tx,
        tenant.id,
        kfz,
        { current: { provider: 'rz-test', instanceType: 'vm-a', count: 1 } },
        now,
      );
      const fremd = crypto.randomUUID();
      await insertService(tx, tenant.id, fremd, { key: 'fremd', name: 'fremd' });
      await putCapacityModel(
        tx,
        tenant.id,
        fremd,
        { current: { provider: 'nirgendwo', instanceType: 'x', count: 1 } },
        now,
      );
      gedeckelt = crypto.randomUUID();
      await insertService(tx, tenant.id, gedeckelt, { key: 'gedeckelt', name: 'gedeckelt' });
      await putCapacityModel(
        tx,
        tenant.id,
        gedeckelt,
        { current: { provider: 'rz-test', instanceType: 'vm-c', count: 2 } },
        now,
      );
      const plan = async (steps: object[], from: string, to: string, approvedAt?: string) => {
        const stored = await insertPlan(tx, tenant.id, {
          id: crypto.randomUUID(),
          serviceId: kfz,
          horizonFrom: new Date(from),
          horizonTo: new Date(to),
          quantile: 0.95,
          currency: 'EUR',
          costP50: '0',
          costPlanning: '0',
          input: {},
          result: { steps },
          createdBy: 'test',
        });
        if (approvedAt) await approvePlan(tx, stored.id, 'Kämmerei', new Date(approvedAt));
        return stored.id;
      };
      // v1: 3 × vm-a from 28 Feb noon, 1 × vm-b from 1 Mar 06:00.
      planV1 = await plan(
        [
          {
            from: at('2026-02-28T12:00:00Z'),
            to: at('2026-03-01T06:00:00Z'),
            provider: 'rz-test',
            instanceType: 'vm-a',
            count: 3,
          },
          {
            from: at('2026-03-01T06:00:00Z'),
            to: at('2026-03-02T00:00:00Z'),
            provider: 'rz-test',
            instanceType: 'vm-b',
            count: 1,
          },
        ],
        '2026-02-28T12:00:00Z',
        '2026-03-02T00:00:00Z',
        '2026-02-20T00:00:00Z',
      );
      // v2, approved later: 5 × vm-a for the first half of 1 March.
      planV2 = await plan(
        [
          {
            from: at('2026-03-01T00:00:00Z'),
            to: at('2026-03-01T12:00:00Z'),
            provider: 'rz-test',
            instanceType: 'vm-a',
            count: 5,
          },
        ],
        '2026-03-01T00:00:00Z',
        '2026-03-01T12:00:00Z',
        '2026-02-25T00:00:00Z',
      );
      // A draft is never used.
      await plan(
        [
          {
            from: at('2026-02-01T00:00:00Z'),
            to: at('2026-04-01T00:00:00Z'),
            provider: 'rz-test',
            instanceType: 'vm-a',
            count: 100,
          },
        ],
        '2026-02-01T00:00:00Z',
        '2026-04-01T00:00:00Z',
      );
      // A stale computed record of a day in the range, and one outside it.
      await insertCostRecords(tx, tenant.id, 'computed', null, [
        {
          day: '2026-02-28',
          serviceId: wahlschein,
          category: 'compute',
          amount: money('999', 'EUR'),
          source: 'alt',
        },
        {
          day: '2026-02-27',
          serviceId: wahlschein,
          category: 'compute',
          amount: money('7', 'EUR'),
          source: 'davor',
        },
      ]);
    });
    const imported = await app.request(
      '/v1/costs/imports',
      csvRequest(
        tenant.tokens.finance,
        'date,service,category,amount,currency\n2026-02-28,wahlschein,compute,100.00,EUR\n',
      ),
    );
    expect(imported.status).toBe(200);
  });
  afterAll(() => database?.close());

  const records = () =>
    withTenant(database, tenant.id, (tx) => listCostRecords(tx, { from: '2026-02-01', to: '2026-03-31' }));

  let first: Result;

  it('prices plan hours and current sizes with the catalog valid on the day, to the cent', async () => {
    const res = await compute(tenant.tokens.finance, { from: '2026-02-28', to: '2026-03-01' });
    expect(res.status).toBe(200);
    first = (await res.json()) as Result;
    expect(first.days).toBe(2);
    expect(first.records).toBe(6);
    expect(first.currency).toBe('EUR');
    // wahlschein: 48 h × 0.0595 + 48 h × 0.0714 = 2.856 + 3.4272.
    // kfz 28 Feb: 12 h × 1 × 0.0595 (current size) + 12 h × 3 × 0.0595 (v1) = 2.856;
    // kfz 1 Mar: 12 h × 5 × 0.0714 (v2) + 12 h × 1 × 0.2975 (v1, vm-b) = 4.284 + 3.57.
    // gedeckelt: both slots reached the 5.95 cap in February before the 28th (0 then), and
    // 1 March starts a new month: 2 × 24 h × 0.0119.
    expect(first.services).toEqual([
      expect.objectContaining({ key: 'gedeckelt', records: 2, total: '0.5712' }),
      expect.objectContaining({ key: 'kfz-zulassung', records: 2, total: '10.71' }),
      expect.objectContaining({ key: 'wahlschein', records: 2, total: '6.2832' }),
    ]);
    expect(first.total).toBe('17.5644');
    expect(first.skipped.map((s) => [s.key, s.reason])).toEqual([
      ['fremd', expect.stringContaining('no catalog for provider nirgendwo')],
      ['hundesteuer', expect.stringContaining('no approved plan')],
    ]);
    const computed = (await records()).filter((r) => r.origin === 'computed');
    const kfzMarch = computed.find(
      (r) => r.day === '2026-03-01' && r.serviceId === tenant.services['kfz-zulassung'],
    );
    expect(kfzMarch?.source).toContain(
      `Plan ${planV2} v2: rz-test vm-a, 5 × 12 h = 60 Instanzstunden × 0,0714 EUR/h`,
    );
    expect(kfzMarch?.source).toContain(
      `Plan ${planV1} v1: rz-test vm-b, 1 × 12 h = 12 Instanzstunden × 0,2975 EUR/h`,
    );
    expect(kfzMarch?.source).toContain('Preisliste rz-test 2026-03-01');
    const kfzFeb = computed.find(
      (r) => r.day === '2026-02-28' && r.serviceId === tenant.services['kfz-zulassung'],
    );
    expect(kfzFeb?.source).toContain('Kapazitätsmodell: rz-test vm-a, 1 × 12 h');
    expect(kfzFeb?.source).toContain('Preisliste rz-test 2026-01-01');
  });

  it('replaces the computed records of the days on a second run, never doubling them', async () => {
    const again = (await (
      await compute(tenant.tokens.finance, { from: '2026-02-28', to: '2026-03-01' })
    ).json()) as Result;
    expect(again).toEqual(first);
    const computed = (await records()).filter((r) => r.origin === 'computed');
    expect(computed.map((r) => r.source)).not.toContain('alt');
    expect(computed.filter((r) => r.day >= '2026-02-28')).toHaveLength(6);
    // Outside the range: kept.
    expect(computed.filter((r) => r.day === '2026-02-27').map((r) => r.source)).toEqual(['davor']);
  });

  it('stops charging an instance once it has billed the monthly cap, counting from the 1st', async () => {
    const january = (await (
      await compute(tenant.tokens.finance, { from: '2026-01-01', to: '2026-01-31' })
    ).json()) as Result;
    // Per slot: 500 h × 0.0119 = 5.95, reached on 21 January at 20:00.
    expect(january.services.find((s) => s.key === 'gedeckelt')?.total).toBe('11.90');
    const byDay = new Map(
      (
        await withTenant(database, tenant.id, (tx) =>
          listCostRecords(tx, { from: '2026-01-01', to: '2026-01-31' }),
        )
      )
        .filter((r) => r.serviceId === gedeckelt)
        .map((r) => [r.day, r]),
    );
    expect(byDay.size).toBe(31);
    expect(byDay.get('2026-01-20')?.amount).toEqual(money('0.5712', 'EUR'));
    expect(byDay.get('2026-01-21')?.amount).toEqual(money('0.476', 'EUR'));
    expect(byDay.get('2026-01-22')?.amount).toEqual(money('0', 'EUR'));
    expect(byDay.get('2026-01-22')?.source).toContain(
      'Monatsdeckel rz-test vm-c 5,95 EUR je Instanz: −0,5712 EUR',
    );
    // A range in the middle of the month still knows what the month billed before it.
    const late = (await (
      await compute(tenant.tokens.finance, { from: '2026-01-25', to: '2026-01-26' })
    ).json()) as Result;
    expect(late.services.find((s) => s.key === 'gedeckelt')?.total).toBe('0.00');
  });

  it('books each day once when two computations of the same days run at the same time', async () => {
    const body = { from: '2026-02-28', to: '2026-03-01' };
    const results = await Promise.all([
      compute(tenant.tokens.finance, body),
      compute(tenant.tokens.finance, body),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const computed = (await records()).filter((r) => r.origin === 'computed' && r.day >= '2026-02-28');
    expect(computed).toHaveLength(6);
  });

  it('leaves imported records alone', async () => {
    const imported = (await records()).filter((r) => r.origin !== 'computed');
    expect(imported).toHaveLength(1);
    expect(imported[0]).toMatchObject({ day: '2026-02-28', origin: 'plain', amount: money('100', 'EUR') });
  });

  it('shows another tenant nothing and computes nothing for it', async () => {
    const res = (await (
      await compute(other.tokens.finance, { from: '2026-02-28', to: '2026-03-01' })
    ).json()) as Result;
    expect(res.records).toBe(0);
    expect(res.total).toBe('0.00');
    expect(res.skipped.map((s) => s.key).sort()).toEqual(['hundesteuer', 'kfz-zulassung', 'wahlschein']);
    const seen = await withTenant(database, other.id, (tx) =>
      listCostRecords(tx, { from: '2026-01-01', to: '2026-12-31' }),
    );
    expect(seen).toEqual([]);
  });

  it('needs a finance token', async () => {
    const body = JSON.stringify({ from: '2026-02-28', to: '2026-03-01' });
    const anonymous = await app.request('/v1/costs/compute', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(anonymous.status).toBe(401);
    expect((await compute(tenant.tokens.read, { from: '2026-02-28', to: '2026-03-01' })).status).toBe(403);
    expect((await compute(tenant.tokens.plan, { from: '2026-02-28', to: '2026-03-01' })).status).toBe(403);
  });

  it.each([
    [{ from: '2026-03-01', to: '2026-02-28' }, '/to'],
    [{ from: '2026-01-01', to: '2027-02-05' }, '/to'],
    [{ from: '2026-02-30', to: '2026-03-01' }, '/from'],
    [{ to: '2026-03-01' }, '/from'],
    [{ from: '2026-03-01', to: 'morgen' }, '/to'],
  ])('refuses %j with a pointer to %s', async (body, pointer) => {
    const res = await compute(tenant.tokens.finance, body);
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { pointer: string }[] };
    expect(problem.errors.map((e) => e.pointer)).toContain(pointer);
  });

  it('accepts exactly 400 days', async () => {
    const res = await compute(tenant.tokens.finance, { from: '2026-01-01', to: '2027-02-04' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Result).days).toBe(400);
  });
});
