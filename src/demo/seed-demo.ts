import type { Logger } from '../logger.ts';
import type { Database } from '../store/database.ts';
import { type EventFields, insertEvent } from '../store/event-store.ts';
import { ensureSeries, writeSamples } from '../store/series-store.ts';
import { insertService } from '../store/service-store.ts';
import { createTenant, listTenants } from '../store/tenant-store.ts';
import { withTenant } from '../store/with-tenant.ts';
import { issueToken } from '../tenancy-service/issue-token.ts';
import { demoElections, demoLoad, demoServices, demoUpcomingElection } from './demo-load.ts';
import { seedFinance } from './seed-finance.ts';
import { seedPlans } from './seed-plans.ts';

export const DEMO_SLUG = 'musterstadt';

const DAY_MS = 86_400_000;

/**
 * An election as a user records it for the load it brings: the postal-vote window from the day
 * applications open (six weeks before, as in demo-load.ts) to the close of the polls at 18:00 on
 * election day, and the application deadline's last week (to Friday 18:00) as a deadline of its
 * own. The election day alone would leave the rush outside any event, so the forecaster could
 * neither learn it from past elections nor apply it to the next one; the final week on its own
 * lets the forecast rise to the last days' peak instead of one mean uplift over six weeks.
 * All demo dates are in winter (CET, +01:00).
 */
function electionEvents(
  election: { name: string; date: string; region: string; expectedUplift: string | null },
  serviceIds: readonly string[],
): EventFields[] {
  const day = Date.parse(`${election.date}T00:00:00+01:00`);
  const common = { region: election.region, serviceIds };
  return [
    {
      ...common,
      kind: 'election',
      name: election.name,
      startsAt: new Date(day - 42 * DAY_MS),
      endsAt: new Date(`${election.date}T18:00:00+01:00`),
      expectedUplift: election.expectedUplift,
    },
    {
      ...common,
      kind: 'deadline',
      name: `Briefwahl-Endspurt ${election.name}`,
      startsAt: new Date(day - 9 * DAY_MS),
      endsAt: new Date(day - 2 * DAY_MS + 18 * 3_600_000),
      expectedUplift: null,
    },
  ];
}

const HISTORY_START = Date.parse('2025-01-01T00:00:00Z');

export interface DemoSeed {
  readonly tenantId: string;
  /** Token for the dashboard: reads, plans and finance, not ingest or admin. */
  readonly readToken: string;
  /** LASTPLAN_ADMIN_TOKEN, stored as the tenant's admin token, if it was given. */
  readonly adminToken?: string;
  readonly samples: number;
}

/**
 * Creates the demo tenant Musterstadt (Bavaria) with five services and hourly metrics from
 * 2025-01-01 to `now`, two past elections and an upcoming local vote, on an empty database only.
 * Returns undefined when the database has a tenant already: a second start never seeds again.
 */
export async function seedDemo(
  database: Database,
  deps: { now: Date; newId: () => string; logger: Logger; adminToken?: string | undefined },
): Promise<DemoSeed | undefined> {
  if ((await listTenants(database)).length > 0) return undefined;
  const tenant = await createTenant(database, deps.newId(), {
    slug: DEMO_SLUG,
    name: 'Musterstadt',
    federalState: 'BY',
  });
  const load = demoLoad(HISTORY_START, deps.now.getTime());
  const serviceIds = new Map<string, string>();
  let samples = 0;
  await withTenant(database, tenant.id, async (tx) => {
    for (const service of demoServices) {
      const created = await insertService(tx, tenant.id, deps.newId(), {
        key: service.key,
        name: service.name,
        owner: service.owner,
        costCentre: service.costCentre,
        tags: { demo: 'true' },
      });
      serviceIds.set(service.key, created.id);
    }
    for (const series of load) {
      const serviceId = serviceIds.get(series.service.key) as string;
      const stored = await ensureSeries(tx, tenant.id, deps.newId(), {
        serviceId,
        metric: series.metric,
        unit: series.unit,
        kind: 'gauge',
        labels: {},
      });
      for (let i = 0; i < series.points.length; i += 20_000) {
        const result = await writeSamples(tx, tenant.id, stored.id, series.points.slice(i, i + 20_000));
        samples += result.inserted;
      }
    }
    const electionServices = ['briefwahl', 'buergerkonto'].map((key) => serviceIds.get(key) as string);
    const elections = [...demoElections.map((e) => ({ ...e, expectedUplift: null })), demoUpcomingElection];
    for (const election of elections) {
      for (const event of electionEvents(election, electionServices)) {
        await insertEvent(tx, tenant.id, deps.newId(), event);
      }
    }
    await seedPlans(tx, tenant.id, serviceIds, deps.now);
    await seedFinance(tx, tenant.id, serviceIds, deps.now, deps.newId);
  });
  const read = await issueToken(database, tenant.id, {
    id: deps.newId(),
    name: 'Demo (read, plan, finance)',
    scopes: ['read', 'plan', 'finance'],
    expiresAt: null,
  });
  const admin = deps.adminToken
    ? await issueToken(database, tenant.id, {
        id: deps.newId(),
        name: 'Admin (LASTPLAN_ADMIN_TOKEN)',
        scopes: ['admin'],
        expiresAt: null,
        secret: deps.adminToken,
      })
    : undefined;
  deps.logger.info('demo tenant created', { tenant: tenant.id, services: demoServices.length, samples });
  return {
    tenantId: tenant.id,
    readToken: read.secret,
    ...(admin ? { adminToken: admin.secret } : {}),
    samples,
  };
}
