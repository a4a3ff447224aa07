import { createApp } from '../../src/app.ts';
import type { AppDeps } from '../../src/deps.ts';
import { silentLogger } from '../../src/logger.ts';
import type { Database } from '../../src/store/database.ts';
import { createTenant } from '../../src/store/tenant-store.ts';
import { type Scope, scopes } from '../../src/tenancy/scopes.ts';
import { issueToken } from '../../src/tenancy-service/issue-token.ts';

export const testNow = new Date('2026-11-23T12:00:00Z');

export function testApp(database: Database, overrides: Partial<AppDeps> = {}) {
  const deps: AppDeps = {
    database,
    clock: () => testNow,
    newId: () => crypto.randomUUID(),
    logger: silentLogger,
    maxBodyBytes: 1024 * 1024,
    version: 'test',
    ...overrides,
  };
  return { app: createApp(deps), deps };
}

export interface TestTenant {
  readonly id: string;
  readonly slug: string;
  /** One token per scope, plus `none` (a token whose only scope is ingest, for 403 checks on reads). */
  readonly tokens: Record<Scope, string>;
}

/** Creates a tenant with one token per scope, through the same functions the CLI uses. */
export async function seedTenant(database: Database, slug: string, federalState = 'BY'): Promise<TestTenant> {
  const tenant = await createTenant(database, crypto.randomUUID(), {
    slug,
    name: `Test ${slug}`,
    federalState,
  });
  const tokens = {} as Record<Scope, string>;
  for (const scope of scopes) {
    const issued = await issueToken(database, tenant.id, {
      id: crypto.randomUUID(),
      name: `${scope} token`,
      scopes: [scope],
      expiresAt: null,
    });
    tokens[scope] = issued.secret;
  }
  return { id: tenant.id, slug, tokens };
}

export function bearer(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${token}`, ...extra };
}

export function jsonRequest(method: string, token: string, body: unknown): RequestInit {
  return {
    method,
    headers: bearer(token, { 'content-type': 'application/json' }),
    body: JSON.stringify(body),
  };
}
