import { sql } from 'kysely';
import { addDays } from '../../src/domain/calendar-day.ts';
import type { Database } from '../../src/store/database.ts';
import { insertService } from '../../src/store/service-store.ts';
import { withTenant } from '../../src/store/with-tenant.ts';
import { bearer, seedTenant, type TestTenant } from '../support/test-app.ts';

export interface FinanceTenant extends TestTenant {
  readonly services: Record<'wahlschein' | 'kfz-zulassung' | 'hundesteuer', string>;
}

/** A tenant with three services whose keys match the tags of the FOCUS sample files. */
export async function seedFinanceTenant(database: Database, slug: string): Promise<FinanceTenant> {
  const tenant = await seedTenant(database, slug);
  const services = {
    wahlschein: crypto.randomUUID(),
    'kfz-zulassung': crypto.randomUUID(),
    hundesteuer: crypto.randomUUID(),
  };
  await withTenant(database, tenant.id, async (tx) => {
    for (const [key, id] of Object.entries(services))
      await insertService(tx, tenant.id, id, { key, name: key });
  });
  return { ...tenant, services };
}

/** Stores one exchange rate per day from `from` to `to` (the table of the catalogs migration). */
export async function storeRates(
  database: Database,
  tenantId: string,
  base: string,
  quote: string,
  from: string,
  to: string,
  rate: string,
): Promise<void> {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  await withTenant(database, tenantId, async (tx) => {
    await sql`insert into exchange_rates (tenant_id, base, quote, date, rate, source)
      select ${tenantId}::uuid, ${base}, ${quote}, d, ${rate}::numeric, 'test' from unnest(${days}::text[]) as d
      on conflict do nothing`.execute(tx);
  });
}

export function csvRequest(token: string, body: string): RequestInit {
  return { method: 'POST', headers: bearer(token, { 'content-type': 'text/csv' }), body };
}
