import type { PlatformBus } from '@parley/bus';
import { AppError, type IdentityCheck, type LinkAccess, type VerifiedUser, type VisitorUser } from '@parley/contracts';
import type { FastifyRequest } from 'fastify';
import type { LinkGuard } from '../limits/link-guard.js';

/** What each refusal of a host's `user` says: 401 `unauthorized`, with `details.reason`. */
const refusals: Record<Exclude<IdentityCheck, 'valid'>, { reason: string; message: string }> = {
  no_secret: { reason: 'identity_not_configured', message: 'this link has no identity secret to verify with, so no user can be verified on it' },
  invalid: { reason: 'identity_invalid', message: 'user_hash is not the HMAC of user_id under this link’s identity secret' },
  token_required: { reason: 'identity_token_required', message: 'this link takes signed-in users only as a token with an expiry: send `user` as `{token}`' },
  token_invalid: { reason: 'identity_token_invalid', message: 'token is not a JWT signed HS256 with this link’s identity secret, with text claims' },
  token_expired: { reason: 'identity_token_expired', message: 'token has expired (`exp` is past)' },
  token_exp_missing: { reason: 'identity_token_exp_missing', message: 'token has no `exp`: identity tokens must expire' },
  token_exp_too_far: { reason: 'identity_token_exp_too_far', message: 'token’s `exp` is more than 24 hours ahead' },
  token_sub_missing: { reason: 'identity_token_sub_missing', message: 'token has no `sub` (the user id, 1 to 255 characters)' },
};

/**
 * Signed visitor identity (docs/public-chat-api.md "Signed visitor identity"): a session start may carry the
 * host site's signed-in user, as `user_hash` = hex HMAC-SHA256(the link's identity secret,
 * user_id), or as a JWT `token` (HS256 over the same secret) that expires and signs the name and
 * email too. Both are checked by the links service, where the secret lives (it never crosses the
 * bus), which answers the user in the link's identity realm: a signed user is the pair (realm,
 * id), so the same id signed by another link's secret is another person.
 *
 * Refusals are 401 `unauthorized`, like a missing or wrong passcode (see `refusals`):
 * `identity_not_configured` (the link has no secret yet, or one that does not open with the links
 * service's SECRETS_KEY, so no user can be verified; binding an unverified id would let anyone be anyone), a wrong hash or token, a hash on a link with
 * `identity_token_required`. A link with `require_identity` and no user is refused by the
 * sessions service (`identity_required`, also 401: a missing credential, not a refused rule),
 * which alone knows whether a new conversation carries its user over from the visitor's previous
 * one. `user` counts only when a session starts; a continued session stays bound to whoever
 * started it.
 */
export async function verifyVisitorUser(
  bus: PlatformBus,
  guard: LinkGuard,
  request: FastifyRequest,
  link: LinkAccess,
  user: VisitorUser | undefined,
): Promise<VerifiedUser | undefined> {
  if (user === undefined) return undefined;
  // The schema lets only these two forms through.
  const form = user.token !== undefined ? { token: user.token } : { userId: user.user_id as string, userHash: user.user_hash as string };
  const checked = await bus.request('links.links.verify-identity', { linkId: link.linkId, ...form }, { requestId: request.id });
  if (checked.result === 'valid' && checked.user) {
    // With a hash only the id is signed: the name and email are the page's word, kept as said.
    return user.token !== undefined
      ? checked.user
      : { ...checked.user, ...(user.name ? { name: user.name } : {}), ...(user.email ? { email: user.email } : {}) };
  }
  guard.recordRefusal('verification_failed', { tenantId: link.tenantId, linkId: link.linkId });
  await guard.penalize(request, link);
  const refusal = refusals[checked.result === 'valid' ? 'invalid' : checked.result];
  throw new AppError('unauthorized', refusal.message, { details: { reason: refusal.reason } });
}
