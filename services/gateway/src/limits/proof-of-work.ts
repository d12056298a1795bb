import { hkdfSync } from 'node:crypto';
import { AppError, type LinkAccess, type ProofOfWorkChallenge, proofOfWorkChallenge } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import { createChallenge, randomInt, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { RefusalKind, RefusalSubject } from '../edge/refusals.js';
import { addressKey } from './ip-rules.js';
import type { VisitorRequest } from './link-guard.js';
import { WindowCounter } from './window-counter.js';

/** How long a challenge may be solved and used: a visitor who starts typing may stop to think. */
export const CHALLENGE_TTL_MS = 10 * 60_000;
const MINUTE = 60_000;

/** Why a session's first request was refused, as `details.challenge` says. */
type ChallengeProblem = 'missing' | 'invalid' | 'expired' | 'used';

const PROBLEMS: Record<ChallengeProblem, string> = {
  missing: 'this link asks for a solved proof-of-work challenge (GET /api/public/links/{token}/challenge) to start a conversation',
  invalid: 'the proof-of-work solution does not solve a challenge of this link',
  expired: 'the proof-of-work challenge has expired; fetch a new one',
  used: 'this proof-of-work solution was used already; fetch a new challenge',
};

/** What `challenge_solution` decodes to: ALTCHA's payload of a solved challenge. */
const payloadSchema = z.object({
  challenge: proofOfWorkChallenge,
  solution: z.object({
    counter: z.number().int().min(0).max(0xffff_ffff),
    derivedKey: z.string().regex(/^[0-9a-f]{64}$/),
  }),
});

export interface ProofOfWork {
  /**
   * A new challenge for one of the link's sessions, signed for this link only. Counted against
   * the client address's per-minute budget of messages (a challenge is worth one session start):
   * past it `rate_limited` (429).
   */
  challenge(request: VisitorRequest, link: LinkAccess): Promise<ProofOfWorkChallenge>;
  /**
   * On a link with `challenge: "pow"`, a request that starts a session must carry the solution
   * of a challenge of this link, unexpired and never used before; else `forbidden` (403,
   * `details.reason` `challenge`), recorded as a `challenge_failed` security event. Other links:
   * nothing to check.
   */
  require(request: VisitorRequest, link: LinkAccess, solution: string | undefined): Promise<void>;
}

export interface ProofOfWorkDeps {
  redis: Redis | undefined;
  redisKeyPrefix: string;
  logger: Logger;
  /** The gateway's secret: the signing keys are derived from it, so every replica verifies what any other made. */
  secret: string;
  /** The largest counter a challenge hides (PUBLIC_CHALLENGE_MAX_NUMBER). */
  maxNumber: number;
  /** Challenges one client address may fetch per minute. */
  perAddressPerMinute: number;
  record(kind: RefusalKind, subject: RefusalSubject): void;
}

/**
 * Proof of work on a session's first request (docs/public-chat-api.md "Proof of work"), in ALTCHA's format
 * made and checked by altcha-lib: a SHA-256 search for a counter hidden between a tenth of
 * `maxNumber` and `maxNumber`. Each link's challenges are signed with keys of its own (HKDF of
 * the gateway's secret and the link id), so a solution made for one link is refused on another.
 * A used solution is remembered (Redis, shared by replicas; this process's memory while Redis
 * is away) until its challenge expires.
 */
export function createProofOfWork(deps: ProofOfWorkDeps): ProofOfWork {
  const counter = new WindowCounter({ redis: deps.redis, keyPrefix: deps.redisKeyPrefix, logger: deps.logger });
  const keysOf = (linkId: string) => {
    const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', deps.secret, 'parley proof of work', `${purpose} ${linkId}`, 32)).toString('hex');
    return { hmacSignatureSecret: derive('challenge'), hmacKeySignatureSecret: derive('derived key') };
  };
  const subjectOf = (link: LinkAccess): RefusalSubject => ({ tenantId: link.tenantId, linkId: link.linkId });
  const refuse = (link: LinkAccess, problem: ChallengeProblem): never => {
    deps.record('challenge_failed', subjectOf(link));
    throw new AppError('forbidden', PROBLEMS[problem], { details: { reason: 'challenge', challenge: problem } });
  };

  return {
    async challenge(request, link) {
      const count = await counter.hit(`challenges:${addressKey(request.ip)}`, MINUTE);
      if (count.count > deps.perAddressPerMinute) {
        deps.record('rate_limited', subjectOf(link));
        const wait = Math.max(1, Math.ceil(count.ttlMs / 1000));
        throw new AppError('rate_limited', `too many challenges from this address; retry in ${wait} s`, {
          retryAfterSeconds: wait,
          details: { limit: 'address' },
        });
      }
      const made = await createChallenge({
        algorithm: 'SHA-256',
        cost: 1,
        deriveKey,
        counter: randomInt(deps.maxNumber, Math.ceil(deps.maxNumber / 10)),
        expiresAt: new Date(Date.now() + CHALLENGE_TTL_MS),
        ...keysOf(link.linkId),
      });
      return proofOfWorkChallenge.parse(made);
    },

    async require(_request, link, solution) {
      if (link.challenge !== 'pow') return;
      if (solution === undefined || solution === '') return refuse(link, 'missing');
      let payload: z.infer<typeof payloadSchema>;
      try {
        payload = payloadSchema.parse(JSON.parse(Buffer.from(solution, 'base64').toString('utf8')));
      } catch {
        return refuse(link, 'invalid');
      }
      const { challenge } = payload;
      const result = await verifySolution({ challenge, solution: payload.solution, deriveKey, ...keysOf(link.linkId) }).catch(() => undefined);
      if (result?.expired) return refuse(link, 'expired');
      if (!result?.verified) return refuse(link, 'invalid');
      // Claimed atomically (one INCR): of two requests with one solution, only the first goes on.
      const untilExpiry = challenge.parameters.expiresAt * 1000 - Date.now() + 1_000;
      const use = await counter.hit(`challenge-used:${challenge.signature}`, Math.max(1_000, untilExpiry));
      if (use.count > 1) return refuse(link, 'used');
    },
  };
}
