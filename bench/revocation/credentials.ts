import { signRequest } from '@parley/auth';
import type { TestOidcProvider } from '@parley/testing';
import { type GatewayClient, setCookieValue } from './gateway-client.js';

/** The credentials whose revocation is timed (docs/management-api.md, "API keys", "Members"; docs/text-chat-api.md, "Text Chat API secrets"). */
export type CredentialKind = 'api-key' | 'chat-secret' | 'console-session';
export const CREDENTIAL_KINDS: readonly CredentialKind[] = ['api-key', 'chat-secret', 'console-session'];

/** What the tables call each; the revocation and the request B is asked are in the benchmark's usage. */
export const KIND_LABELS: Record<CredentialKind, string> = {
  'api-key': 'API key',
  'chat-secret': 'Text Chat API secret',
  'console-session': "member's console session",
};

/** Both gateways of the stack: A is where credentials are made and revoked, B where the revoked one is tried. */
export interface Gateways {
  a: GatewayClient;
  b: GatewayClient;
}

/** The tenant every credential belongs to: its owner key manages them, its agent takes the Text Chat API sessions. */
export interface BenchTenant {
  tenantId: string;
  ownerKey: string;
  agentId: string;
}

/** The person the test OpenID provider signs in: a member again in every round (removed at its end). */
export const MEMBER_EMAIL = 'revoked.member@example.com';

/** A credential made and used on both gateways, ready to be revoked on A while B is asked. */
export interface WarmCredential {
  /** Sends the revocation to gateway A; answers its status. */
  revoke(): Promise<number>;
  /** Uses the credential once on gateway B; answers the status. */
  useOnB(): Promise<number>;
  /** What B answers while it still takes the credential. */
  accepted: number;
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** Uses the credential once on A and twice on B, each answering `accepted`: both gateways have it cached. */
async function warm(use: (gateway: GatewayClient) => Promise<number>, gateways: Gateways, accepted: number, what: string): Promise<void> {
  for (const [name, gateway] of [
    ['A', gateways.a],
    ['B', gateways.b],
    ['B', gateways.b],
  ] as const) {
    const status = await use(gateway);
    if (status !== accepted) throw new Error(`${what} answered ${status} on gateway ${name} before it was revoked (expected ${accepted})`);
  }
}

/** An editor key made by the owner on A (docs/management-api.md, "API keys"). */
export async function warmApiKey(gateways: Gateways, tenant: BenchTenant, round: number): Promise<WarmCredential> {
  const made = await gateways.a.expect(201, 'POST', '/api/keys', { headers: bearer(tenant.ownerKey), json: { name: `revoked ${round}`, role: 'editor' } });
  const use = async (gateway: GatewayClient) => (await gateway.request('GET', '/api/agents', { headers: bearer(made.key) })).status;
  await warm(use, gateways, 200, 'the new key');
  return {
    revoke: async () => (await gateways.a.request('DELETE', `/api/keys/${made.key_id}`, { headers: bearer(tenant.ownerKey) })).status,
    useOnB: () => use(gateways.b),
    accepted: 200,
  };
}

/** A secret of the tenant's own made on A; each use starts a Text Chat API session signed with it (docs/text-chat-api.md, "Text Chat API secrets"). */
export async function warmChatSecret(gateways: Gateways, tenant: BenchTenant): Promise<WarmCredential> {
  const made = await gateways.a.expect(201, 'POST', '/api/chat-secrets', { headers: bearer(tenant.ownerKey) });
  const use = async (gateway: GatewayClient) => {
    const body = JSON.stringify({ tenant_id: tenant.tenantId, agent_id: tenant.agentId });
    const signature = signRequest(made.secret, 'POST', '/api/chat/sessions', body, Date.now(), { fractional: true });
    return (await gateway.request('POST', '/api/chat/sessions', { headers: { 'content-type': 'application/json', ...signature }, raw: body })).status;
  };
  await warm(use, gateways, 201, 'the new secret');
  return {
    revoke: async () => (await gateways.a.request('DELETE', `/api/chat-secrets/${made.secret_id}`, { headers: bearer(tenant.ownerKey) })).status,
    useOnB: () => use(gateways.b),
    accepted: 201,
  };
}

/**
 * An editor member signed in to the console through gateway A, the browser's part played with
 * plain HTTP (docs/management-api.md, "Signing in to the console with SSO"); removing the member ends the
 * session on every gateway.
 */
export async function warmConsoleSession(gateways: Gateways, tenant: BenchTenant, provider: TestOidcProvider, round: number): Promise<WarmCredential> {
  const member = await gateways.a.expect(201, 'POST', '/api/members', {
    headers: bearer(tenant.ownerKey),
    json: { email: MEMBER_EMAIL, name: `Member ${round}`, role: 'editor' },
  });
  const cookie = await signIn(gateways.a, provider, MEMBER_EMAIL);
  const use = async (gateway: GatewayClient) => (await gateway.request('GET', '/api/agents', { headers: { cookie: `parley_session=${cookie}` } })).status;
  await warm(use, gateways, 200, "the member's console session");
  return {
    revoke: async () => (await gateways.a.request('DELETE', `/api/members/${member.member_id}`, { headers: bearer(tenant.ownerKey) })).status,
    useOnB: () => use(gateways.b),
    accepted: 200,
  };
}

/** The gateway's redirect to the provider, the provider's login, the way back: the console session's cookie. */
async function signIn(gateway: GatewayClient, provider: TestOidcProvider, email: string): Promise<string> {
  const started = await gateway.request('GET', '/auth/oidc/login');
  const pending = setCookieValue(started, 'parley_oidc');
  if (started.status !== 302 || pending === undefined) throw new Error(`GET /auth/oidc/login: ${started.status} ${String(started.body)}`);
  const back = new URL(await provider.signIn(String(started.headers.location), email));
  const callback = await gateway.request('GET', `${back.pathname}${back.search}`, { headers: { cookie: `parley_oidc=${pending}` } });
  const session = setCookieValue(callback, 'parley_session');
  if (callback.status !== 302 || session === undefined) throw new Error(`GET /auth/oidc/callback: ${callback.status} ${String(callback.body)}`);
  return session;
}
