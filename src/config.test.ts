import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has defaults for an empty environment', () => {
    expect(loadConfig({})).toMatchObject({
      port: 8787,
      dataDir: './data',
      databaseUrl: undefined,
      demo: true,
      logLevel: 'info',
      fxMaxAgeDays: 14,
    });
  });

  it('reads every documented variable', () => {
    const config = loadConfig({
      PORT: '9000',
      LASTPLAN_DATA_DIR: '/var/lib/lastplan',
      DATABASE_URL: 'postgres://app@127.0.0.1:5432/app',
      LASTPLAN_ADMIN_TOKEN: 'x'.repeat(32),
      LASTPLAN_DEMO: '0',
      LASTPLAN_FX_MAX_AGE_DAYS: '30',
      LASTPLAN_WEBHOOK_ALLOW: '10.20.0.0/16, hooks.stadt.internal',
      LASTPLAN_RATE_LIMIT: '100',
      LASTPLAN_TENANT_CONCURRENCY: '0',
    });
    expect(config).toMatchObject({
      port: 9000,
      dataDir: '/var/lib/lastplan',
      databaseUrl: 'postgres://app@127.0.0.1:5432/app',
      adminToken: 'x'.repeat(32),
      demo: false,
      fxMaxAgeDays: 30,
    });
    expect(config.rateLimit).toEqual({ perToken: 100, perTenant: 500, expensivePerTenant: 0 });
    expect(loadConfig({}).rateLimit).toEqual({ perToken: 600, perTenant: 3000, expensivePerTenant: 2 });
    expect(config.webhookAllow.ranges).toHaveLength(1);
    expect(config.webhookAllow.hosts).toEqual(['hooks.stadt.internal']);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT: expected a whole number, got "abc"'],
    [{ PORT: '70000' }, 'PORT: must be between 0 and 65535, got 70000'],
    [
      { DATABASE_URL: 'mysql://x/y' },
      'DATABASE_URL: must start with postgres:// or postgresql://, got mysql://',
    ],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL: is not a URL'],
    [{ DATABASE_URL: 'postgres://host:5432' }, 'DATABASE_URL: names no database'],
    [{ LASTPLAN_DEMO: 'maybe' }, 'LASTPLAN_DEMO: expected 1 or 0'],
    [{ LASTPLAN_ADMIN_TOKEN: 'short' }, 'LASTPLAN_ADMIN_TOKEN: must be at least 24 characters long'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: must be one of'],
    [{ LASTPLAN_MAX_SERIES: '0' }, 'LASTPLAN_MAX_SERIES: must be between 1 and'],
    [{ LASTPLAN_RAW_RETENTION_DAYS: 'a week' }, 'LASTPLAN_RAW_RETENTION_DAYS: expected a whole number'],
    [{ LASTPLAN_FX_MAX_AGE_DAYS: '-1' }, 'LASTPLAN_FX_MAX_AGE_DAYS: expected a whole number'],
    [{ LASTPLAN_FX_MAX_AGE_DAYS: '99999' }, 'LASTPLAN_FX_MAX_AGE_DAYS: must be between 0 and 36500'],
    [{ LASTPLAN_RATE_LIMIT: 'many' }, 'LASTPLAN_RATE_LIMIT: expected a whole number'],
    [{ LASTPLAN_WEBHOOK_ALLOW: '10.0.0.0/8, http://x' }, 'LASTPLAN_WEBHOOK_ALLOW: "http://x" is neither'],
  ])('rejects %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('sessions and sign-in settings', () => {
  it('reads the session timeouts, and OpenID sign-in only with an issuer', () => {
    expect(loadConfig({}).session).toEqual({ idleSeconds: 1800, absoluteSeconds: 28_800 });
    expect(loadConfig({}).oidc).toBeUndefined();
    const config = loadConfig({
      LASTPLAN_SESSION_IDLE_MINUTES: '15',
      LASTPLAN_SESSION_MAX_HOURS: '10',
      LASTPLAN_OIDC_ISSUER: 'https://sso.stadt.example/realms/rathaus/',
      LASTPLAN_OIDC_CLIENT_ID: 'lastplan',
      LASTPLAN_OIDC_CLIENT_SECRET: 'geheim',
      LASTPLAN_OIDC_TENANT: 'musterstadt',
      LASTPLAN_OIDC_ROLE_CLAIM: 'realm_access.roles',
      LASTPLAN_OIDC_ROLE_MAP: 'planung=planner,kaemmerei=finance,*=viewer',
    });
    expect(config.session).toEqual({ idleSeconds: 900, absoluteSeconds: 36_000 });
    expect(config.oidc).toEqual({
      issuer: 'https://sso.stadt.example/realms/rathaus',
      clientId: 'lastplan',
      clientSecret: 'geheim',
      tenant: 'musterstadt',
      roleClaim: 'realm_access.roles',
      roleMap: { planung: ['planner'], kaemmerei: ['finance'], '*': ['viewer'] },
      scopes: 'openid profile email',
    });
  });

  it.each([
    [{ LASTPLAN_OIDC_ISSUER: 'https://sso.example' }, 'LASTPLAN_OIDC_CLIENT_ID'],
    [{ LASTPLAN_OIDC_ISSUER: 'https://sso.example', LASTPLAN_OIDC_CLIENT_ID: 'x' }, 'LASTPLAN_OIDC_TENANT'],
    [{ LASTPLAN_OIDC_ISSUER: 'sso.example' }, 'LASTPLAN_OIDC_ISSUER'],
    [{ LASTPLAN_SESSION_IDLE_MINUTES: '0' }, 'LASTPLAN_SESSION_IDLE_MINUTES'],
  ])('names the variable that is wrong: %j', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(variable);
  });
});
