import { createTenant, listTenants } from '../../store/tenant-store.ts';
import { withAdminDatabase } from '../admin-database.ts';
import type { CliIo } from '../cli-io.ts';
import { printJson, wantsJson } from '../json-output.ts';
import { type ParsedCommand, requireString } from '../parse-command.ts';
import { recordOperatorAction } from '../record-operator-action.ts';
import { tenantsCreateSpec } from './tenants-specs.ts';

export async function tenantsCreateCommand(io: CliIo, parsed: ParsedCommand): Promise<number> {
  const slug = requireString(parsed, 'slug', tenantsCreateSpec);
  const name = requireString(parsed, 'name', tenantsCreateSpec);
  const state = requireString(parsed, 'state', tenantsCreateSpec);
  const timeZone = parsed.values['time-zone'];
  return withAdminDatabase(io, parsed, async (database) => {
    const tenant = await createTenant(database, crypto.randomUUID(), {
      slug,
      name,
      federalState: state,
      ...(typeof timeZone === 'string' ? { timeZone } : {}),
    });
    await recordOperatorAction(database, tenant.id, {
      action: 'tenant.create',
      resourceType: 'tenant',
      resourceId: tenant.id,
      detail: { slug: tenant.slug, name: tenant.name },
    });
    if (wantsJson(parsed)) printJson(io, tenant);
    else io.stdout(`created tenant ${tenant.slug} (${tenant.id})\n`);
    return 0;
  });
}

export async function tenantsListCommand(io: CliIo, parsed: ParsedCommand): Promise<number> {
  return withAdminDatabase(io, parsed, async (database) => {
    const tenants = await listTenants(database);
    if (wantsJson(parsed)) {
      printJson(io, { items: tenants });
      return 0;
    }
    if (tenants.length === 0) io.stdout('no tenants\n');
    for (const t of tenants) io.stdout(`${t.slug}\t${t.federalState}\t${t.timeZone}\t${t.name}\t${t.id}\n`);
    return 0;
  });
}
