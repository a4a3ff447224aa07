import { type OutboundAllowlist, parseOutboundAllowlist } from './outbound/outbound-allowlist.ts';

import { isRole, type Role, roles } from './tenancy/roles.ts';

/**
 * Configuration from the environment, validated once at start-up. A bad value stops the process
 * with one line naming the variable and what is wrong (see `ConfigError`).
 */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly adminToken: string | undefined;
  readonly demo: boolean;
  readonly logLevel: LogLevel;
  readonly maxBodyBytes: number;
  readonly publicUrl: string | undefined;
  readonly ingest: IngestSettings;
  /** LASTPLAN_RATE_LIMIT and friends: per process, like the app. */
  readonly rateLimit: RateLimitSettings;
  /** Internal webhook receivers an administrator allows (LASTPLAN_WEBHOOK_ALLOW). */
  readonly webhookAllow: OutboundAllowlist;
  /** Days an exchange rate may be older than the day it converts before a booking refuses it. */
  readonly fxMaxAgeDays: number;
  /** Whether this instance runs the scheduled jobs (LASTPLAN_JOBS, default on). */
  readonly jobs: boolean;
  /**
   * How soon a run of a dead instance is retried elsewhere: how long one tenant's run of a
   * per-tenant job may take (LASTPLAN_JOB_TENANT_EXPIRE_SECONDS, default 30 min) and how often
   * expired runs are looked for (LASTPLAN_JOB_SUPERVISE_SECONDS, default pg-boss's 2 min).
   */
  readonly jobTimings: {
    readonly tenantExpireInSeconds?: number;
    readonly superviseIntervalSeconds?: number;
  };
  readonly session: SessionSettings;
  /** Sign-in through the municipality's identity provider; undefined without LASTPLAN_OIDC_ISSUER. */
  readonly oidc: OidcSettings | undefined;
}

/**
 * OpenID Connect sign-in (authorization code flow with PKCE). People sign into one tenant of the
 * deployment; their roles come from one claim of the provider, mapped by `roleMap`.
 */
export interface OidcSettings {
  readonly issuer: string;
  readonly clientId: string;
  /** Absent for a public client (PKCE alone). */
  readonly clientSecret: string | undefined;
  /** The slug of the tenant people sign into. */
  readonly tenant: string;
  /** The claim that carries groups or roles, a dotted path for nested ones (`realm_access.roles`). */
  readonly roleClaim: string;
  /** Claim value → roles; the value `*` gives its roles to everyone the provider signs in. */
  readonly roleMap: Readonly<Record<string, readonly Role[]>>;
  readonly scopes: string;
}

/** How long a dashboard session lives: it ends after `idleSeconds` without a request, and at `absoluteSeconds` in any case. */
export interface SessionSettings {
  readonly idleSeconds: number;
  readonly absoluteSeconds: number;
}

/** 30 minutes idle, 8 hours at most: a working day's sign-in, ended by a long pause. */
export const defaultSessionSettings: SessionSettings = { idleSeconds: 30 * 60, absoluteSeconds: 8 * 3600 };

/** Two weeks: longer than any ECB publication gap (Easter, Christmas), short enough to notice a table that was not updated. */
export const DEFAULT_FX_MAX_AGE_DAYS = 14;

/** Limits of the metric receivers (see src/ingest-service/ingest-limits.ts). */
export interface IngestSettings {
  /** Decompressed size of one streamed CSV import. */
  readonly csvMaxBytes: number;
  /** Metric series one tenant may hold. */
  readonly maxSeries: number;
  /** Days raw samples are kept; 0 keeps them for ever (hourly rollups are always kept). */
  readonly rawRetentionDays: number;
}

export const defaultIngestSettings: IngestSettings = {
  csvMaxBytes: 16 * 1024 ** 3,
  maxSeries: 100_000,
  rawRetentionDays: 0,
};

/** Request limits of one process (the Node server; tests and the Worker run without). */
export interface RateLimitSettings {
  /** Requests a minute per token or signed-in person; 0 turns the limit off. */
  readonly perToken: number;
  /** Requests a minute per tenant, all its tokens and people together; 0 turns it off. */
  readonly perTenant: number;
  /** Expensive operations (uncached forecasts, plans, imports) a tenant may run at once; 0 turns it off. */
  readonly expensivePerTenant: number;
}

export const DEFAULT_RATE_LIMIT = 600;

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const logLevels: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `expected a whole number, got ${JSON.stringify(raw)}`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `expected 1 or 0 (true/false), got ${JSON.stringify(raw)}`);
}

function postgresUrl(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a URL; expected postgres://user:password@host:5432/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(name, `must start with postgres:// or postgresql://, got ${url.protocol}//`);
  }
  if (url.pathname.length <= 1)
    throw new ConfigError(name, 'names no database (postgres://host:5432/DATABASE)');
  return raw;
}

function rateLimit(env: Env): RateLimitSettings {
  const perToken = integer(env, 'LASTPLAN_RATE_LIMIT', DEFAULT_RATE_LIMIT, 0, 10_000_000);
  return {
    perToken,
    perTenant: integer(env, 'LASTPLAN_TENANT_RATE_LIMIT', perToken * 5, 0, 100_000_000),
    expensivePerTenant: integer(env, 'LASTPLAN_TENANT_CONCURRENCY', 2, 0, 1000),
  };
}

function allowlist(env: Env, name: string): OutboundAllowlist {
  try {
    return parseOutboundAllowlist(env[name] ?? '');
  } catch (error) {
    throw new ConfigError(name, (error as Error).message);
  }
}

function httpUrl(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return raw.replace(/\/+$/, '');
  } catch {}
  throw new ConfigError(name, `expected an http(s) URL, got ${JSON.stringify(raw)}`);
}

/** Reads and validates the configuration; throws `ConfigError` on the first bad variable. */
export function loadConfig(env: Env): Config {
  const adminToken = env.LASTPLAN_ADMIN_TOKEN || undefined;
  if (adminToken !== undefined && adminToken.length < 24) {
    throw new ConfigError('LASTPLAN_ADMIN_TOKEN', 'must be at least 24 characters long');
  }
  const logLevel = (env.LOG_LEVEL || 'info') as LogLevel;
  if (!logLevels.includes(logLevel)) {
    throw new ConfigError(
      'LOG_LEVEL',
      `must be one of ${logLevels.join(', ')}, got ${JSON.stringify(logLevel)}`,
    );
  }
  return {
    port: integer(env, 'PORT', 8787, 0, 65535),
    host: env.HOST || '127.0.0.1',
    dataDir: env.LASTPLAN_DATA_DIR || './data',
    databaseUrl: postgresUrl(env, 'DATABASE_URL'),
    adminToken,
    demo: flag(env, 'LASTPLAN_DEMO', true),
    logLevel,
    maxBodyBytes: integer(env, 'LASTPLAN_MAX_BODY_BYTES', 64 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    publicUrl: httpUrl(env, 'LASTPLAN_PUBLIC_URL'),
    webhookAllow: allowlist(env, 'LASTPLAN_WEBHOOK_ALLOW'),
    rateLimit: rateLimit(env),
    fxMaxAgeDays: integer(env, 'LASTPLAN_FX_MAX_AGE_DAYS', DEFAULT_FX_MAX_AGE_DAYS, 0, 36_500),
    jobs: flag(env, 'LASTPLAN_JOBS', true),
    jobTimings: {
      ...(env.LASTPLAN_JOB_TENANT_EXPIRE_SECONDS
        ? { tenantExpireInSeconds: integer(env, 'LASTPLAN_JOB_TENANT_EXPIRE_SECONDS', 1800, 5, 86_400) }
        : {}),
      ...(env.LASTPLAN_JOB_SUPERVISE_SECONDS
        ? { superviseIntervalSeconds: integer(env, 'LASTPLAN_JOB_SUPERVISE_SECONDS', 120, 1, 3600) }
        : {}),
    },
    oidc: oidcSettings(env),
    session: {
      idleSeconds: 60 * integer(env, 'LASTPLAN_SESSION_IDLE_MINUTES', 30, 1, 7 * 24 * 60),
      absoluteSeconds: 3600 * integer(env, 'LASTPLAN_SESSION_MAX_HOURS', 8, 1, 30 * 24),
    },
    ingest: {
      csvMaxBytes: integer(env, 'LASTPLAN_CSV_MAX_BYTES', defaultIngestSettings.csvMaxBytes, 1024, 2 ** 50),
      maxSeries: integer(env, 'LASTPLAN_MAX_SERIES', defaultIngestSettings.maxSeries, 1, 100_000_000),
      rawRetentionDays: integer(
        env,
        'LASTPLAN_RAW_RETENTION_DAYS',
        defaultIngestSettings.rawRetentionDays,
        0,
        36_500,
      ),
    },
  };
}

function oidcSettings(env: Env): OidcSettings | undefined {
  const issuer = httpUrl(env, 'LASTPLAN_OIDC_ISSUER');
  if (issuer === undefined) return undefined;
  const clientId = env.LASTPLAN_OIDC_CLIENT_ID;
  if (!clientId) throw new ConfigError('LASTPLAN_OIDC_CLIENT_ID', 'is needed with LASTPLAN_OIDC_ISSUER');
  const tenant = env.LASTPLAN_OIDC_TENANT;
  if (!tenant)
    throw new ConfigError(
      'LASTPLAN_OIDC_TENANT',
      'is needed with LASTPLAN_OIDC_ISSUER: the slug of the tenant people sign into',
    );
  return {
    issuer,
    clientId,
    clientSecret: env.LASTPLAN_OIDC_CLIENT_SECRET || undefined,
    tenant,
    roleClaim: env.LASTPLAN_OIDC_ROLE_CLAIM || 'groups',
    roleMap: parseRoleMap(env.LASTPLAN_OIDC_ROLE_MAP ?? ''),
    scopes: env.LASTPLAN_OIDC_SCOPES || 'openid profile email',
  };
}

/**
 * `lastplan-planer=planner,lastplan-finanzen=finance,*=viewer`: a claim value, `=`, a role; a
 * value may appear several times to give several roles. The last `=` splits, so values may hold one.
 */
export function parseRoleMap(text: string): Record<string, Role[]> {
  const map: Record<string, Role[]> = {};
  for (const entry of text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const at = entry.lastIndexOf('=');
    const value = entry.slice(0, at).trim();
    const role = entry.slice(at + 1).trim();
    if (at <= 0 || !isRole(role)) {
      throw new ConfigError(
        'LASTPLAN_OIDC_ROLE_MAP',
        `${JSON.stringify(entry)} must be CLAIM_VALUE=ROLE with a role of ${roles.join(', ')}`,
      );
    }
    map[value] = [...new Set([...(map[value] ?? []), role])];
  }
  return map;
}
