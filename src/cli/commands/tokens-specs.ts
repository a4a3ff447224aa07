import { databaseOptions } from '../database-options.ts';
import { jsonOption } from '../json-output.ts';
import type { CommandSpec } from '../parse-command.ts';

const tenantOption = {
  tenant: { type: 'string', placeholder: 'SLUG', description: 'the tenant (see: lastplan tenants list)' },
} as const;

export const tokensCreateSpec: CommandSpec = {
  usage: 'tokens create --tenant SLUG --scopes read,ingest [--expires 90d] [--name NAME]',
  summary: 'Create an API token and print its secret once. Scopes: ingest, read, plan, finance, admin.',
  options: {
    ...tenantOption,
    scopes: { type: 'string', placeholder: 'LIST', description: 'comma-separated scopes' },
    expires: {
      type: 'string',
      placeholder: 'DURATION',
      description: 'lifetime such as 90d, 12h, 2w, 1y or P90D (default: never)',
    },
    name: { type: 'string', placeholder: 'NAME', description: 'what the token is for (default: "cli")' },
    ...jsonOption,
    ...databaseOptions,
  },
  examples: [
    'lastplan tokens create --tenant musterstadt --scopes read,ingest --expires 90d --name prometheus',
  ],
};

export const tokensListSpec: CommandSpec = {
  usage: 'tokens list --tenant SLUG',
  summary: "List a tenant's tokens (never their secrets).",
  options: { ...tenantOption, ...jsonOption, ...databaseOptions },
};

export const tokensRevokeSpec: CommandSpec = {
  usage: 'tokens revoke --tenant SLUG TOKEN_ID',
  summary: 'Revoke a token; it stops working at once.',
  options: { ...tenantOption, ...jsonOption, ...databaseOptions },
  positionals: 1,
};
