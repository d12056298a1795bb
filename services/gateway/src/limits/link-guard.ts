import { verifyPasscode } from '@parley/auth';
import { AppError, type LinkAccess, type VisitorOrigin } from '@parley/contracts';
import { defaultTranscriptMails, defaultVerificationMails, type GatewayConfig } from '../config.js';
import { type RefusalKind, type RefusalSubject, recordRefusal as publishRefusal } from '../edge/refusals.js';
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
  headers: { origin?: string | undefined; 'accept-language'?: string | undefined; 'content-language'?: string | undefined };
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

/** A counted try that must not count after all (it was right, refused elsewhere, or failed to run). */
export type Undo = () => Promise<void>;

/** The link a refusal is about, as security events name it. */
const subjectOf = (link: LinkAccess): RefusalSubject => ({ tenantId: link.tenantId, linkId: link.linkId });

/**
 * The rules a link puts on its visitors, applied by every public route once the link is
 * resolved: allowed origins, IP and country allow/deny lists (403), the passcode to start a
 * session, and the rate limits per link, client address, session and verified email, with the
 * platform's ceiling over all links (429). On a link with an adaptive limit, what a visitor is
 * refused tightens their own limits (docs/api.md "Adaptive limits"). Refusals are recorded as
 * security events.
 */
export class LinkGuard {
  private readonly counter: WindowCounter;
  private readonly limits: GatewayConfig['publicLimits'];
  /** The chat page is served by the gateway itself: its own origin is always welcome. */
  private readonly ownOrigin: string;
  /** The link each admitted request is about, for refusals decided after the guard let it in. */
  private readonly admitted = new WeakMap<VisitorRequest, LinkAccess>();
  private readonly origins: VisitorOrigins | undefined;
  private readonly mails: GatewayConfig['verificationMails'];
  private readonly transcripts: GatewayConfig['transcriptMails'];
  private readonly messages: MessageLimits;

  constructor(private readonly deps: LinkGuardDeps) {
    this.counter = new WindowCounter({
      redis: deps.redis,
      keyPrefix: deps.redisKeyPrefix,
      logger: deps.logger,
      ...(deps.redisCallTimeoutMs === undefined ? {} : { callTimeoutMs: deps.redisCallTimeoutMs }),
      ...(deps.clock ? { now: deps.clock } : {}),
    });
    this.limits = deps.config.publicLimits;
    this.ownOrigin = new URL(deps.config.publicBaseUrl).origin;
    this.origins = deps.config.chatApiSecret ? new VisitorOrigins(deps.config.chatApiSecret) : undefined;
    this.mails = deps.config.verificationMails ?? defaultVerificationMails;
    this.transcripts = deps.config.transcriptMails ?? defaultTranscriptMails;
    this.messages = new MessageLimits({
      counter: this.counter,
      limits: this.limits,
      globalPerSecond: deps.config.publicGlobalPerSecond ?? 0,
      adaptive: defaultAdaptiveTimings,
      recordRefusal: (link) => this.recordRefusal('rate_limited', subjectOf(link)),
    });
  }

  /** Origin, IP and country rules; throws `forbidden` (403) with `details.reason`. */
  async admit(request: VisitorRequest, link: LinkAccess): Promise<void> {
    this.admitted.set(request, link);
    const origin = request.headers.origin;
    if (origin !== undefined && link.allowedOrigins.length > 0 && origin !== this.ownOrigin && !link.allowedOrigins.includes(origin)) {
      await this.forbid(request, link, 'forbidden_origin', 'this link may not be used from this origin', 'origin');
    }
    if (ipDecision(request.ip, { allow: link.ipAllow, deny: link.ipDeny }) !== 'allowed') {
      await this.forbid(request, link, 'forbidden_ip', 'this link may not be used from this address', 'ip');
    }
    if (link.countryAllow.length > 0 || link.countryDeny.length > 0) {
      const country = await this.visitorCountry(request);
      if (countryDecision(country, { allow: link.countryAllow, deny: link.countryDeny }) !== 'allowed') {
        await this.forbid(request, link, 'country', 'this link may not be used from this country', 'country');
      }
    }
  }

  /**
   * Starting a session on a link with a passcode needs it; throws `unauthorized`, or
   * `rate_limited` once the address has spent its wrong tries (`details.limit` `passcode`) or the
   * link its budget of wrong tries from all addresses (`passcode_link`). Each try is counted
   * before it is checked, so a burst of guesses gets no more checks than guesses one at a time.
   */
  async checkPasscode(request: VisitorRequest, link: LinkAccess, passcode: string | undefined): Promise<void> {
    const passcodeHash = link.passcodeHash;
    if (passcodeHash === null) return;
    if (passcode === undefined || passcode === '') {
      throw new AppError('unauthorized', 'this link needs its passcode to start a conversation', { details: { reason: 'passcode_required' } });
    }
    // Counted before the passcode is checked: concurrent guesses each take a try, and a guess
    // past the budget – even the right one – is refused unchecked, so it teaches nothing.
    const addressTry = `passcode-failures:${addressKey(request.ip)}`;
    const address = await this.counter.hit(addressTry, PASSCODE_WINDOW_MS);
    if (address.count > PASSCODE_TRIES) {
      this.recordRefusal('rate_limited', subjectOf(link));
      await this.strike(request, link, undefined);
      throw new AppError('rate_limited', `too many wrong passcodes from this address; retry in ${retryAfterSeconds(address.ttlMs)} s`, {
        retryAfterSeconds: retryAfterSeconds(address.ttlMs),
        details: { limit: 'passcode' },
      });
    }
    const undoAddress: Undo = async () => void (await this.counter.undo(addressTry));
    const undoLink = await this.countLinkTry(
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
    this.recordRefusal('passcode_failed', subjectOf(link));
    await this.strike(request, link, undefined);
    throw new AppError('unauthorized', 'the passcode is wrong', {
      details: { reason: 'passcode_wrong', attempts_left: Math.max(0, PASSCODE_TRIES - address.count) },
    });
  }

  /**
   * Runs `check` (one try of a mailed verification code) if the link has wrong codes left in its
   * budget, counting the try first; a try that verifies is taken back. Past the budget throws
   * `rate_limited` (`details.limit` `verification_link`) without running `check`.
   */
  async countCodeTry<T extends { verified: boolean }>(request: VisitorRequest, link: LinkAccess, check: () => Promise<T>): Promise<T> {
    const undo = await this.countLinkTry(
      link,
      { key: `code-failures:link:${link.linkId}`, max: CODE_LINK_TRIES, windowMs: CODE_LINK_WINDOW_MS },
      async () => {},
      {
        kind: 'verification_lockout',
        message: 'too many wrong verification codes on this link; confirming codes is paused for everyone',
        limit: 'verification_link',
      },
    );
    // A try that failed to run (the links service away) is no wrong code.
    const result = await check().catch(async (error: unknown) => {
      await undo();
      throw error;
    });
    if (result.verified) await undo();
    else await this.strike(request, link, undefined);
    return result;
  }

  /**
   * Counts a verification mail against the client address's, the link's and the platform's
   * ceilings, before any code is made; throws `rate_limited` (`details.limit` `mail_address`,
   * `mail_link` or `mail_platform`).
   */
  async limitVerificationMail(request: VisitorRequest, link: LinkAccess): Promise<void> {
    const mails = this.mails;
    await this.countMails(link, 'verification mails', [
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
  }

  /**
   * Counts a transcript mail a visitor asks for, when they ask, against the client address's,
   * the recipient's (skipped when it is the email the session was verified for), the link's and
   * the platform's ceilings; throws `rate_limited` (`details.limit` `transcript_address`,
   * `transcript_recipient`, `transcript_link` or `transcript_platform`). Answers how to take the
   * counts back, for a request then refused (no mail goes for it).
   */
  async limitTranscriptMail(request: VisitorRequest, link: LinkAccess, visitor: { credentialHash: string; email: string }): Promise<Undo> {
    const transcripts = this.transcripts;
    const recipient = emailKey(visitor.email);
    // The address the session was verified for is its visitor's own: they may have each of
    // their conversations mailed, the other ceilings apart.
    const verified = (await this.counter.recall(`session-email:${visitor.credentialHash}`)) === recipient;
    return this.countMails(link, 'transcript mails', [
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
  }

  /**
   * Counts a visitor's message against the link's cap (when it has one), the address's, the
   * session's (the link's `rate_limit_per_minute`, per session) and the email's limits (the email
   * a session was bound to by `bindEmail`, when none is given), then against the platform's
   * ceiling per second; throws `rate_limited` (429, Retry-After).
   */
  limitMessage(request: VisitorRequest, link: LinkAccess, visitor: { credentialHash?: string; email?: string }): Promise<void> {
    return this.messages.count(request.ip, link, visitor);
  }

  /** A message started a session: the new session's count starts with it (it was counted against the address, having no session yet). */
  countSessionStart(link: LinkAccess, credentialHash: string): Promise<void> {
    return this.messages.countSessionStart(link, credentialHash);
  }

  /** A session was started for a verified email: its messages count against that email's limit too. */
  async bindEmail(credentialHash: string, email: string): Promise<void> {
    // An email that is already a hash (carried over from another session) is kept as it is.
    const value = /^[0-9a-f]{64}$/.test(email) ? email : emailKey(email);
    await this.counter.remember(`session-email:${credentialHash}`, value, EMAIL_BINDING_MS);
  }

  /** The email a session was bound to (hashed), for a new session that carries it over. */
  boundEmail(credentialHash: string): Promise<string | undefined> {
    return this.counter.recall(`session-email:${credentialHash}`);
  }

  /** For analytics, when a session starts: the visitor's country and daily-salted hash (never the address); undefined without a secret to salt with. */
  async originOf(request: VisitorRequest): Promise<VisitorOrigin | undefined> {
    if (!this.origins) return undefined;
    try {
      return await this.origins.of(normalizeAddress(request.ip)?.toString() ?? request.ip);
    } catch (error) {
      // Analytics must never cost a visitor their session.
      this.deps.logger.warn({ err: error }, 'visitor origin unknown');
      return undefined;
    }
  }

  /**
   * Counts a request for a link token that is malformed or unknown (or deleted) against its client
   * address, so tokens cannot be enumerated at speed, and records it. Call it before answering 404:
   * past the budget it throws `rate_limited` (429) instead.
   */
  async countInvalidToken(request: VisitorRequest): Promise<void> {
    const count = await this.counter.hit(`invalid-token:${addressKey(request.ip)}`, MINUTE);
    if (count.count > this.limits.invalidTokensPerIpPerMinute) {
      this.recordRefusal('rate_limited', undefined);
      throw new AppError('rate_limited', `too many requests for unknown links from this address; retry in ${retryAfterSeconds(count.ttlMs)} s`, {
        retryAfterSeconds: retryAfterSeconds(count.ttlMs),
        details: { limit: 'invalid_token' },
      });
    }
    this.recordRefusal('invalid_token', undefined);
  }

  /** The link a request was admitted for, if the guard saw it (the error path names it in security events). */
  admittedLink(request: VisitorRequest): RefusalSubject | undefined {
    const link = this.admitted.get(request);
    return link ? subjectOf(link) : undefined;
  }

  /**
   * A refusal decided elsewhere that is the visitor's own doing (blocked content, a user that did
   * not verify, a failed challenge): on a link with an adaptive limit, a strike against the
   * address and the session (docs/api.md "Adaptive limits"). Without `link`, the link the request
   * was admitted for.
   */
  async penalize(request: VisitorRequest, link?: LinkAccess, credentialHash?: string): Promise<void> {
    const subject = link ?? this.admitted.get(request);
    if (subject) await this.strike(request, subject, credentialHash);
  }

  /**
   * Records a refusal as a security event: the guard's own, and those decided elsewhere (a quota
   * the sessions service enforces, a wrong verification code).
   */
  recordRefusal(kind: RefusalKind, subject: RefusalSubject | undefined): void {
    publishRefusal(this.deps.bus, this.deps.logger, kind, subject);
  }

  /** A refusal of the visitor's own doing: a strike on a link with an adaptive limit (docs/api.md "Adaptive limits"). */
  private strike(request: VisitorRequest, link: LinkAccess, credentialHash: string | undefined): Promise<void> {
    return this.messages.strike(request.ip, link, credentialHash);
  }

  /** Refuses at the door (403), recorded and, on an adaptive link, struck. */
  private async forbid(request: VisitorRequest, link: LinkAccess, kind: RefusalKind, message: string, reason: string): Promise<never> {
    this.recordRefusal(kind, subjectOf(link));
    await this.strike(request, link, undefined);
    throw new AppError('forbidden', message, { details: { reason } });
  }

  /**
   * Counts a try against a link's budget of wrong tries (before the try is checked); past it,
   * takes back `undoOther` (the address's count: a refused try is no try) and refuses. The first
   * refusal of a window is the lockout's security event, the later ones `rate_limited`. Returns
   * how to take this try back.
   */
  private async countLinkTry(
    link: LinkAccess,
    budget: { key: string; max: number; windowMs: number },
    undoOther: Undo,
    refusal: { kind: RefusalKind; message: string; limit: string },
  ): Promise<Undo> {
    const count = await this.counter.hit(budget.key, budget.windowMs);
    if (count.count > budget.max) {
      await undoOther();
      this.recordRefusal(count.count === budget.max + 1 ? refusal.kind : 'rate_limited', subjectOf(link));
      const wait = retryAfterSeconds(count.ttlMs);
      throw new AppError('rate_limited', `${refusal.message}; retry in ${wait} s`, { retryAfterSeconds: wait, details: { limit: refusal.limit } });
    }
    return async () => void (await this.counter.undo(budget.key));
  }

  /**
   * Counts a mail against its ceilings, one after the other: a request refused for its address
   * spends nothing of the recipient's, the link's or the platform's, so one noisy address cannot
   * use them up alone. Past one, `rate_limited` naming it; else how to take the counts back.
   */
  private async countMails(link: LinkAccess, what: string, ceilings: MailCeiling[]): Promise<Undo> {
    const counted: string[] = [];
    for (const ceiling of ceilings) {
      const count = await this.counter.hit(ceiling.key, ceiling.windowMs);
      if (count.count > ceiling.max) {
        const wait = retryAfterSeconds(count.ttlMs);
        this.recordRefusal('rate_limited', subjectOf(link));
        throw new AppError('rate_limited', `too many ${what} ${ceiling.per}; retry in ${wait} s`, {
          retryAfterSeconds: wait,
          details: { limit: ceiling.limit },
        });
      }
      counted.push(ceiling.key);
    }
    return async () => {
      await Promise.all(counted.map((key) => this.counter.undo(key)));
    };
  }

  /** The country of the client address; a table that cannot be read places nobody (so an allow list refuses, a deny list admits). */
  private async visitorCountry(request: VisitorRequest): Promise<string | null> {
    try {
      return await countryOf(normalizeAddress(request.ip)?.toString() ?? request.ip);
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'country table unavailable');
      return null;
    }
  }
}
