import { ApiError } from '../../chat/api';
import { type ApiAuth, type Me, managementApi } from '../api/management-api';
import { signInStore } from './sign-in.store';

/**
 * Who is signed in and how: with an API key (kept in this tab) or with the console session SSO
 * sign-in set (an HttpOnly cookie the page never sees), and what GET /api/me says of them – the
 * name the header shows and the role that decides what the console offers.
 */
export interface Access {
  auth: ApiAuth;
  me: Me;
  /** `platform`: the admin key, which chooses a tenant; `tenant`: a tenant's key or member. */
  scope: 'platform' | 'tenant';
  tenantId: string | undefined;
  tenantName: string | undefined;
}

/** Where SSO sign-in starts; the identity provider returns to the platform, which opens the console. */
export const SSO_LOGIN_PATH = '/auth/oidc/login';

/** The gateway marks the console page when SSO sign-in is configured (docs/management-api.md, "Signing in to the console with SSO"). */
export const ssoOffered = (): boolean => document.querySelector('meta[name="parley-sso"]')?.getAttribute('content') === 'on';

const unauthorized = (error: unknown) => error instanceof ApiError && error.status === 401;

/** The tenant's name for the header; the console works without it. */
async function tenantName(auth: ApiAuth): Promise<string | undefined> {
  try {
    return (await managementApi(auth).tenants()).tenants[0]?.name;
  } catch {
    return undefined;
  }
}

/** A key typed on the sign-in page: who it is, and its tenant unless it is the admin key. Throws the API's refusal. */
export async function signInWithKey(key: string): Promise<Access> {
  const auth: ApiAuth = { kind: 'key', key };
  const api = managementApi(auth);
  const [me, { scope, tenants }] = await Promise.all([api.me(), api.tenants()]);
  const own = scope === 'tenant' ? tenants[0] : undefined;
  const access: Access = { auth, me, scope, tenantId: own?.id, tenantName: own?.name };
  remember(access);
  return access;
}

/** The admin key's choice of tenant: every call names it from now on. */
export function withTenant(access: Access, tenant: { id: string; name: string } | undefined): Access {
  if (access.auth.kind !== 'key') return access;
  const next: Access = { ...access, auth: { ...access.auth, tenantId: tenant?.id }, tenantId: tenant?.id, tenantName: tenant?.name };
  remember(next);
  return next;
}

function remember(access: Access): void {
  if (access.auth.kind === 'key') signInStore.save({ key: access.auth.key, scope: access.scope, tenantId: access.tenantId, tenantName: access.tenantName });
}

/**
 * What a newly opened console finds: the key this tab signed in with, or – where SSO is offered –
 * a console session the browser holds. `undefined`: nobody is signed in; `expired`: a kept key is
 * no longer accepted. Anything else (the server unreachable) is thrown.
 */
export async function restoreAccess(): Promise<Access | undefined | 'expired'> {
  const saved = signInStore.load();
  if (saved) {
    const auth: ApiAuth = { kind: 'key', key: saved.key, tenantId: saved.tenantId };
    try {
      const me = await managementApi(auth).me();
      return { auth, me, scope: saved.scope, tenantId: saved.tenantId, tenantName: saved.tenantName };
    } catch (error) {
      if (!unauthorized(error)) throw error;
      signInStore.clear();
      return 'expired';
    }
  }
  if (!ssoOffered()) return undefined;
  try {
    const me = await managementApi({ kind: 'session', csrfToken: null }).me();
    const auth: ApiAuth = { kind: 'session', csrfToken: me.csrf_token };
    return { auth, me, scope: 'tenant', tenantId: me.tenant_id ?? undefined, tenantName: await tenantName(auth) };
  } catch (error) {
    if (unauthorized(error)) return undefined;
    throw error;
  }
}

/** Forgets a key that is no longer accepted; a session the server ended has nothing left here. */
export const forget = (): void => signInStore.clear();

/** Signs out: a console session is ended on the server (its cookie cleared); a key is only forgotten. */
export async function signOut(access: Access): Promise<void> {
  signInStore.clear();
  if (access.auth.kind !== 'session') return;
  try {
    await managementApi(access.auth).signOut();
  } catch {
    // Already ended (the member removed, the session expired): nothing is left to end.
  }
}
