import { sha256Hex } from '@parley/auth';
import { AppError, sessionCredentialPattern } from '@parley/contracts';

/**
 * The SHA-256 of a visitor's session credential: the only form in which it leaves the gateway
 * (the sessions service knows sessions by it). A value of another shape was never handed out, so
 * it is refused like an unknown one, without asking anyone. Links themselves are resolved by
 * lookupLink (links/lookup.ts), shared with the verification routes.
 */
export function credentialHashOf(session: string): string {
  if (!sessionCredentialPattern.test(session)) {
    throw new AppError('unauthorized', 'unknown session for this link', { details: { reason: 'unknown_session' } });
  }
  return sha256Hex(session);
}
