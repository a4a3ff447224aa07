import { createTenant, listTenants } from '../../store/tenant-store.ts';
import { databaseOptions, withAdminDatabase } from '../admin-database.ts';
import type { CliIo } from '../cli-io.ts';
import { type CommandSpec, type ParsedCommand, requireString } from '../parse-command.ts';

export const tenantsCreateSpec: CommandSpec = {
  usage: 'tenants create --slug SLUG --name NAME --state BY [--time-zone ZONE]',
  summary: 'Create a tenant (a Kommune, a Landkreis, a shared IT provider).',
  options: {
    slug: {
      type: 'string',
      placeholder: 'SLUG',
      description: 'short id: lower-case letters, digits, dashes',
    },
    name: { type: 'string', placeholder: 'NAME', description: 'display name, e.g. "Stadt Musterstadt"' },
    state: {
      type: 'string',
      placeholder: 'XX',
      description: 'federal state for public holidays: BW, BY, BE, … TH',
    },
    'time-zone': {
      type: 'string',
      placeholder: 'ZONE',
      description: 'IANA time zone (default Europe/Berlin)',
    },
    ...databaseOptions,
  },
  examples: ['lastplan tenants create --slug landkreis-x --name "Landkreis X" --state NW'],
};

export const tenantsListSpec: CommandSpec = {
  usage: 'tenants list',
  summary: 'List the tenants.',
  options: { ...databaseOptions },
};

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
    io.stdout(`created tenant ${tenant.slug} (${tenant.id})\n`);
    return 0;
  });
}

export async function tenantsListCommand(io: CliIo, parsed: ParsedCommand): Promise<number> {
  return withAdminDatabase(io, parsed, async (database) => {
    const tenants = await listTenants(database);
    if (tenants.length === 0) io.stdout('no tenants\n');
    for (const t of tenants) io.stdout(`${t.slug}\t${t.federalState}\t${t.timeZone}\t${t.name}\t${t.id}\n`);
    return 0;
  });
}
