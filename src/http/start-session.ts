import type { Context } from 'hono';
import { defaultSessionSettings } from '../config.ts';
import {
  findSessionByCookie,
  insertSession,
  revokeSession,
  type SessionInfo,
} from '../store/session-store.ts';
import { withTenant } from '../store/with-tenant.ts';
import type { Actor } from '../tenancy/principal.ts';
import type { Role } from '../tenancy/roles.ts';
import { hashToken, newSessionSecret } from '../tenancy/token-secret.ts';
import type { AppEnv } from './app-env.ts';
import { SESSION_COOKIE, sessionSecretOf } from './auth.ts';

/**
 * The cookie: HttpOnly so page scripts never see the secret, SameSite=Strict, Path=/ so that
 * /auth/logout receives it too, Secure over https; it lives as long as the session at most.
 */
export function sessionCookie(c: Context<AppEnv>, value: string, maxAge: number): string {
  const publicUrl = c.get('deps').publicUrl;
  const https =
    new URL(publicUrl ?? c.req.url).protocol === 'https:' || new URL(c.req.url).protocol === 'https:';
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${https ? '; Secure' : ''}`;
}

/**
 * Starts a server-side session and sets its cookie. A session the request came with is revoked
 * first: every sign-in gets a new secret, so a cookie planted before sign-in is worth nothing.
 */
export async function startSession(
  c: Context<AppEnv>,
  who: { tenantId: string; actor: Actor; tokenId: string | null; roles: readonly Role[] },
): Promise<SessionInfo> {
  const deps = c.get('deps');
  const settings = deps.session ?? defaultSessionSettings;
  const now = deps.clock();
  await endSession(c, { clearCookie: false });
  const secret = newSessionSecret();
  const info = await withTenant(deps.database, who.tenantId, async (tx) =>
    insertSession(tx, who.tenantId, {
      id: deps.newId(),
      secretHash: await hashToken(secret),
      actor: who.actor,
      tokenId: who.tokenId,
      roles: who.roles,
      now,
      idleSeconds: settings.idleSeconds,
      absoluteSeconds: settings.absoluteSeconds,
    }),
  );
  c.header('set-cookie', sessionCookie(c, secret, settings.absoluteSeconds), { append: true });
  c.header('cache-control', 'no-store');
  return info;
}

/**
 * Revokes the session whose cookie the request carries and clears the cookie. Returns the
 * session's tenant, id and actor if it was live until now.
 */
export async function endSession(
  c: Context<AppEnv>,
  options: { clearCookie: boolean } = { clearCookie: true },
): Promise<{ tenantId: string; id: string; actor: Actor } | undefined> {
  const cookie = sessionSecretOf(c);
  if (!cookie) return undefined;
  const deps = c.get('deps');
  const found = await findSessionByCookie(deps.database, await hashToken(cookie));
  if (options.clearCookie) c.header('set-cookie', sessionCookie(c, '', 0), { append: true });
  if (!found) return undefined;
  const revoked = await withTenant(deps.database, found.tenantId, (tx) =>
    revokeSession(tx, found.id, deps.clock()),
  );
  return revoked ? found : undefined;
}
