import { createHmac, randomInt } from 'node:crypto';
import { AppError } from '@parley/contracts';
import type { VerificationRepository } from './verification.repository.js';

/** A code is good for 10 minutes and 5 tries; an address gets at most 3 codes per 10 minutes. */
export const verificationRules = { ttlMs: 10 * 60_000, maxAttempts: 5, maxSends: 3, sendWindowMs: 10 * 60_000 } as const;

/** Addresses compare without case or surrounding space: `Ann@Example.com ` is ann@example.com. */
const normalize = (email: string) => email.trim().toLowerCase();

/**
 * Email verification codes for links: 6 digits from the system's CSPRNG, kept only as an
 * HMAC-SHA256 under the service's verification key, bound to the link and the address. A copy of
 * the table without the key cannot be searched for the code (there are only 10^6 of them), and a
 * row proves nothing for another link or address.
 */
export class VerificationService {
  /** `key`: VERIFICATION_KEY; never logged, never stored. */
  constructor(
    private readonly repository: VerificationRepository,
    private readonly key: string,
  ) {}

  async start(linkId: string, rawEmail: string): Promise<{ code: string; expiresAt: string }> {
    const email = normalize(rawEmail);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const issued = await this.repository.issue({
      linkId,
      email,
      codeHash: this.codeHash(linkId, email, code),
      ttlMs: verificationRules.ttlMs,
      maxSends: verificationRules.maxSends,
      windowMs: verificationRules.sendWindowMs,
    });
    if (!issued) {
      const window = await this.repository.windowOf(linkId, email);
      const endsAt = (window ? new Date(window.window_started_at).getTime() : Date.now()) + verificationRules.sendWindowMs;
      const seconds = Math.max(1, Math.ceil((endsAt - Date.now()) / 1000));
      throw new AppError('rate_limited', `at most ${verificationRules.maxSends} codes per 10 minutes for one address; retry in ${seconds} s`, {
        retryAfterSeconds: seconds,
        details: { limit: 'verification_sends' },
      });
    }
    return { code, expiresAt: new Date(issued.expires_at).toISOString() };
  }

  async confirm(
    linkId: string,
    rawEmail: string,
    code: string,
  ): Promise<{ verified: boolean; attemptsLeft: number; failure?: 'wrong_code' | 'too_many_attempts' | 'no_code' }> {
    const email = normalize(rawEmail);
    const attempt = await this.repository.attempt(linkId, email, this.codeHash(linkId, email, code), verificationRules.maxAttempts);
    if (attempt) {
      const attemptsLeft = Math.max(0, verificationRules.maxAttempts - attempt.attempts);
      if (attempt.consumed_at !== null) return { verified: true, attemptsLeft };
      return { verified: false, attemptsLeft, failure: attemptsLeft === 0 ? 'too_many_attempts' : 'wrong_code' };
    }
    const standing = await this.repository.find(linkId, email);
    const dead = standing !== undefined && standing.consumed_at === null && !standing.expired && standing.attempts >= verificationRules.maxAttempts;
    return { verified: false, attemptsLeft: 0, failure: dead ? 'too_many_attempts' : 'no_code' };
  }

  private codeHash(linkId: string, email: string, code: string): string {
    return createHmac('sha256', this.key).update(`${linkId}\n${email}\n${code}`).digest('hex');
  }
}
