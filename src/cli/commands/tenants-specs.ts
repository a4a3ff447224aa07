import { databaseOptions } from '../database-options.ts';
import { jsonOption } from '../json-output.ts';
import type { CommandSpec } from '../parse-command.ts';

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
    ...jsonOption,
    ...databaseOptions,
  },
  examples: ['lastplan tenants create --slug landkreis-x --name "Landkreis X" --state NW'],
};

export const tenantsListSpec: CommandSpec = {
  usage: 'tenants list',
  summary: 'List the tenants.',
  options: { ...jsonOption, ...databaseOptions },
};
