import { DomainError } from '../../domain/errors.ts';
import type { Database } from '../../store/database.ts';
import { findTenantBySlug } from '../../store/tenant-store.ts';
import { findToken, listTokens, revokeToken } from '../../store/token-store.ts';
import { withTenant } from '../../store/with-tenant.ts';
import { parseScopes } from '../../tenancy/scopes.ts';
import type { Tenant } from '../../tenancy/tenant.ts';
import { expiryFrom } from '../../tenancy/token-expiry.ts';
import { issueToken } from '../../tenancy-service/issue-token.ts';
import { forgetTokenPrincipals } from '../../tenancy-service/token-principals.ts';
import { withAdminDatabase } from '../admin-database.ts';
import { CliError, type CliIo } from '../cli-io.ts';
import { printJson, wantsJson } from '../json-output.ts';
import { optionalString, type ParsedCommand, requireString } from '../parse-command.ts';
import { recordOperatorAction } from '../record-operator-action.ts';
import { tokensCreateSpec, tokensListSpec, tokensRevokeSpec } from './tokens-specs.ts';

async function getTenant(database: Database, slug: string): Promise<Tenant> {
  const tenant = await findTenantBySlug(database, slug);
  if (!tenant) throw new CliError(`no tenant with slug "${slug}" (see: lastplan tenants list)`);
  return tenant;
}

export async function tokensCreateCommand(io: CliIo, parsed: ParsedCommand): Promise<number> {
  const slug = requireString(parsed, 'tenant', tokensCreateSpec);
  const scopes = parseScopes(requireString(parsed, 'scopes', tokensCreateSpec), '--scopes');
  const expiresAt = expiryFrom(optionalString(parsed, 'expires'), new Date(), '--expires');
  return withAdminDatabase(io, parsed, async (database) => {
    const tenant = await getTenant(database, slug);
    const token = await issueToken(database, tenant.id, {
      id: crypto.randomUUID(),
      name: optionalString(parsed, 'name') ?? 'cli',
      scopes,
      expiresAt,
    });
    await recordOperatorAction(database, tenant.id, {
      action: 'token.create',
      resourceType: 'token',
      resourceId: token.info.id,
      detail: { name: token.info.name, scopes },
    });
    if (wantsJson(parsed)) {
      const { id, name } = token.info;
      printJson(io, {
        id,
        tenant: tenant.slug,
        name,
        scopes,
        expiresAt: expiresAt?.toISOString() ?? null,
        secret: token.secret,
      });
      return 0;
    }
    io.stderr(
      `created token ${token.info.id} for ${tenant.slug} with scopes ${scopes.join(',')}${expiresAt ? `, expires ${expiresAt.toISOString()}` : ''}\n` +
        'the secret follows; it is shown only this once:\n',
    );
    io.stdout(`${token.secret}\n`);
    return 0;
  });
}

export async function tokensListCommand(io: CliIo, parsed: ParsedCommand): Promise<number> {
  const slug = requireString(parsed, 'tenant', tokensListSpec);
  return withAdminDatabase(io, parsed, async (database) => {
    const tenant = await getTenant(database, slug);
    const tokens = await withTenant(database, tenant.id, (tx) => listTokens(tx));
    if (wantsJson(parsed)) {
      printJson(io, { items: tokens });
      return 0;
    }
    if (tokens.length === 0) io.stdout('no tokens\n');
    for (const t of tokens) {
      const state = t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt < new Date() ? 'expired' : 'active';
      io.stdout(
        `${t.id}\t${state}\t${t.kind}\t${t.scopes.join(',')}\t${t.expiresAt?.toISOString() ?? 'never'}\t${t.name}\n`,
      );
    }
    return 0;
  });
}

export async function tokensRevokeCommand(io: CliIo, parsed: ParsedCommand): Promise<number> {
  const slug = requireString(parsed, 'tenant', tokensRevokeSpec);
  const id = parsed.positionals[0];
  if (!id) throw new CliError(`the token id is missing; usage: lastplan ${tokensRevokeSpec.usage}`, 2);
  return withAdminDatabase(io, parsed, async (database) => {
    const tenant = await getTenant(database, slug);
    const token = await withTenant(database, tenant.id, async (tx) => {
      const uuid = /^[0-9a-f-]{36}$/i.test(id);
      if (!uuid || !(await findToken(tx, id)))
        throw new DomainError('not-found', `tenant ${slug} has no token ${id}`);
      return revokeToken(tx, id, new Date());
    });
    forgetTokenPrincipals(database);
    await recordOperatorAction(database, tenant.id, {
      action: 'token.revoke',
      resourceType: 'token',
      resourceId: token.id,
      detail: { name: token.name },
    });
    if (wantsJson(parsed)) printJson(io, { id: token.id, name: token.name, revokedAt: token.revokedAt });
    else io.stdout(`revoked token ${token.id} (${token.name})\n`);
    return 0;
  });
}
