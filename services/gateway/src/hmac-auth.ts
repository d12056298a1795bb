import { computeSignature, signaturesEqual } from '@parley/auth';
import { AppError } from '@parley/contracts';
import type { NonceStore } from '@parley/stores';

/** Signatures older or newer than this are refused (reference 004: five minutes). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;
/** A used signature is remembered for longer than it could ever be valid. */
const NONCE_TTL_SECONDS = SIGNATURE_TOLERANCE_SECONDS * 2 + 60;

/**
 * Verifies a Text Chat API request: timestamp within ±300 s, signature over
 * timestamp + METHOD + path + sha256(raw body) compared in constant time, and each signature
 * accepted once. Every refusal is the same `unauthorized` to the client; the reason is logged.
 */
export class HmacVerifier {
  constructor(
    private readonly secret: string,
    private readonly nonces: NonceStore,
    private readonly now: () => number = Date.now,
  ) {}

  async verify(request: { method: string; path: string; body: Buffer | undefined; timestamp: unknown; signature: unknown }): Promise<void> {
    if (typeof request.timestamp !== 'string' || typeof request.signature !== 'string') {
      throw new AppError('unauthorized', 'X-Timestamp and X-Signature headers are required');
    }
    // Whole seconds as the reference sends them; decimal fractions let a client send identical
    // requests within one second (each signature is accepted once).
    if (!/^\d{1,12}(\.\d{1,6})?$/.test(request.timestamp)) throw new AppError('unauthorized', 'X-Timestamp must be Unix seconds');
    const skew = Math.abs(this.now() / 1000 - Number(request.timestamp));
    if (skew > SIGNATURE_TOLERANCE_SECONDS) {
      throw new AppError('unauthorized', `X-Timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} seconds from the server's clock`);
    }
    const expected = computeSignature(this.secret, request.timestamp, request.method, request.path, request.body ?? '');
    if (!signaturesEqual(expected, request.signature)) throw new AppError('unauthorized', 'invalid signature');
    if (!(await this.nonces.claim(request.signature.toLowerCase(), NONCE_TTL_SECONDS))) {
      throw new AppError('unauthorized', 'this signature was already used; sign each request anew');
    }
  }
}
