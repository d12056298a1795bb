import type { ResolutionReason } from '@parley/contracts';
import type { EngineResources } from '../turns/engine.js';
import type { ResolutionRepository } from './resolution.repository.js';

/** What a visitor's feedback says of the conversation: positive resolves it, negative takes back an `ended` resolution. */
export type FeedbackTone = 'positive' | 'negative' | 'neutral';

/** A thumb up or a score of 4–5 is positive; a thumb down or a score of 1–2 negative; a 3 says neither. */
export function toneOf(feedback: { rating: 'up' | 'down' } | { score: number }): FeedbackTone {
  if ('rating' in feedback) return feedback.rating === 'up' ? 'positive' : 'negative';
  if (feedback.score >= 4) return 'positive';
  return feedback.score <= 2 ? 'negative' : 'neutral';
}

/** How far back the sweep looks for ends left unresolved, and how old an end must be before it does. */
const MISSED_END_WINDOW_MS = 3_600_000;
const MISSED_END_GRACE_MS = 60_000;

/**
 * The outcomes system of the turn engine (turns/engine.ts). Conversations' outcomes (docs/management-api.md "Outcomes"): resolved when a node marked `resolves` is
 * reached, when the visitor gives positive feedback, or when it ends with no escalation and no
 * negative feedback; negative feedback after such an end takes that resolution back. Each change
 * is stored by one conditional statement and only the caller that made it announces it, so every
 * resolution is told once (analytics, webhooks). A failure is logged and never fails the turn,
 * the end or the feedback that caused it: they are stored already.
 */
export class ResolutionService {
  constructor(
    /** What it uses of the turn engine's one resources object. */
    private readonly resources: Pick<EngineResources, 'announcer' | 'logger'>,
    /** The repository's statements as a type: a unit test gives the service a fake of them. */
    private readonly repository: Pick<ResolutionRepository, 'resolve' | 'resolveMissedEnds' | 'takeBack'>,
  ) {}

  /** A turn entered a node marked `resolves`. */
  reachedResolvingNode(conversationId: string): Promise<void> {
    return this.resolve(conversationId, 'node');
  }

  /** The conversation ended (any end): resolved unless escalated or given negative feedback. */
  ended(conversationId: string): Promise<void> {
    return this.resolve(conversationId, 'ended');
  }

  /** The visitor's thumb or score, as stored. */
  async feedback(conversationId: string, tone: FeedbackTone): Promise<void> {
    if (tone === 'positive') return this.resolve(conversationId, 'feedback');
    if (tone === 'neutral') return;
    try {
      const taken = await this.repository.takeBack(conversationId);
      if (taken) this.resources.announcer.resolution(taken, false);
    } catch (error) {
      this.resources.logger.warn({ err: error, conversationId }, 'could not take back a resolution');
    }
  }

  /**
   * Resolves the ends that were not (see ResolutionRepository.resolveMissedEnds): conversations that
   * ended in the last hour, at least a minute ago, so an end being resolved right now is left to
   * its own call. The cleanup service asks every interval; each is announced like any resolution.
   */
  async sweepMissedEnds(limit: number, now = new Date()): Promise<{ resolved: number }> {
    const rows = await this.repository.resolveMissedEnds(new Date(now.getTime() - MISSED_END_WINDOW_MS), new Date(now.getTime() - MISSED_END_GRACE_MS), limit);
    for (const row of rows) this.resources.announcer.resolution(row, true);
    if (rows.length > 0) this.resources.logger.info({ resolved: rows.length }, 'resolved conversations whose end was not');
    return { resolved: rows.length };
  }

  private async resolve(conversationId: string, reason: ResolutionReason): Promise<void> {
    try {
      const resolved = await this.repository.resolve(conversationId, reason);
      if (resolved) this.resources.announcer.resolution(resolved, true);
    } catch (error) {
      this.resources.logger.warn({ err: error, conversationId, reason }, 'could not resolve a conversation');
    }
  }
}
