import type { PlatformBus } from '@parley/bus';
import { AppError, type LinkAccess, type VerifiedUser, type VisitorUser } from '@parley/contracts';
import type { FastifyRequest } from 'fastify';
import { type LinkGuard, recordGuardRefusal } from './link-guard.js';

/**
 * Signed visitor identity (API.md): a session start may carry the host site's signed-in user,
 * `user_hash` = hex HMAC-SHA256(the link's identity secret, user_id). The hash is checked by the
 * links service, where the secret lives (it never crosses the bus), in constant time.
 *
 * Refusals are 401 `unauthorized`, like a missing or wrong passcode: `identity_invalid` (the hash
 * does not match), `identity_not_configured` (the link has no secret yet, so no user can be
 * verified; binding an unverified id would let anyone be anyone), and `identity_required` (a
 * link with `require_identity` and no user) – a missing credential, not a refused rule, hence
 * 401 rather than 403. `user` counts only when a session starts; a continued session stays bound
 * to whoever started it.
 */
export async function verifyVisitorUser(
  bus: PlatformBus,
  guard: LinkGuard,
  request: FastifyRequest,
  link: LinkAccess,
  user: VisitorUser | undefined,
): Promise<VerifiedUser | undefined> {
  if (user === undefined) return undefined;
  const { result } = await bus.request('links.verifyIdentity', { linkId: link.linkId, userId: user.user_id, userHash: user.user_hash }, { requestId: request.id });
  if (result === 'valid') {
    return { id: user.user_id, ...(user.name ? { name: user.name } : {}), ...(user.email ? { email: user.email } : {}) };
  }
  recordGuardRefusal(guard, 'verification_failed', { tenantId: link.tenantId, linkId: link.linkId });
  if (result === 'no_secret') {
    throw new AppError('unauthorized', 'this link has no identity secret yet, so no user can be verified on it', { details: { reason: 'identity_not_configured' } });
  }
  throw new AppError('unauthorized', 'user_hash is not the HMAC of user_id under this link’s identity secret', { details: { reason: 'identity_invalid' } });
}

/**
 * A link with `require_identity` starts sessions only with `user`; a visitor already in a
 * session of theirs (`carried`: a credential sent along) keeps their user for a new conversation.
 */
export function requireVisitorUser(link: LinkAccess, user: VisitorUser | undefined, carried: boolean): void {
  if (link.requireIdentity && user === undefined && !carried) {
    throw new AppError('unauthorized', 'this link starts conversations only for signed-in users: send `user` with its `user_hash`', {
      details: { reason: 'identity_required' },
    });
  }
}
