import { computeSignature, signaturesEqual } from '@parley/auth';
import { AppError } from '@parley/contracts';
import type { NonceStore } from '@parley/stores';

/** Signatures older or newer than this are refused (reference 004: five minutes). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;
/** A used signature is remembered for longer than it could ever be valid. */
const NONCE_TTL_SECONDS = SIGNATURE_TOLERANCE_SECONDS * 2 + 60;

/** Which check refused, in `details.reason` of every 401, so a client can tell them apart. */
type Refusal = 'missing_signature' | 'bad_timestamp' | 'outside_window' | 'bad_signature' | 'replayed' | 'replay_window_reset';

const refuse = (reason: Refusal, message: string, more: Record<string, unknown> = {}) =>
  new AppError('unauthorized', message, { details: { reason, ...more } });

/** A verified signature (lower case) and its X-Timestamp in Unix seconds. */
export interface VerifiedSignature {
  signature: string;
  signedAt: number;
}

/**
 * Verifies a Text Chat API request: timestamp within ±300 s, signature over
 * timestamp + METHOD + request target (path, and `?query` when there is one, as sent) +
 * sha256(raw body) compared in constant time.
 *
 * Replays: a signature is single-use only where a replay would repeat an effect (sending a
 * message). Reads and session creation accept identical requests, since a backend that signs
 * whole seconds, as the reference does, legitimately sends identical requests within one second;
 * and a claim is released when the request had no effect (it was answered with an error), so a
 * request can be sent again exactly as it was.
 */
export class HmacVerifier {
  constructor(
    private readonly secret: string,
    private readonly nonces: NonceStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Checks the signature; returns it (lower case) and its timestamp (Unix seconds) for `claim`. */
  verify(request: { method: string; target: string; body: Buffer | undefined; timestamp: unknown; signature: unknown }): VerifiedSignature {
    if (typeof request.timestamp !== 'string' || typeof request.signature !== 'string') {
      throw refuse('missing_signature', 'X-Timestamp and X-Signature headers are required');
    }
    // Whole seconds as the reference sends them; decimal fractions are accepted as well.
    if (!/^\d{1,12}(\.\d{1,6})?$/.test(request.timestamp)) throw refuse('bad_timestamp', 'X-Timestamp must be Unix seconds');
    const skew = Math.abs(this.now() / 1000 - Number(request.timestamp));
    if (skew > SIGNATURE_TOLERANCE_SECONDS) {
      throw refuse('outside_window', `X-Timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} seconds from the server's clock`);
    }
    const expected = computeSignature(this.secret, request.timestamp, request.method, request.target, request.body ?? '');
    if (!signaturesEqual(expected, request.signature)) throw refuse('bad_signature', 'invalid signature');
    return { signature: request.signature.toLowerCase(), signedAt: Number(request.timestamp) };
  }

  /**
   * Marks a verified signature used; a second claim while the first stands is a replay. A
   * signature dated before the replay protection last started empty (Redis lost its data, or the
   * one process restarted) is refused too: whether it was used before is no longer known.
   */
  async claim({ signature, signedAt }: VerifiedSignature): Promise<void> {
    const claimed = await this.nonces.claim(signature, NONCE_TTL_SECONDS, signedAt);
    if (claimed.outcome === 'replayed') {
      throw refuse(
        'replayed',
        'this signed request was already accepted: a message is sent once per signature (sign each message anew, or retry with the same Idempotency-Key and a new signature)',
      );
    }
    if (claimed.outcome === 'window_reset') {
      const notBefore = Math.ceil(claimed.notBefore);
      throw refuse(
        'replay_window_reset',
        `the replay protection restarted empty: messages signed before ${new Date(notBefore * 1000).toISOString()} are refused (sign the message anew; with an Idempotency-Key a retry stays safe)`,
        { not_before: notBefore },
      );
    }
  }

  /** The request had no effect: the same signed request may be sent again. */
  release(signature: string): Promise<void> {
    return this.nonces.release(signature);
  }
}
