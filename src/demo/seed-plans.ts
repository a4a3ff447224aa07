/**
 * Planning data of the demo tenant: a capacity model per demo service, so that a plan can be
 * built for any of them right after the demo starts.
 */
import type { CapacitySpec } from '../plan/capacity-spec.ts';
import { putCapacityModel } from '../store/capacity-store.ts';
import type { TenantTx } from '../store/with-tenant.ts';

/**
 * Requests per second one vCPU serves, per service: a form-heavy service with PDF generation
 * (Wahlschein) carries fewer than a mostly-reading one (Bürgerkonto). Demo assumptions, not
 * measurements.
 */
const perVcpu: Readonly<Record<string, number>> = {
  briefwahl: 1.5,
  'kfz-zulassung': 2,
  hundesteuer: 3,
  eheschliessung: 3,
  buergerkonto: 4,
};

/** The demo's capacity model for a service (EUR figures are demo assumptions, net of VAT). */
export function demoCapacitySpec(key: string): CapacitySpec {
  return {
    driverMetric: 'requests_per_second',
    perVcpu: perVcpu[key] ?? 2,
    targetUtilisation: 0.6,
    minInstances: 2,
    maxInstances: 40,
    leadTime: 'PT2H',
    scaleDownDelay: 'PT12H',
    minStep: 'PT6H',
    quantile: 0.975,
    providers: ['hetzner', 'ionos', 'stackit'],
    storage: { gib: 50 },
    egress: { gibPerHour: 0.2 },
    backup: { retentionDays: 28, dailyChangeRate: 0.05, targetProvider: 'ionos' },
    current: { provider: 'hetzner', instanceType: 'CX33', count: 4 },
    ownHardware: {
      capexPerServer: '9000.00',
      opexPerServerYear: '1800.00',
      lifeYears: 5,
      capacityPerServer: 48,
      spareServers: 1,
      vatBasis: 'net',
    },
  };
}

/** Stores the demo capacity models; called inside seedDemo's transaction. */
export async function seedPlans(
  tx: TenantTx,
  tenantId: string,
  serviceIds: ReadonlyMap<string, string>,
  now: Date,
): Promise<void> {
  for (const [key, id] of serviceIds) {
    await putCapacityModel(tx, tenantId, id, demoCapacitySpec(key), now);
  }
}
