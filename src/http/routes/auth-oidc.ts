import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import * as oidc from 'openid-client';
import type { OidcSettings } from '../../config.ts';
import { DomainError } from '../../domain/errors.ts';
import { appendAuditEvent } from '../../store/audit-store.ts';
import { findTenantBySlug } from '../../store/tenant-store.ts';
import { withTenant } from '../../store/with-tenant.ts';
import { rolesFromClaims } from '../../tenancy/claim-roles.ts';
import type { Actor } from '../../tenancy/principal.ts';
import type { AppEnv } from '../app-env.ts';
import { checkSameOrigin } from '../auth.ts';
import { APP_PAGE_CSP } from '../page-csp.ts';
import { endSession, startSession } from '../start-session.ts';

/** Holds state, nonce, PKCE verifier and where to go back to between /auth/login and /auth/callback. */
const LOGIN_COOKIE = 'lastplan_oidc';
const LOGIN_SECONDS = 600;

interface LoginState {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
  readonly returnTo: string;
}

/**
 * Sign-in through the deployment's OpenID provider: authorization code flow with PKCE, state and
 * nonce, by `openid-client` (a certified relying party). `/auth/login` sends the browser to the
 * provider, `/auth/callback` redeems the code, maps the role claim to roles and starts a
 * server-side session for the person, `/auth/logout` ends it (and the provider's session, where
 * the provider offers RP-initiated logout). Without LASTPLAN_OIDC_ISSUER the routes answer 404.
 */
export function registerOidcRoutes(app: OpenAPIHono<AppEnv>): void {
  // The provider's metadata, fetched on first use and kept; a failed discovery is tried again.
  let discovered: Promise<oidc.Configuration> | undefined;
  const configuration = (settings: OidcSettings): Promise<oidc.Configuration> => {
    discovered ??= discover(settings).catch((error: unknown) => {
      discovered = undefined;
      throw error;
    });
    return discovered;
  };

  app.get('/auth/status', (c) => {
    c.header('cache-control', 'no-store');
    return c.json({ oidc: c.get('deps').oidc !== undefined });
  });

  app.get('/auth/login', async (c) => {
    const settings = settingsOf(c);
    const config = await configuration(settings);
    const login: LoginState = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
      returnTo: safeReturnTo(c.req.query('returnTo')),
    };
    const target = oidc.buildAuthorizationUrl(config, {
      redirect_uri: callbackUrl(c),
      scope: settings.scopes,
      code_challenge: await oidc.calculatePKCECodeChallenge(login.verifier),
      code_challenge_method: 'S256',
      state: login.state,
      nonce: login.nonce,
    });
    c.header('set-cookie', loginCookie(c, encode(login), LOGIN_SECONDS));
    c.header('cache-control', 'no-store');
    return c.redirect(target.href, 302);
  });

  app.get('/auth/callback', async (c) => {
    const settings = settingsOf(c);
    const login = decode(getCookie(c, LOGIN_COOKIE));
    if (!login) {
      throw new DomainError(
        'unauthorized',
        'the sign-in took longer than 10 minutes or did not start here; start again at /auth/login',
      );
    }
    c.header('set-cookie', loginCookie(c, '', 0), { append: true });
    const config = await configuration(settings);
    // The URL the provider redirected to, as the provider saw it (behind a proxy c.req.url differs).
    const current = new URL(callbackUrl(c));
    current.search = new URL(c.req.url).search;
    let claims: Record<string, unknown>;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: login.verifier,
        expectedState: login.state,
        expectedNonce: login.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims) throw new Error('the provider sent no ID token');
      claims = { ...idClaims };
      // Many providers put profile and group claims only into the userinfo answer of a code flow.
      if (
        config.serverMetadata().userinfo_endpoint &&
        (!hasClaim(claims, settings.roleClaim) || !claims.name)
      ) {
        claims = { ...(await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub)), ...claims };
      }
    } catch (error) {
      throw new DomainError('unauthorized', `the identity provider's answer was refused: ${describe(error)}`);
    }
    const subject = String(claims.sub);
    const actor: Actor = {
      kind: 'person',
      id: subject.slice(0, 255),
      name: personName(claims).slice(0, 200),
    };
    const roles = rolesFromClaims(claims, settings.roleClaim, settings.roleMap);
    if (roles.length === 0) {
      throw new DomainError(
        'forbidden',
        `${actor.name} holds no lastplan role: the claim "${settings.roleClaim}" has no value that LASTPLAN_OIDC_ROLE_MAP maps to a role`,
      );
    }
    const deps = c.get('deps');
    const tenant = await findTenantBySlug(deps.database, settings.tenant);
    if (!tenant)
      throw new DomainError(
        'not-found',
        `the tenant "${settings.tenant}" (LASTPLAN_OIDC_TENANT) does not exist`,
      );
    const session = await startSession(c, { tenantId: tenant.id, actor, tokenId: null, roles });
    await audit(c, tenant.id, actor, 'session.create', session.id, { roles, via: 'oidc' });
    c.header('cache-control', 'no-store');
    return c.redirect(login.returnTo, 303);
  });

  // Signing out changes state, so a page of another site must not be able to do it by a link or
  // an <img> (login CSRF's twin, OWASP's CSRF cheat sheet): GET ends the session only for a
  // navigation the person started here (Sec-Fetch-Site same-origin, or none for a typed URL or a
  // bookmark) and otherwise shows a button that POSTs; POST is checked like every cookie write.
  app.get('/auth/logout', async (c) => {
    const site = c.req.header('sec-fetch-site');
    if (site === 'same-origin' || site === 'none') return signOut(c);
    c.header('cache-control', 'no-store');
    c.header('content-security-policy', await logoutPageCsp(c));
    return c.html(LOGOUT_PAGE, 200);
  });

  app.post('/auth/logout', async (c) => {
    checkSameOrigin(c, c.req.header('origin'));
    return signOut(c);
  });

  async function signOut(c: Context<AppEnv>): Promise<Response> {
    const settings = c.get('deps').oidc;
    const ended = await endSession(c);
    if (ended) await audit(c, ended.tenantId, ended.actor, 'session.delete', ended.id, { via: 'oidc' });
    c.header('cache-control', 'no-store');
    const home = new URL('/', callbackUrl(c)).href;
    if (!settings) return c.redirect('/', 303);
    const config = await configuration(settings).catch(() => undefined);
    if (!config?.serverMetadata().end_session_endpoint) return c.redirect('/', 303);
    return c.redirect(
      oidc.buildEndSessionUrl(config, { client_id: settings.clientId, post_logout_redirect_uri: home }).href,
      303,
    );
  }

  /** The app's page policy, with the provider's origin allowed as where the form's redirect goes. */
  async function logoutPageCsp(c: Context<AppEnv>): Promise<string> {
    const settings = c.get('deps').oidc;
    const config = settings ? await configuration(settings).catch(() => undefined) : undefined;
    const endpoint = config?.serverMetadata().end_session_endpoint;
    const provider = endpoint ? ` ${new URL(endpoint).origin}` : '';
    return APP_PAGE_CSP.replace("form-action 'self'", `form-action 'self'${provider}`);
  }
}

/** Asked when another page sent the browser to /auth/logout: the person decides. No script. */
const LOGOUT_PAGE = `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Abmelden – lastplan</title>
<style>body{font:16px system-ui,sans-serif;margin:3rem auto;max-width:32rem;padding:0 1rem}button{font:inherit;padding:.5rem 1rem}</style>
</head><body>
<h1>Abmelden?</h1>
<p>Eine andere Seite hat Sie hierher geschickt. Melden Sie sich nur ab, wenn Sie das wollen.</p>
<p lang="en">Another page sent you here. Sign out only if you mean to.</p>
<form method="post" action="/auth/logout"><button type="submit">Abmelden / Sign out</button></form>
<p><a href="/">Zurück zu lastplan / Back to lastplan</a></p>
</body></html>
`;

function settingsOf(c: Context<AppEnv>): OidcSettings {
  const settings = c.get('deps').oidc;
  if (!settings)
    throw new DomainError(
      'not-found',
      'sign-in through an identity provider is not configured (LASTPLAN_OIDC_ISSUER)',
    );
  return settings;
}

async function discover(settings: OidcSettings): Promise<oidc.Configuration> {
  const issuer = new URL(settings.issuer);
  // Plain http only to a provider on this machine (tests, a local Keycloak); anything else must be https.
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
  try {
    return await oidc.discovery(
      issuer,
      settings.clientId,
      undefined,
      settings.clientSecret ? oidc.ClientSecretPost(settings.clientSecret) : oidc.None(),
      loopback && issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined,
    );
  } catch (error) {
    throw new DomainError(
      'unauthorized',
      `the identity provider ${settings.issuer} cannot be used: ${describe(error)}`,
    );
  }
}

/** Where the provider sends the browser back: under LASTPLAN_PUBLIC_URL, else under the request's own origin. */
function callbackUrl(c: Context<AppEnv>): string {
  const base = c.get('deps').publicUrl ?? new URL(c.req.url).origin;
  return new URL('/auth/callback', base).href;
}

/** Only a path of this app: never another host (`//evil.example`, `https://…`), so sign-in cannot redirect away. */
function safeReturnTo(value: string | undefined): string {
  return value && /^\/(?![/\\])[^\s]*$/.test(value) ? value : '/';
}

function hasClaim(claims: Record<string, unknown>, path: string): boolean {
  let value: unknown = claims;
  for (const key of path.split('.'))
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value !== undefined;
}

function personName(claims: Record<string, unknown>): string {
  for (const key of ['name', 'preferred_username', 'email']) {
    const value = claims[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return String(claims.sub);
}

function loginCookie(c: Context<AppEnv>, value: string, maxAge: number): string {
  const https = new URL(c.get('deps').publicUrl ?? c.req.url).protocol === 'https:';
  // Lax, not Strict: the provider's redirect back is a navigation from another site.
  return `${LOGIN_COOKIE}=${value}; Path=/auth; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${https ? '; Secure' : ''}`;
}

function encode(login: LoginState): string {
  return btoa(JSON.stringify(login)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decode(value: string | undefined): LoginState | undefined {
  if (!value || value.length > 2048) return undefined;
  try {
    const parsed = JSON.parse(atob(value.replace(/-/g, '+').replace(/_/g, '/'))) as Partial<LoginState>;
    const fields = [parsed.state, parsed.nonce, parsed.verifier, parsed.returnTo];
    return fields.every((f) => typeof f === 'string') ? (parsed as LoginState) : undefined;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  if (error instanceof DomainError) return error.message;
  const parts: string[] = [];
  // openid-client wraps the specific reason (a wrong state, an expired code …) as the cause.
  for (let current = error as Record<string, unknown> | undefined, depth = 0; current && depth < 3; depth++) {
    const text = [current.error, current.error_description ?? current.message].filter(Boolean).join(': ');
    if (text && !parts.includes(text)) parts.push(text);
    current = current.cause as Record<string, unknown> | undefined;
  }
  return parts.join(' – ') || String(error);
}

async function audit(
  c: Context<AppEnv>,
  tenantId: string,
  actor: Actor,
  action: string,
  sessionId: string,
  detail: Record<string, unknown>,
): Promise<void> {
  const deps = c.get('deps');
  await withTenant(deps.database, tenantId, (tx) =>
    appendAuditEvent(tx, tenantId, {
      at: deps.clock(),
      actor,
      action,
      resourceType: 'session',
      resourceId: sessionId,
      detail,
      requestId: c.get('requestId'),
    }),
  );
}
