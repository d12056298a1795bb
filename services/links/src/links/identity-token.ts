import type { IdentityCheck } from '@parley/contracts';
import { errors, jwtVerify } from 'jose';

/** The furthest ahead a token's `exp` may be (docs/api.md): a leaked token is worth a day at most. */
export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;
/** Leeway for an issuer whose clock runs a little ahead when it sets exp to exactly 24 h. */
const LIFETIME_LEEWAY_SECONDS = 60;

/** The claims a valid token vouches for: the user id, and the name and email signed with it. */
export interface TokenUser {
  id: string;
  name?: string;
  email?: string;
}

const optionalText = (value: unknown, max: number) => value === undefined || (typeof value === 'string' && value.length <= max);

/**
 * Checks a host site's identity token (docs/public-chat-api.md, "Signed visitor identity"): a JWT
 * signed HS256 with the link's identity secret (the secret's text as the key, as for user_hash),
 * with `sub` (1 to 255 characters), `exp` (not past, at most 24 h ahead), optional `name` and
 * `email` strings. Only HS256 is accepted, so neither `none` nor a public-key algorithm can pass
 * a token off as signed. The signature is checked before any claim, so an unsigned token learns
 * nothing of why it failed but that it is not signed.
 */
export async function verifyIdentityToken(
  secret: string,
  token: string,
  now = Date.now(),
): Promise<{ result: Exclude<IdentityCheck, 'valid'> } | { result: 'valid'; user: TokenUser }> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'], currentDate: new Date(now) }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { result: 'token_expired' };
    return { result: 'token_invalid' };
  }
  const nowSeconds = Math.floor(now / 1000);
  if (payload.exp === undefined) return { result: 'token_exp_missing' };
  if (typeof payload.exp !== 'number' || payload.exp > nowSeconds + MAX_TOKEN_LIFETIME_SECONDS + LIFETIME_LEEWAY_SECONDS)
    return { result: 'token_exp_too_far' };
  const { sub, name, email } = payload;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 255) return { result: 'token_sub_missing' };
  if (!optionalText(name, 200) || !optionalText(email, 320)) return { result: 'token_invalid' };
  return {
    result: 'valid',
    user: { id: sub, ...(typeof name === 'string' && name ? { name } : {}), ...(typeof email === 'string' && email ? { email } : {}) },
  };
}
