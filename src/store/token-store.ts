import type { Selectable } from 'kysely';
import { DomainError } from '../domain/errors.ts';
import type { Principal } from '../tenancy/principal.ts';
import { rolesOfScopes } from '../tenancy/roles.ts';
import type { Scope } from '../tenancy/scopes.ts';
import type { Database } from './database.ts';
import type { TokenRow } from './schema.ts';
import type { TenantTx } from './with-tenant.ts';

/** A token as listed: everything but the hash. */
export interface TokenInfo {
  readonly id: string;
  readonly name: string;
  readonly kind: 'api' | 'embed';
  readonly scopes: readonly Scope[];
  readonly resources: readonly string[];
  readonly allowedOrigins: readonly string[];
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
  readonly lastUsedAt: Date | null;
  readonly createdAt: Date;
}

export interface NewToken {
  readonly id: string;
  readonly name: string;
  readonly kind: 'api' | 'embed';
  readonly tokenHash: string;
  readonly scopes: readonly Scope[];
  readonly resources?: readonly string[];
  readonly allowedOrigins?: readonly string[];
  readonly expiresAt: Date | null;
}

type StoredToken = Omit<Selectable<TokenRow>, 'token_hash'>;

function toTokenInfo(row: StoredToken): TokenInfo {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    scopes: row.scopes as Scope[],
    resources: row.resources,
    allowedOrigins: row.allowed_origins,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
    createdAt: row.created_at,
  };
}

const infoColumns = [
  'tenant_id',
  'id',
  'name',
  'kind',
  'scopes',
  'resources',
  'allowed_origins',
  'expires_at',
  'revoked_at',
  'last_used_at',
  'created_at',
] as const;

export async function insertToken(tx: TenantTx, tenantId: string, token: NewToken): Promise<TokenInfo> {
  const row = await tx
    .insertInto('tokens')
    .values({
      tenant_id: tenantId,
      id: token.id,
      name: token.name,
      kind: token.kind,
      token_hash: token.tokenHash,
      scopes: [...token.scopes],
      resources: [...(token.resources ?? [])],
      allowed_origins: [...(token.allowedOrigins ?? [])],
      expires_at: token.expiresAt,
      revoked_at: null,
      last_used_at: null,
    })
    .returning(infoColumns)
    .executeTakeFirstOrThrow();
  return toTokenInfo(row);
}

export async function listTokens(tx: TenantTx): Promise<TokenInfo[]> {
  const rows = await tx
    .selectFrom('tokens')
    .select(infoColumns)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toTokenInfo);
}

export async function findToken(tx: TenantTx, id: string): Promise<TokenInfo | undefined> {
  const row = await tx.selectFrom('tokens').select(infoColumns).where('id', '=', id).executeTakeFirst();
  return row ? toTokenInfo(row) : undefined;
}

/** Revokes a token; revoking twice keeps the first time. */
export async function revokeToken(tx: TenantTx, id: string, at: Date): Promise<TokenInfo> {
  const existing = await findToken(tx, id);
  if (!existing) throw new DomainError('not-found', `token ${id} not found`);
  if (existing.revokedAt) return existing;
  const row = await tx
    .updateTable('tokens')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .returning(infoColumns)
    .executeTakeFirstOrThrow();
  return toTokenInfo(row);
}

/**
 * Looks a token up by the hash of its secret, across tenants (the tenant is not known yet), and
 * returns the principal if it is valid at `now`. Unknown, revoked and expired tokens all give
 * `undefined`, so a caller cannot tell them apart.
 */
export async function authenticateToken(
  database: Database,
  tokenHash: string,
  now: Date,
): Promise<Principal | undefined> {
  const found = await readTokenPrincipal(database, tokenHash);
  return found && !isExpired(found.expiresAt, now) ? found.principal : undefined;
}

/** A token that is not revoked, as a principal, with the instant it expires (null: never). */
export interface ValidTokenPrincipal {
  readonly principal: Principal;
  readonly expiresAt: Date | null;
}

/** The principal of an unrevoked token by the hash of its secret, whether expired or not. */
export async function readTokenPrincipal(
  database: Database,
  tokenHash: string,
): Promise<ValidTokenPrincipal | undefined> {
  const row = await database.db
    .selectFrom('tokens')
    .select(infoColumns)
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row || row.revoked_at) return undefined;
  const scopes = row.scopes as Scope[];
  const principal: Principal = {
    tenantId: row.tenant_id,
    actor: { kind: 'token', id: row.id, name: row.name },
    tokenId: row.id,
    kind: row.kind,
    scopes,
    roles: rolesOfScopes(scopes),
    resources: row.resources,
    allowedOrigins: row.allowed_origins,
  };
  return { principal, expiresAt: row.expires_at };
}

export function isExpired(expiresAt: Date | null, now: Date): boolean {
  return expiresAt !== null && expiresAt.getTime() <= now.getTime();
}
