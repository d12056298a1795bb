import { AppError } from '@parley/contracts';
import * as client from 'openid-client';

/** What a sign-in under way keeps between the redirect to the provider and its answer. */
export interface PendingSignIn {
  verifier: string;
  state: string;
  nonce: string;
}

/** Who the provider says signed in. */
export interface SignedInPerson {
  email: string | undefined;
  emailVerified: boolean;
  name: string | undefined;
}

/** Why a sign-in did not finish: the person declined or the provider refused, or the provider could not be reached. */
export class SignInFailed extends Error {
  constructor(
    readonly reason: 'denied' | 'refused' | 'unreachable',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The authorization code flow with PKCE (S256), state and nonce against the OpenID provider
 * (OIDC_ISSUER_URL; docs/management-api.md, "Signing in to the console with SSO"). The provider's metadata
 * is discovered on first use and kept; a failed discovery is tried again on the next sign-in.
 */
export class OidcSignIn {
  private configuration: Promise<client.Configuration> | undefined;

  constructor(
    private readonly settings: { issuerUrl: string; clientId: string; clientSecret: string },
    /** `${PUBLIC_BASE_URL}/auth/oidc/callback`, as registered at the provider. */
    readonly redirectUri: string,
  ) {}

  private discovered(): Promise<client.Configuration> {
    if (!this.configuration) {
      const issuer = new URL(this.settings.issuerUrl);
      // Config allows http:// only for a provider on a loopback host (config.ts, refuseHalfOidc).
      const options = issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined;
      this.configuration = client.discovery(issuer, this.settings.clientId, this.settings.clientSecret, undefined, options);
      this.configuration.catch(() => {
        this.configuration = undefined;
      });
    }
    return this.configuration.catch((error: unknown) => {
      throw new SignInFailed('unreachable', `the identity provider could not be reached: ${(error as Error).message}`);
    });
  }

  /** Where to send the browser, and what to keep (in the sign-in cookie) until it comes back. */
  async start(): Promise<{ url: string; pending: PendingSignIn }> {
    const config = await this.discovered();
    const verifier = client.randomPKCECodeVerifier();
    const pending = { verifier, state: client.randomState(), nonce: client.randomNonce() };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /**
   * Exchanges the code the provider sent back (`search`: the callback's query string), checking
   * state, nonce and the PKCE verifier; the email comes from the ID token, or the userinfo
   * endpoint when the token has none.
   */
  async finish(search: string, pending: PendingSignIn): Promise<SignedInPerson> {
    const config = await this.discovered();
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, new URL(`${this.redirectUri}${search}`), {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw failure(error);
    }
    const claims = tokens.claims();
    if (!claims) throw new SignInFailed('refused', 'the identity provider sent no ID token');
    let person: Record<string, unknown> = claims;
    if (typeof claims.email !== 'string') {
      try {
        person = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      } catch (error) {
        throw failure(error);
      }
    }
    return {
      email: typeof person.email === 'string' ? person.email : undefined,
      emailVerified: person.email_verified === true,
      name: typeof person.name === 'string' ? person.name : undefined,
    };
  }
}

/** An error of the exchange as a sign-in failure: the provider's refusals apart from not reaching it. */
function failure(error: unknown): SignInFailed {
  if (error instanceof client.AuthorizationResponseError) {
    return new SignInFailed(error.error === 'access_denied' ? 'denied' : 'refused', `the identity provider answered ${error.error}`);
  }
  if (error instanceof client.ResponseBodyError || error instanceof client.ClientError || error instanceof client.WWWAuthenticateChallengeError) {
    return new SignInFailed('refused', error.message);
  }
  if (error instanceof AppError) return new SignInFailed('refused', error.message);
  return new SignInFailed('unreachable', `the identity provider could not be reached: ${(error as Error).message}`);
}
