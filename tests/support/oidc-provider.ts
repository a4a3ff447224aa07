import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { type OidcSettings, parseRoleMap } from '../../src/config.ts';

/** Who can sign in at the test provider, by login name, with the claims it gives them. */
export const accounts: Record<string, Record<string, unknown>> = {
  erika: { name: 'Erika Mustermann', groups: ['amt-planung'] },
  frieda: { name: 'Frieda Finanz', groups: ['kaemmerei', 'amt-planung'] },
  max: { name: 'Max Ohnerolle', groups: ['hausmeisterei'] },
};

export const CLIENT_ID = 'lastplan';
export const CLIENT_SECRET = 'a-client-secret-of-the-test-provider';

/** lastplan's sign-in settings for this provider: the `groups` claim mapped by `roleMap`. */
export function oidcSettings(provider: TestProvider, tenant: string, roleMap: string): OidcSettings {
  return {
    issuer: provider.issuer,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    tenant,
    roleClaim: 'groups',
    roleMap: parseRoleMap(roleMap),
    scopes: 'openid profile groups',
  };
}

export interface TestProvider {
  readonly issuer: string;
  close(): Promise<void>;
}

/**
 * A real, certified OpenID provider (`oidc-provider`) on a loopback port, with its development
 * sign-in pages (any password) and one confidential client for lastplan at `appOrigin`.
 */
export async function startOidcProvider(appOrigin: string): Promise<TestProvider> {
  let server: Server | undefined;
  const port = await new Promise<number>((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as AddressInfo;
      probe.close(() => resolve(free));
    });
  });
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${appOrigin}/auth/callback`],
        post_logout_redirect_uris: [`${appOrigin}/`],
        token_endpoint_auth_method: 'client_secret_post',
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], profile: ['name'], groups: ['groups'] },
    scopes: ['openid', 'profile', 'groups'],
    findAccount: (_ctx: unknown, id: string) =>
      accounts[id] ? { accountId: id, claims: () => ({ sub: id, ...accounts[id] }) } : undefined,
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: ['test-provider-cookie-key'] },
  });
  server = createServer(provider.callback());
  await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server?.closeAllConnections();
        server?.close(() => resolve());
      }),
  };
}

/** A browser's cookie jar for one host, by hand: enough for the provider's and lastplan's cookies. */
export class CookieJar {
  readonly #cookies = new Map<string, string>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === '' || /max-age=0\b|expires=thu, 01 jan 1970/i.test(line)) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  get(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  set(name: string, value: string): void {
    this.#cookies.set(name, value);
  }

  header(): Record<string, string> {
    return this.#cookies.size === 0
      ? {}
      : { cookie: [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
  }
}

/**
 * Walks the provider's side of a sign-in as a browser would: follows its redirects and submits
 * its login and consent forms, until it redirects away from the provider. Returns that URL.
 */
export async function passProvider(start: string, login: string, jar: CookieJar): Promise<string> {
  let location = start;
  const origin = new URL(start).origin;
  for (let step = 0; step < 20 && new URL(location).origin === origin; step++) {
    let response = await fetch(location, { redirect: 'manual', headers: jar.header() });
    jar.store(response);
    if (response.status === 200) {
      const html = await response.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      if (!action) throw new Error(`the provider showed a page without a form: ${html.slice(0, 500)}`);
      const fields = new URLSearchParams();
      for (const match of html.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g))
        fields.set(match[1] as string, match[2] as string);
      if (html.includes('name="login"')) {
        fields.set('login', login);
        fields.set('password', 'beliebig');
      }
      response = await fetch(new URL(action.replaceAll('&amp;', '&'), location), {
        method: 'POST',
        redirect: 'manual',
        headers: { ...jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
        body: fields,
      });
      jar.store(response);
    }
    const next = response.headers.get('location');
    if (!next)
      throw new Error(
        `the provider answered ${response.status} without a redirect: ${await response.text()}`,
      );
    location = new URL(next, location).href;
  }
  return location;
}
