import type { PlatformBus } from '@parley/bus';
import { type ContentHit, checkContent, findPii, ModerationUnavailableError, redactPii } from '@parley/content-rules';
import { AppError, type ContentRules, contentBlocked } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { AgentVersionRef, AgentVersions } from '@parley/workflow';
import type { Announcer } from '../store/announcer.js';

/** Whose message it is and which rules apply: a link's own rules, else its agent version's. */
export interface ContentSubject extends AgentVersionRef {
  tenantId: string;
  linkId: string | null;
  /** The link's own rules; null (and always for the Text Chat API): the agent version's, if it has any. */
  own: ContentRules | null;
}

/** A message as the content rules let it in: the text to store and send on, and what the rules hit in it. */
export interface Screened {
  text: string;
  hits: readonly ContentHit[];
  subject: ContentSubject;
}

/**
 * Content rules applied to a visitor's or API caller's message before anything is stored or sent
 * to a runner (docs/public-chat-api.md "Content rules"): a blocked message is refused with 422
 * `content_blocked`, carrying the rule as a typed refusal (contentBlocked) for the gateway, and
 * goes nowhere; a redacted one goes on as its redacted text. Every hit is a security event; the
 * message's text is never logged. A turn's message is screened by the turn path, once
 * (TurnPath.runTurns); a message left for later by OfflineCapture.
 */
export class ContentGate {
  constructor(
    private readonly bus: PlatformBus,
    private readonly announcer: Announcer,
    /** The agent versions' rules, when a message's link has none of its own. */
    private readonly versions: AgentVersions,
    private readonly logger: Logger,
  ) {}

  /** The text to store and send on, its hits counted at once; throws `content_blocked`, or `unavailable` when a rule that blocks cannot be applied. */
  async screen(content: string, subject: ContentSubject): Promise<string> {
    const screened = await this.check(content, subject);
    this.count(screened);
    return screened.text;
  }

  /**
   * As screen, but the hits of a message let in are left to the caller to count (count), once it
   * knows the message is new: a retry of a message let in before had its hits counted then. A
   * blocked message's hits are counted at once, as it is refused.
   */
  async check(content: string, subject: ContentSubject): Promise<Screened> {
    const rules = await this.rulesFor(subject);
    if (!rules) return { text: content, hits: [], subject };
    const context = { tenantId: subject.tenantId, linkId: subject.linkId, agentId: subject.agentId };
    let verdict: Awaited<ReturnType<typeof checkContent>>;
    try {
      verdict = await checkContent(content, rules, { moderate: (text) => this.moderate(text), warn: (message) => this.logger.warn(context, message) });
    } catch (error) {
      if (!(error instanceof ModerationUnavailableError)) throw error;
      this.logger.warn({ ...context, reason: error.message }, 'moderation could not be asked: a message under a blocking moderation rule is refused');
      throw new AppError('unavailable', 'the message could not be checked by moderation; send it again later', {
        details: { reason: 'moderation_unavailable' },
        retryAfterSeconds: 5,
      });
    }
    // Every hit is a security event (count); a message let in with its personal data redacted is routine, logged at debug only.
    if (verdict.hits.length > 0)
      this.logger[verdict.outcome === 'redacted' ? 'debug' : 'info'](
        { ...context, outcome: verdict.outcome, hits: verdict.hits },
        'a content rule hit a message',
      );
    if (verdict.outcome === 'blocked') {
      this.count({ text: content, hits: verdict.hits, subject });
      throw contentBlocked(verdict.rule);
    }
    return { text: verdict.text, hits: verdict.hits, subject };
  }

  /** Each hit of a screened message is a security event. */
  count(screened: Screened): void {
    if (screened.hits.length > 0) this.announcer.contentHits(screened.subject, screened.hits);
  }

  /**
   * Whether `stored` is what `content` became when it was let in: a retry of a redacted message
   * (same Idempotency-Key) finds its redacted text stored, and is a retry all the same.
   */
  async sameMessage(stored: string, content: string, subject: ContentSubject): Promise<boolean> {
    if (stored === content) return true;
    const rules = await this.rulesFor(subject).catch(() => null);
    return rules?.pii === 'redact' && redactPii(content, findPii(content)) === stored;
  }

  /**
   * A link's own rules, else the agent version's (none when its stored config does not parse: the
   * runner refuses its turns); a config that cannot be had fails the message (nothing goes unchecked).
   */
  private async rulesFor(subject: ContentSubject): Promise<ContentRules | null> {
    if (subject.own) return subject.own;
    try {
      const version = await this.versions.get(subject);
      return version.ok ? (version.config.content_rules ?? null) : null;
    } catch (error) {
      this.logger.warn({ err: error, agentId: subject.agentId, version: subject.version }, 'could not read the agent version’s content rules');
      throw new AppError('unavailable', 'the message could not be checked; send it again', { details: { reason: 'dependency' } });
    }
  }

  private async moderate(text: string) {
    try {
      return await this.bus.request('runner.moderate', { text });
    } catch (error) {
      throw new ModerationUnavailableError(error instanceof Error ? error.message : 'moderation failed', { cause: error });
    }
  }
}
