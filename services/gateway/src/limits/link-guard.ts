import { verifyPasscode } from '@parley/auth';
import { AppError, type LinkAccess, type VisitorOrigin } from '@parley/contracts';
import type { FastifyRequest } from 'fastify';
import { defaultTranscriptMails, defaultVerificationMails, type GatewayConfig } from '../config.js';
import { type RefusalKind, type RefusalSubject, recordRefusal } from '../edge/refusals.js';
import { defaultAdaptiveTimings } from './adaptive-limits.js';
import { countryDecision } from './country-rules.js';
import { addressKey, ipDecision, normalizeAddress } from './ip-rules.js';
import { emailKey, MessageLimits } from './message-limits.js';
import { countryOf, VisitorOrigins } from './visitor-origin.js';
import { retryAfterSeconds, WindowCounter } from './window-counter.js';

/**
 * What the guard reads of a visitor's request: the client address, the Origin and the request
 * id. A WebSocket's frames are judged on what its upgrade request carried.
 */
export interface VisitorRequest {
  ip: string;
  id: string;
  headers: { origin?: string | undefined };
}

/**
 * The rules a link puts on its visitors, applied by every public route once the link is
 * resolved: allowed origins, IP and country allow/deny lists (403), the passcode to start a
 * session, and the rate limits per link, client address, session and verified email, with the
 * platform's ceiling over all links (429). On a link with an adaptive limit, what a visitor is
 * refused tightens their own limits (docs/api.md "Adaptive limits"). Refusals are recorded as
 * security events.
 */
export interface LinkGuard {
  /** Origin, IP and country rules; throws `forbidden` (403) with `details.reason`. */
  admit(request: VisitorRequest, link: LinkAccess): Promise<void>;
  /**
   * Starting a session on a link with a passcode needs it; throws `unauthorized`, or
   * `rate_limited` once the address has spent its wrong tries (`details.limit` `passcode`) or the
   * link its budget of wrong tries from all addresses (`passcode_link`). Each try is counted
   * before it is checked, so a burst of guesses gets no more checks than guesses one at a time.
   */
  checkPasscode(request: VisitorRequest, link: LinkAccess, passcode: string | undefined): Promise<void>;
  /**
   * Runs `check` (one try of a mailed verification code) if the link has wrong codes left in its
   * budget, counting the try first; a try that verifies is taken back. Past the budget throws
   * `rate_limited` (`details.limit` `verification_link`) without running `check`.
   */
  countCodeTry<T extends { verified: boolean }>(request: VisitorRequest, link: LinkAccess, check: () => Promise<T>): Promise<T>;
  /**
   * Counts a verification mail against the client address's, the link's and the platform's
   * ceilings, before any code is made; throws `rate_limited` (`details.limit` `mail_address`,
   * `mail_link` or `mail_platform`).
   */
  limitVerificationMail(request: VisitorRequest, link: LinkAccess): Promise<void>;
  /**
   * Counts a transcript mail a visitor asks for, when they ask, against the client address's,
   * the recipient's (skipped when it is the email the session was verified for), the link's and
   * the platform's ceilings; throws `rate_limited` (`details.limit` `transcript_address`,
   * `transcript_recipient`, `transcript_link` or `transcript_platform`). Answers how to take the
   * counts back, for a request then refused (no mail goes for it).
   */
  limitTranscriptMail(request: VisitorRequest, link: LinkAccess, visitor: { credentialHash: string; email: string }): Promise<Undo>;
  /**
   * Counts a visitor's message against the link's cap (when it has one), the address's, the
   * session's (the link's `rate_limit_per_minute`, per session) and the email's limits (the email
   * a session was bound to by `bindEmail`, when none is given), then against the platform's
   * ceiling per second; throws `rate_limited` (429, Retry-After).
   */
  limitMessage(request: VisitorRequest, link: LinkAccess, visitor: { credentialHash?: string; email?: string }): Promise<void>;
  /** A message started a session: the new session's count starts with it (it was counted against the address, having no session yet). */
  countSessionStart(link: LinkAccess, credentialHash: string): Promise<void>;
  /** A session was started for a verified email: its messages count against that email's limit too. */
  bindEmail(credentialHash: string, email: string): Promise<void>;
  /** The email a session was bound to (hashed), for a new session that carries it over. */
  boundEmail(credentialHash: string): Promise<string | undefined>;
  /** For analytics, when a session starts: the visitor's country and daily-salted hash (never the address); undefined without a secret to salt with. */
  originOf(request: VisitorRequest): Promise<VisitorOrigin | undefined>;
}

/** How long a session's email binding is kept: longer than any session stays active. */
const EMAIL_BINDING_MS = 30 * 24 * 60 * 60_000;

export interface LinkGuardDeps {
  bus: import('@parley/bus').PlatformBus;
  redis: import('ioredis').Redis | undefined;
  redisKeyPrefix: string;
  logger: import('@parley/logger').Logger;
  config: Pick<GatewayConfig, 'publicLimits' | 'publicBaseUrl'> &
    Partial<Pick<GatewayConfig, 'chatApiSecret' | 'verificationMails' | 'transcriptMails' | 'publicGlobalPerSecond'>>;
  /** Longest a request waits for Redis before counting in memory (tests shorten it). */
  redisCallTimeoutMs?: number;
  /** The clock the limits count windows and scores in: the wall's, unless a test moves time itself. */
  clock?: (() => number) | undefined;
}

const MINUTE = 60_000;
/** Wrong passcodes one address may try per window before it must wait. */
export const PASSCODE_TRIES = 5;
const PASSCODE_WINDOW_MS = 10 * MINUTE;
/**
 * Wrong passcodes a link takes from all addresses together per window; past it the link's
 * passcode check refuses everyone until the window ends, so rotating addresses buys no more
 * guesses. An attacker can trigger this lockout on purpose: new visitors then wait up to 10
 * minutes, while sessions already started go on. 50 leaves room for many visitors' typos.
 */
export const PASSCODE_LINK_TRIES = 50;
const PASSCODE_LINK_WINDOW_MS = 10 * MINUTE;
/** The same budget for wrong verification codes on one link, across emails and addresses. */
export const CODE_LINK_TRIES = 50;
const CODE_LINK_WINDOW_MS = 10 * MINUTE;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** One mail ceiling: its name in `details.limit`, its counter and budget, and whose it is in the refusal's message. */
interface MailCeiling {
  limit: string;
  key: string;
  max: number;
  windowMs: number;
  per: string;
}

/** What the guard keeps beside its interface: the link each admitted request is about, the counters. */
interface GuardState {
  counter: WindowCounter;
  record(kind: RefusalKind, subject: RefusalSubject | undefined): void;
  strike(request: VisitorRequest, link: LinkAccess, credentialHash: string | undefined): Promise<void>;
  invalidTokensPerMinute: number;
  admitted: WeakMap<VisitorRequest, LinkAccess>;
}
const states = new WeakMap<LinkGuard, GuardState>();

/** A counted try that must not count after all (it was right, refused elsewhere, or failed to run). */
export type Undo = () => Promise<void>;

/** Builds the guard. */
export function createLinkGuard(deps: LinkGuardDeps): LinkGuard {
  const counter = new WindowCounter({
    redis: deps.redis,
    keyPrefix: deps.redisKeyPrefix,
    logger: deps.logger,
    ...(deps.redisCallTimeoutMs === undefined ? {} : { callTimeoutMs: deps.redisCallTimeoutMs }),
    ...(deps.clock ? { now: deps.clock } : {}),
  });
  const limits = deps.config.publicLimits;
  // The chat page is served by the gateway itself: its own origin is always welcome.
  const ownOrigin = new URL(deps.config.publicBaseUrl).origin;
  const admitted = new WeakMap<VisitorRequest, LinkAccess>();
  const record = (kind: RefusalKind, subject: RefusalSubject | undefined) => recordRefusal(deps.bus, deps.logger, kind, subject);
  const subjectOf = (link: LinkAccess): RefusalSubject => ({ tenantId: link.tenantId, linkId: link.linkId });
  const origins = deps.config.chatApiSecret ? new VisitorOrigins(deps.config.chatApiSecret) : undefined;
  const mails = deps.config.verificationMails ?? defaultVerificationMails;
  const transcripts = deps.config.transcriptMails ?? defaultTranscriptMails;
  const messages = new MessageLimits({
    counter,
    limits,
    globalPerSecond: deps.config.publicGlobalPerSecond ?? 0,
    adaptive: defaultAdaptiveTimings,
    recordRefusal: (link) => record('rate_limited', subjectOf(link)),
  });
  /** A refusal of the visitor's own doing: a strike on a link with an adaptive limit (docs/api.md "Adaptive limits"). */
  const strike = (request: VisitorRequest, link: LinkAccess, credentialHash: string | undefined) => messages.strike(request.ip, link, credentialHash);

  /** Refuses at the door (403), recorded and, on an adaptive link, struck. */
  const forbid = async (request: VisitorRequest, link: LinkAccess, kind: RefusalKind, message: string, reason: string): Promise<never> => {
    record(kind, subjectOf(link));
    await strike(request, link, undefined);
    throw new AppError('forbidden', message, { details: { reason } });
  };

  /**
   * Counts a try against a link's budget of wrong tries (before the try is checked); past it,
   * takes back `undoOther` (the address's count: a refused try is no try) and refuses. The first
   * refusal of a window is the lockout's security event, the later ones `rate_limited`. Returns
   * how to take this try back.
   */
  const countLinkTry = async (
    link: LinkAccess,
    budget: { key: string; max: number; windowMs: number },
    undoOther: Undo,
    refusal: { kind: RefusalKind; message: string; limit: string },
  ): Promise<Undo> => {
    const count = await counter.hit(budget.key, budget.windowMs);
    if (count.count > budget.max) {
      await undoOther();
      record(count.count === budget.max + 1 ? refusal.kind : 'rate_limited', subjectOf(link));
      const wait = retryAfterSeconds(count.ttlMs);
      throw new AppError('rate_limited', `${refusal.message}; retry in ${wait} s`, { retryAfterSeconds: wait, details: { limit: refusal.limit } });
    }
    return async () => void (await counter.undo(budget.key));
  };

  /**
   * Counts a mail against its ceilings, one after the other: a request refused for its address
   * spends nothing of the recipient's, the link's or the platform's, so one noisy address cannot
   * use them up alone. Past one, `rate_limited` naming it; else how to take the counts back.
   */
  const countMails = async (link: LinkAccess, what: string, ceilings: MailCeiling[]): Promise<Undo> => {
    const counted: string[] = [];
    for (const ceiling of ceilings) {
      const count = await counter.hit(ceiling.key, ceiling.windowMs);
      if (count.count > ceiling.max) {
        const wait = retryAfterSeconds(count.ttlMs);
        record('rate_limited', subjectOf(link));
        throw new AppError('rate_limited', `too many ${what} ${ceiling.per}; retry in ${wait} s`, {
          retryAfterSeconds: wait,
          details: { limit: ceiling.limit },
        });
      }
      counted.push(ceiling.key);
    }
    return async () => {
      await Promise.all(counted.map((key) => counter.undo(key)));
    };
  };

  const guard: LinkGuard = {
    async admit(request, link) {
      admitted.set(request, link);
      const origin = request.headers.origin;
      if (origin !== undefined && link.allowedOrigins.length > 0 && origin !== ownOrigin && !link.allowedOrigins.includes(origin)) {
        await forbid(request, link, 'forbidden_origin', 'this link may not be used from this origin', 'origin');
      }
      if (ipDecision(request.ip, { allow: link.ipAllow, deny: link.ipDeny }) !== 'allowed') {
        await forbid(request, link, 'forbidden_ip', 'this link may not be used from this address', 'ip');
      }
      if (link.countryAllow.length > 0 || link.countryDeny.length > 0) {
        const country = await visitorCountry(request);
        if (countryDecision(country, { allow: link.countryAllow, deny: link.countryDeny }) !== 'allowed') {
          await forbid(request, link, 'country', 'this link may not be used from this country', 'country');
        }
      }
    },

    async checkPasscode(request, link, passcode) {
      const passcodeHash = link.passcodeHash;
      if (passcodeHash === null) return;
      if (passcode === undefined || passcode === '') {
        throw new AppError('unauthorized', 'this link needs its passcode to start a conversation', { details: { reason: 'passcode_required' } });
      }
      // Counted before the passcode is checked: concurrent guesses each take a try, and a guess
      // past the budget – even the right one – is refused unchecked, so it teaches nothing.
      const addressTry = `passcode-failures:${addressKey(request.ip)}`;
      const address = await counter.hit(addressTry, PASSCODE_WINDOW_MS);
      if (address.count > PASSCODE_TRIES) {
        record('rate_limited', subjectOf(link));
        await strike(request, link, undefined);
        throw new AppError('rate_limited', `too many wrong passcodes from this address; retry in ${retryAfterSeconds(address.ttlMs)} s`, {
          retryAfterSeconds: retryAfterSeconds(address.ttlMs),
          details: { limit: 'passcode' },
        });
      }
      const undoAddress: Undo = async () => void (await counter.undo(addressTry));
      const undoLink = await countLinkTry(
        link,
        { key: `passcode-failures:link:${link.linkId}`, max: PASSCODE_LINK_TRIES, windowMs: PASSCODE_LINK_WINDOW_MS },
        undoAddress,
        {
          kind: 'passcode_lockout',
          message: 'too many wrong passcodes on this link; starting a conversation is paused for everyone',
          limit: 'passcode_link',
        },
      );
      const undo = async () => {
        await Promise.all([undoAddress(), undoLink()]);
      };
      let right: boolean;
      try {
        right = await verifyPasscode(passcodeHash, passcode);
      } catch (error) {
        await undo();
        throw error;
      }
      if (right) return undo();
      record('passcode_failed', subjectOf(link));
      await strike(request, link, undefined);
      throw new AppError('unauthorized', 'the passcode is wrong', {
        details: { reason: 'passcode_wrong', attempts_left: Math.max(0, PASSCODE_TRIES - address.count) },
      });
    },

    async countCodeTry(request, link, check) {
      const undo = await countLinkTry(link, { key: `code-failures:link:${link.linkId}`, max: CODE_LINK_TRIES, windowMs: CODE_LINK_WINDOW_MS }, async () => {}, {
        kind: 'verification_lockout',
        message: 'too many wrong verification codes on this link; confirming codes is paused for everyone',
        limit: 'verification_link',
      });
      // A try that failed to run (the links service away) is no wrong code.
      const result = await check().catch(async (error: unknown) => {
        await undo();
        throw error;
      });
      if (result.verified) await undo();
      else await strike(request, link, undefined);
      return result;
    },

    async limitVerificationMail(request, link) {
      await countMails(link, 'verification mails', [
        {
          limit: 'mail_address',
          key: `verification-mails:${addressKey(request.ip)}`,
          max: mails.perIpPer10Minutes,
          windowMs: 10 * MINUTE,
          per: 'from this address',
        },
        { limit: 'mail_link', key: `verification-mails:link:${link.linkId}`, max: mails.perLinkPerHour, windowMs: HOUR, per: 'for this link' },
        { limit: 'mail_platform', key: 'verification-mails:platform', max: mails.perHour, windowMs: HOUR, per: 'on this server' },
      ]);
    },

    async limitTranscriptMail(request, link, visitor) {
      const recipient = emailKey(visitor.email);
      // The address the session was verified for is its visitor's own: they may have each of
      // their conversations mailed, the other ceilings apart.
      const verified = (await counter.recall(`session-email:${visitor.credentialHash}`)) === recipient;
      return countMails(link, 'transcript mails', [
        {
          limit: 'transcript_address',
          key: `transcript-mails:${addressKey(request.ip)}`,
          max: transcripts.perIpPer10Minutes,
          windowMs: 10 * MINUTE,
          per: 'from this address',
        },
        ...(verified
          ? []
          : [
              {
                limit: 'transcript_recipient',
                key: `transcript-mails:to:${recipient}`,
                max: transcripts.perRecipientPerDay,
                windowMs: DAY,
                per: 'to this email address',
              },
            ]),
        { limit: 'transcript_link', key: `transcript-mails:link:${link.linkId}`, max: transcripts.perLinkPerHour, windowMs: HOUR, per: 'for this link' },
        { limit: 'transcript_platform', key: 'transcript-mails:platform', max: transcripts.perHour, windowMs: HOUR, per: 'on this server' },
      ]);
    },

    limitMessage(request, link, visitor) {
      return messages.count(request.ip, link, visitor);
    },

    countSessionStart(link, credentialHash) {
      return messages.countSessionStart(link, credentialHash);
    },

    async bindEmail(credentialHash, email) {
      // An email that is already a hash (carried over from another session) is kept as it is.
      const value = /^[0-9a-f]{64}$/.test(email) ? email : emailKey(email);
      await counter.remember(`session-email:${credentialHash}`, value, EMAIL_BINDING_MS);
    },

    boundEmail(credentialHash) {
      return counter.recall(`session-email:${credentialHash}`);
    },

    async originOf(request) {
      if (!origins) return undefined;
      try {
        return await origins.of(normalizeAddress(request.ip)?.toString() ?? request.ip);
      } catch (error) {
        // Analytics must never cost a visitor their session.
        deps.logger.warn({ err: error }, 'visitor origin unknown');
        return undefined;
      }
    },
  };
  /** The country of the client address; a table that cannot be read places nobody (so an allow list refuses, a deny list admits). */
  const visitorCountry = async (request: VisitorRequest): Promise<string | null> => {
    try {
      return await countryOf(normalizeAddress(request.ip)?.toString() ?? request.ip);
    } catch (error) {
      deps.logger.warn({ err: error }, 'country table unavailable');
      return null;
    }
  };

  states.set(guard, { counter, record, strike, invalidTokensPerMinute: limits.invalidTokensPerIpPerMinute, admitted });
  return guard;
}

/**
 * Counts a request for a link token that is malformed or unknown (or deleted) against its client
 * address, so tokens cannot be enumerated at speed, and records it. Call it before answering 404:
 * past the budget it throws `rate_limited` (429) instead.
 */
export async function countInvalidToken(guard: LinkGuard, request: VisitorRequest): Promise<void> {
  const state = states.get(guard);
  if (!state) return;
  const count = await state.counter.hit(`invalid-token:${addressKey(request.ip)}`, MINUTE);
  if (count.count > state.invalidTokensPerMinute) {
    state.record('rate_limited', undefined);
    throw new AppError('rate_limited', `too many requests for unknown links from this address; retry in ${retryAfterSeconds(count.ttlMs)} s`, {
      retryAfterSeconds: retryAfterSeconds(count.ttlMs),
      details: { limit: 'invalid_token' },
    });
  }
  state.record('invalid_token', undefined);
}

/** The link a request was admitted for, if the guard saw it (the error path names it in security events). */
export function admittedLink(guard: LinkGuard, request: FastifyRequest): RefusalSubject | undefined {
  const link = states.get(guard)?.admitted.get(request);
  return link ? { tenantId: link.tenantId, linkId: link.linkId } : undefined;
}

/**
 * A refusal decided elsewhere that is the visitor's own doing (blocked content, a user that did
 * not verify, a failed challenge): on a link with an adaptive limit, a strike against the
 * address and the session (docs/api.md "Adaptive limits"). Without `link`, the link the request
 * was admitted for.
 */
export async function penalize(guard: LinkGuard, request: VisitorRequest, link?: LinkAccess, credentialHash?: string): Promise<void> {
  const state = states.get(guard);
  const subject = link ?? state?.admitted.get(request);
  if (state && subject) await state.strike(request, subject, credentialHash);
}

/** Records a refusal decided elsewhere (a quota the sessions service enforces, a wrong verification code). */
export function recordGuardRefusal(guard: LinkGuard, kind: RefusalKind, subject: RefusalSubject | undefined): void {
  states.get(guard)?.record(kind, subject);
}
