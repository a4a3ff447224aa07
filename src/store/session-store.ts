import type { Selectable } from 'kysely';
import type { Actor, Principal } from '../tenancy/principal.ts';
import { isRole, type Role } from '../tenancy/roles.ts';
import type { Database } from './database.ts';
import type { SessionRow } from './schema.ts';
import type { TenantTx } from './with-tenant.ts';

export interface NewSession {
  readonly id: string;
  readonly secretHash: string;
  readonly actor: Actor;
  readonly tokenId: string | null;
  readonly roles: readonly Role[];
  readonly now: Date;
  readonly idleSeconds: number;
  readonly absoluteSeconds: number;
}

export interface SessionInfo {
  readonly id: string;
  readonly expiresAt: Date;
  readonly idleExpiresAt: Date;
}

/** A session lives until its absolute end, or until it has been idle for its idle timeout, whichever comes first. */
function ends(row: Pick<Selectable<SessionRow>, 'last_seen_at' | 'idle_timeout_seconds' | 'expires_at'>) {
  const idle = new Date(row.last_seen_at.getTime() + row.idle_timeout_seconds * 1000);
  return { expiresAt: row.expires_at, idleExpiresAt: idle < row.expires_at ? idle : row.expires_at };
}

export async function insertSession(
  tx: TenantTx,
  tenantId: string,
  session: NewSession,
): Promise<SessionInfo> {
  const row = await tx
    .insertInto('sessions')
    .values({
      tenant_id: tenantId,
      id: session.id,
      secret_hash: session.secretHash,
      actor_kind: session.actor.kind,
      subject: session.actor.id,
      name: session.actor.name,
      token_id: session.tokenId,
      roles: [...session.roles],
      created_at: session.now,
      last_seen_at: session.now,
      idle_timeout_seconds: session.idleSeconds,
      expires_at: new Date(session.now.getTime() + session.absoluteSeconds * 1000),
      revoked_at: null,
    })
    .returning(['id', 'last_seen_at', 'idle_timeout_seconds', 'expires_at'])
    .executeTakeFirstOrThrow();
  return { id: row.id, ...ends(row) };
}

/** Revokes the session; revoking an ended or unknown one does nothing. Returns whether it was live. */
export async function revokeSession(tx: TenantTx, id: string, at: Date): Promise<boolean> {
  const result = await tx
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** last_seen_at is written at most this often, so that every request does not cost a write. */
const TOUCH_AFTER_MS = 60_000;

/**
 * Looks a session up by the hash of its cookie secret, across tenants (the tenant is not known
 * yet), and returns the principal if it is live at `now`: not revoked, neither idle nor past its
 * absolute end, and, if it was exchanged from a token, that token still valid. Unknown and ended
 * sessions both give `undefined`.
 */
export async function authenticateSession(
  database: Database,
  secretHash: string,
  now: Date,
): Promise<Principal | undefined> {
  const row = await database.db
    .selectFrom('sessions')
    .leftJoin('tokens', (join) =>
      join.onRef('tokens.tenant_id', '=', 'sessions.tenant_id').onRef('tokens.id', '=', 'sessions.token_id'),
    )
    .select([
      'sessions.tenant_id',
      'sessions.id',
      'sessions.actor_kind',
      'sessions.subject',
      'sessions.name',
      'sessions.token_id',
      'sessions.roles',
      'sessions.last_seen_at',
      'sessions.idle_timeout_seconds',
      'sessions.expires_at',
      'sessions.revoked_at',
      'tokens.revoked_at as token_revoked_at',
      'tokens.expires_at as token_expires_at',
      'tokens.id as token_found',
    ])
    .where('sessions.secret_hash', '=', secretHash)
    .executeTakeFirst();
  if (!row || row.revoked_at) return undefined;
  if (ends(row).idleExpiresAt.getTime() <= now.getTime()) return undefined;
  if (row.token_id !== null) {
    if (!row.token_found || row.token_revoked_at) return undefined;
    if (row.token_expires_at && row.token_expires_at.getTime() <= now.getTime()) return undefined;
  }
  let lastSeen = row.last_seen_at;
  if (now.getTime() - lastSeen.getTime() >= TOUCH_AFTER_MS) {
    await database.db
      .updateTable('sessions')
      .set({ last_seen_at: now })
      .where('tenant_id', '=', row.tenant_id)
      .where('id', '=', row.id)
      .execute();
    lastSeen = now;
  }
  return {
    tenantId: row.tenant_id,
    actor: { kind: row.actor_kind, id: row.subject, name: row.name },
    tokenId: row.token_id,
    kind: 'api',
    scopes: [],
    roles: row.roles.filter(isRole),
    resources: [],
    allowedOrigins: [],
    session: { id: row.id, ...ends({ ...row, last_seen_at: lastSeen }) },
  };
}

/** The session a cookie names, live or not, for signing out: its tenant, id and who it was. */
export async function findSessionByCookie(
  database: Database,
  secretHash: string,
): Promise<{ tenantId: string; id: string; actor: Actor } | undefined> {
  const row = await database.db
    .selectFrom('sessions')
    .select(['tenant_id', 'id', 'actor_kind', 'subject', 'name'])
    .where('secret_hash', '=', secretHash)
    .executeTakeFirst();
  return row
    ? {
        tenantId: row.tenant_id,
        id: row.id,
        actor: { kind: row.actor_kind, id: row.subject, name: row.name },
      }
    : undefined;
}

/** A live session as an administrator sees it; never its secret. */
export interface LiveSession {
  readonly id: string;
  readonly actor: Actor;
  readonly tokenId: string | null;
  readonly roles: readonly Role[];
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date;
  readonly idleExpiresAt: Date;
}

/** The tenant's sessions that are live at `now`, newest first. */
export async function listLiveSessions(tx: TenantTx, now: Date): Promise<LiveSession[]> {
  const rows = await tx
    .selectFrom('sessions')
    .selectAll()
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows
    .map((row) => ({
      id: row.id,
      actor: { kind: row.actor_kind, id: row.subject, name: row.name },
      tokenId: row.token_id,
      roles: row.roles.filter(isRole),
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      ...ends(row),
    }))
    .filter((session) => session.idleExpiresAt.getTime() > now.getTime());
}
