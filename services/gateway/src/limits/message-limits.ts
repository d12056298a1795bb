import { sha256Hex } from '@parley/auth';
import { AppError, type LinkAccess } from '@parley/contracts';
import type { GatewayConfig } from '../config.js';
import { type AdaptiveTimings, allowanceAt, PenaltyScores } from './adaptive-limits.js';
import { addressKey } from './ip-rules.js';
import { retryAfterSeconds, type WindowCounter } from './window-counter.js';

const MINUTE = 60_000;

/** The email behind a session, hashed: Redis keys and values are no place for an address. */
export const emailKey = (email: string) => sha256Hex(email.trim().toLowerCase());

export interface MessageLimitsDeps {
  counter: WindowCounter;
  limits: GatewayConfig['publicLimits'];
  /** The platform's ceiling per second (PUBLIC_GLOBAL_RATE_LIMIT_PER_SECOND); 0: none. */
  globalPerSecond: number;
  adaptive: AdaptiveTimings;
  /** A message refused by a limit: recorded as a `rate_limited` security event of the link. */
  recordRefusal(link: LinkAccess): void;
}

/**
 * The message limits (docs/api.md "Rate limits"): per link (when it has a cap on the whole link),
 * client address, session and verified email in windows of a minute, then the platform's ceiling
 * per second; and, on a link with an adaptive limit, the penalty scores that halve an address's
 * and a session's allowance (docs/api.md "Adaptive limits").
 *
 * A session's limit is the link's `rate_limit_per_minute`, never above the platform's
 * PUBLIC_RATE_LIMIT_PER_SESSION_PER_MINUTE; on an adaptive link, the platform's, as its strikes
 * have halved it. A message that starts a session counts against the address (and the link's
 * cap); the new session's own count starts with it (`countSessionStart`).
 */
export class MessageLimits {
  private readonly scores: PenaltyScores;

  constructor(private readonly deps: MessageLimitsDeps) {
    this.scores = new PenaltyScores(deps.counter, deps.adaptive);
  }

  /**
   * A refusal of the visitor's own doing, on a link with an adaptive limit: a strike against the
   * address, and the session when there is one. Refusals every visitor of the link shares (the
   * link's own ceiling, the platform's, a link-wide lockout) are no strike.
   */
  async strike(ip: string, link: LinkAccess, credentialHash: string | undefined): Promise<void> {
    if (!link.adaptiveRateLimit) return;
    const { limits } = this.deps;
    await Promise.all([
      this.scores.strike(addressScore(link, ip), limits.perIpPerMinute),
      credentialHash === undefined ? undefined : this.scores.strike(sessionScore(link, credentialHash), limits.perSessionPerMinute),
    ]);
  }

  /**
   * A message started a session (it had none to count against): the new session's count starts
   * with it, so the session's first window holds its limit with this message in it. Never refuses:
   * the message was let through already.
   */
  async countSessionStart(link: LinkAccess, credentialHash: string): Promise<void> {
    await this.deps.counter.hit(sessionKey(credentialHash), this.windowMs(link));
  }

  /** An adaptive link counts in the adaptive timings' window (a minute), any other link in a minute. */
  private windowMs(link: LinkAccess): number {
    return link.adaptiveRateLimit ? this.deps.adaptive.windowMs : MINUTE;
  }

  /** A session's messages per window: the link's own limit under the platform's ceiling; adaptive, the platform's as the session's level has halved it. */
  private sessionLimit(link: LinkAccess, level: number): number {
    const { perSessionPerMinute } = this.deps.limits;
    return link.adaptiveRateLimit ? allowanceAt(perSessionPerMinute, level) : Math.min(link.rateLimitPerMinute, perSessionPerMinute);
  }

  /** Counts one message; throws `rate_limited` (429, Retry-After) past a limit. */
  async count(ip: string, link: LinkAccess, visitor: { credentialHash?: string; email?: string }): Promise<void> {
    const { counter, limits, globalPerSecond } = this.deps;
    const { credentialHash } = visitor;
    // An adaptive link holds each address and session to an allowance that its strikes have halved.
    const [addressLevel, sessionLevel] = link.adaptiveRateLimit
      ? await Promise.all([
          this.scores.level(addressScore(link, ip), limits.perIpPerMinute),
          credentialHash === undefined ? 0 : this.scores.level(sessionScore(link, credentialHash), limits.perSessionPerMinute),
        ])
      : [0, 0];
    const windowMs = this.windowMs(link);
    // `own`: the visitor's own budgets, whose refusal is a strike; the link's is everyone's.
    const checks: Array<{ limit: string; key: string; max: number; own: boolean }> = [];
    const linkCap = linkCapOf(link);
    if (linkCap !== null) checks.push({ limit: 'link', key: `link:${link.linkId}`, max: linkCap, own: false });
    checks.push({ limit: 'address', key: `address:${addressKey(ip)}`, max: allowanceAt(limits.perIpPerMinute, addressLevel), own: true });
    if (credentialHash) checks.push({ limit: 'session', key: sessionKey(credentialHash), max: this.sessionLimit(link, sessionLevel), own: true });
    const byEmail = (email: string) => ({ limit: 'email', key: `email:${email}`, max: limits.perEmailPerMinute, own: true });
    if (visitor.email) checks.push(byEmail(emailKey(visitor.email)));
    // The platform's ceiling is spent only by messages every other limit lets through, so that one
    // address flooding past its own limit cannot use it up for everyone: counted in the same
    // round trip as the others, and only if none of them refuses.
    const ceiling = globalPerSecond > 0 ? { key: 'global', windowMs: 1_000 } : undefined;
    // A session's email, when the request does not carry it, is looked up beside the other
    // counts rather than before them (one round trip to Redis less for the many without one).
    const [recalled, hits] = await Promise.all([
      !visitor.email && credentialHash ? counter.recall(`session-email:${credentialHash}`) : undefined,
      counter.hitAllThen(checks, windowMs, ceiling),
    ]);
    const { counts } = hits;
    let platform = hits.then;
    if (recalled) {
      const check = byEmail(recalled);
      checks.push(check);
      const count = await counter.hit(check.key, windowMs);
      counts.push(count);
      // Refused by the session's email after all: what it took of the ceiling goes back.
      if (platform && count.count > check.max) {
        await counter.undo('global');
        platform = undefined;
      }
    }
    const exceeded = checks.flatMap((check, index) => {
      const count = counts[index];
      return count && count.count > check.max ? [{ ...check, ttlMs: count.ttlMs }] : [];
    });
    const first = exceeded[0];
    if (first) {
      const wait = retryAfterSeconds(Math.max(...exceeded.map((check) => check.ttlMs)));
      this.deps.recordRefusal(link);
      if (exceeded.some((check) => check.own)) await this.strike(ip, link, credentialHash);
      throw new AppError('rate_limited', `too many messages: at most ${first.max} per minute per ${first.limit}; retry in ${wait} s`, {
        retryAfterSeconds: wait,
        // An adaptive link says what the visitor's allowance has become.
        details: link.adaptiveRateLimit && first.own ? { limit: first.limit, allowance: first.max } : { limit: first.limit },
      });
    }
    if (platform && platform.count > globalPerSecond) {
      const wait = retryAfterSeconds(platform.ttlMs);
      this.deps.recordRefusal(link);
      throw new AppError('rate_limited', `the platform is answering all the messages it can; retry in ${wait} s`, {
        retryAfterSeconds: wait,
        details: { limit: 'global' },
      });
    }
  }
}

/**
 * A link's cap on all its sessions' messages together: its own setting, else an adaptive link's
 * ceiling (`rateLimitPerMinute`, 600); null: none.
 */
function linkCapOf(link: LinkAccess): number | null {
  return link.rateLimitPerLinkPerMinute ?? (link.adaptiveRateLimit ? link.rateLimitPerMinute : null);
}

/** A session's window: by its credential's hash, which only that session has. */
const sessionKey = (credentialHash: string) => `session:${credentialHash}`;

/** Where an adaptive link keeps the penalty scores of an address and of a session (one link's doings count on that link only). */
const addressScore = (link: LinkAccess, ip: string) => `${link.linkId}:address:${addressKey(ip)}`;
const sessionScore = (link: LinkAccess, credentialHash: string) => `${link.linkId}:session:${credentialHash}`;
