/// <reference path="./oidc-provider-module.d.ts" />
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProviderContext } from 'oidc-provider';

/** A person the test OpenID provider knows: they sign in with their email as the login. */
export interface OidcPerson {
  email: string;
  email_verified: boolean;
  name: string;
}

export interface TestOidcProvider {
  /** The issuer URL (http://127.0.0.1:<port>): OIDC_ISSUER_URL. */
  issuer: string;
  /**
   * Signs in at the provider as `login` (a person's email) with plain HTTP, from the authorization
   * URL the application redirected to, and answers the URL the provider sends the browser back to
   * (the application's redirect URI with `code` and `state`, or `error=access_denied` when `abort`).
   */
  signIn(authorizationUrl: string, login: string, options?: { abort?: boolean }): Promise<string>;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (oidc-provider) on loopback for tests of console sign-in: one
 * confidential client (`client_secret_basic`, authorization code with PKCE) redirecting to
 * `redirectUri`, and `people` as its accounts, whose claims are `email`, `email_verified` and
 * `name`. The login page is oidc-provider's development one: in a browser, type the person's email
 * into the "Enter any login" field (`input[name=login]`), anything as the password
 * (`input[name=password]`), and press "Sign-in"; consent is already given, so the browser goes
 * straight back to `redirectUri`. A login that is no person's is refused by the provider.
 */
export async function startOidcProvider(options: {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  people: OidcPerson[];
}): Promise<TestOidcProvider> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const people = new Map(options.people.map((person) => [person.email, person]));
  // Loaded here, not with @parley/testing: only the tests that start a provider pay for it (and its warnings).
  const { default: Provider } = await import('oidc-provider');
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['test-oidc-provider-cookie-key'] },
    ttl: { AccessToken: 600, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
    findAccount: (_ctx: unknown, id: string) => {
      const person = people.get(id);
      if (!person) return undefined;
      return { accountId: id, claims: () => ({ sub: id, email: person.email, email_verified: person.email_verified, name: person.name }) };
    },
    // Consent is taken as given: a login goes straight back to the application.
    loadExistingGrant: async (ctx: ProviderContext) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  handler = provider.callback();

  async function signIn(authorizationUrl: string, login: string, signInOptions: { abort?: boolean } = {}): Promise<string> {
    const cookies = new Map<string, string>();
    const send = async (url: string, init: { method?: string; body?: string } = {}) => {
      const response = await fetch(url, {
        method: init.method ?? 'GET',
        redirect: 'manual',
        headers: {
          cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
          ...(init.body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
        },
        ...(init.body === undefined ? {} : { body: init.body }),
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const at = pair?.indexOf('=') ?? -1;
        if (pair && at > 0) cookies.set(pair.slice(0, at), pair.slice(at + 1));
      }
      await response.arrayBuffer();
      return response;
    };
    let url = authorizationUrl;
    for (let hops = 0; hops < 10; hops++) {
      if (url.startsWith(options.redirectUri)) return url;
      const interaction = new URL(url).pathname.match(/^\/interaction\/([^/]+)$/);
      const response = interaction
        ? signInOptions.abort
          ? await send(`${url}/abort`)
          : await send(url, { method: 'POST', body: new URLSearchParams({ prompt: 'login', login, password: 'any' }).toString() })
        : await send(url);
      const location = response.headers.get('location');
      if (location === null) throw new Error(`the provider answered ${response.status} at ${url}, not a redirect`);
      url = new URL(location, url).href;
    }
    throw new Error('the provider kept redirecting');
  }

  return {
    issuer,
    signIn,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
