import type { Database } from '../store/database.ts';
import { insertToken, type TokenInfo } from '../store/token-store.ts';
import { withTenant } from '../store/with-tenant.ts';
import type { Scope } from '../tenancy/scopes.ts';
import { hashToken, newTokenSecret } from '../tenancy/token-secret.ts';

export interface IssuedToken {
  readonly info: TokenInfo;
  /** The secret: show it once, it is not stored. */
  readonly secret: string;
}

/**
 * Creates an API token for a tenant directly in the database (admin CLI, demo seeding). A given
 * `secret` (LASTPLAN_ADMIN_TOKEN) is stored by its hash like any other.
 */
export async function issueToken(
  database: Database,
  tenantId: string,
  options: {
    id: string;
    name: string;
    scopes: readonly Scope[];
    expiresAt: Date | null;
    secret?: string | undefined;
  },
): Promise<IssuedToken> {
  const secret = options.secret ?? newTokenSecret();
  const info = await withTenant(database, tenantId, async (tx) =>
    insertToken(tx, tenantId, {
      id: options.id,
      name: options.name,
      kind: 'api',
      tokenHash: await hashToken(secret),
      scopes: options.scopes,
      expiresAt: options.expiresAt,
    }),
  );
  return { info, secret };
}
