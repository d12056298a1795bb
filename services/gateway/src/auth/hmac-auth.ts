import { computeSignature, signaturesEqual } from '@parley/auth';
import { AppError } from '@parley/contracts';
import type { NonceStore } from '@parley/stores';
import type { ConcernedTenant, TenantChatSecrets } from './tenant-chat-secrets.js';

/** Signatures older or newer than this are refused (docs/text-chat-api.md, "Signing a request": 300 seconds). */
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
 * The nonce store with each claim's time (seconds, whatever its outcome) told to `observe`: the
 * round trip every single-use request waits for before it goes on (`parley_signature_claim_duration_seconds`).
 */
export function timedClaims(nonces: NonceStore, observe: (seconds: number) => void): NonceStore {
  return {
    async claim(value, ttlSeconds, signedAtSeconds) {
      const started = performance.now();
      try {
        return await nonces.claim(value, ttlSeconds, signedAtSeconds);
      } finally {
        observe((performance.now() - started) / 1000);
      }
    },
    release: (value) => nonces.release(value),
  };
}

/**
 * Verifies a Text Chat API request: timestamp within ±300 s, signature over
 * timestamp + METHOD + request target (path, and `?query` when there is one, as sent) +
 * sha256(raw body) compared in constant time, keyed with CHAT_API_SECRET (every tenant) or with a
 * live secret of the tenant the request concerns (docs/text-chat-api.md, "Text Chat API secrets"). The
 * platform's secret is tried first: its requests cost no lookup.
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
    /** The tenants' own secrets; undefined: CHAT_API_SECRET alone signs. */
    private readonly tenants: TenantChatSecrets | undefined = undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Checks the signature; returns it (lower case) and its timestamp (Unix seconds) for `claim`.
   * `concerns`: the tenant the request names (its secrets may have signed it), or undefined.
   * Another tenant's secret, like any wrong one, is `bad_signature`: a request about a session of
   * another tenant is refused exactly as one about a session that does not exist.
   */
  async verify(request: {
    method: string;
    target: string;
    body: Buffer | undefined;
    timestamp: unknown;
    signature: unknown;
    concerns?: () => ConcernedTenant | undefined;
  }): Promise<VerifiedSignature> {
    const { timestamp, signature } = request;
    if (typeof timestamp !== 'string' || typeof signature !== 'string') {
      throw refuse('missing_signature', 'X-Timestamp and X-Signature headers are required');
    }
    // Whole seconds as the reference sends them; decimal fractions are accepted as well.
    if (!/^\d{1,12}(\.\d{1,6})?$/.test(timestamp)) throw refuse('bad_timestamp', 'X-Timestamp must be Unix seconds');
    const skew = Math.abs(this.now() / 1000 - Number(timestamp));
    if (skew > SIGNATURE_TOLERANCE_SECONDS) {
      throw refuse('outside_window', `X-Timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} seconds from the server's clock`);
    }
    const verified = { signature: signature.toLowerCase(), signedAt: Number(timestamp) };
    const signedWith = (secret: string) => signaturesEqual(computeSignature(secret, timestamp, request.method, request.target, request.body ?? ''), signature);
    if (signedWith(this.secret)) return verified;
    // Not the platform's: one of the tenant's own, when the request names a tenant (a signature that
    // is not even 64 hex digits matches none, and costs no lookup).
    const concerns = request.concerns?.();
    if (this.tenants && concerns && /^[0-9a-f]{64}$/i.test(signature)) {
      const match = (await this.tenants.secretsFor(concerns)).find(({ secret }) => signedWith(secret));
      if (match) {
        this.tenants.used(match.secretId);
        return verified;
      }
    }
    throw refuse('bad_signature', 'invalid signature');
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
