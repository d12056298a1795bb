import { setTimeout as sleep } from 'node:timers/promises';
import type { PlatformBus } from '@parley/bus';
import { AppError, messageLookupMax, visitorKeyOf } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { WorkflowLlm } from '@parley/workflow';
import type { MemoryRepository, PendingMessage, VisitorKey } from './memory.repository.js';
import { type SummarisedMessage, summaryInstructions, summaryRequest } from './summary-prompt.js';

/** The memory is summarised every 5 messages (docs/workflow.md, "The visitor's memory"). */
export const SUMMARY_EVERY = 5;
/** At most this many messages go into one summary (a backlog from a time without an LLM takes several). */
const MAX_SUMMARY_BATCH = 50;
/** How often a delivery waiting on another replica's summary looks again. */
const WAIT_POLL_MS = 250;

export interface MemoryServiceOptions {
  model: string;
  /** The longest one LLM call may take, retries included: how long a summarising lease lasts beyond it. */
  llmBudgetMs: number;
}

/** One message of a messages.stored event, as the memory service counts it. */
export interface MessageCreated {
  tenantId: string;
  agentId: string;
  conversationId: string;
  messageId: string;
  email: string | null;
  /** The signed-in user of the conversation (signed visitor identity); wins over the email. */
  userId?: string | null | undefined;
  /** The identity realm that user was verified in: a signed-in user is the pair (realm, id). */
  userRealm?: string | null | undefined;
  role: 'user' | 'assistant' | 'operator' | 'system';
  at: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Who a memory is about: a signed-in user in their identity realm, else a verified email;
 * undefined for anonymous visitors (and for a user id without its realm, which names nobody).
 */
export function visitorKey(
  agentId: string,
  visitor: { email?: string | null | undefined; userId?: string | null | undefined; userRealm?: string | null | undefined },
): VisitorKey | undefined {
  const key = visitorKeyOf(visitor);
  if (key === undefined) return undefined;
  return key.startsWith('user:') && visitor.userId ? { agentId, visitor: key, userId: visitor.userId } : { agentId, visitor: key };
}

/**
 * Per-(agent, visitor) memory of email-verified visitors and signed-in users (`email:…` or
 * `user:<identity realm>:…`, so the two never share one, nor one user id of two links' secrets). Every message of their conversations is counted
 * once by id; when 5 wait, one replica takes a lease, reads them from the sessions service, asks
 * the LLM for the new summary and stores it with the messages it covers in one transaction. The
 * event is acknowledged only after that, so a replica stopping midway leaves the messages
 * pending and its events unacknowledged: the summary is made later, once.
 */
export class MemoryService {
  private readonly stopping = new AbortController();
  private warnedNoLlm = false;

  constructor(
    private readonly repository: MemoryRepository,
    private readonly bus: PlatformBus,
    private readonly llm: WorkflowLlm,
    private readonly logger: Logger,
    private readonly options: MemoryServiceOptions,
  ) {}

  async get(
    agentId: string,
    visitor: { email?: string | undefined; userId?: string | undefined; userRealm?: string | undefined },
  ): Promise<{ summary: string | null }> {
    const key = visitorKey(agentId, visitor);
    const found = key && (await this.repository.find(key));
    return { summary: found?.summary ?? null };
  }

  async onMessage(event: MessageCreated): Promise<void> {
    // Only verified and signed-in visitors have a memory; platform notices are not part of the conversation.
    const key = visitorKey(event.agentId, event);
    if (key === undefined || event.role === 'system') return;
    if (!uuid.test(event.agentId) || !uuid.test(event.messageId) || !uuid.test(event.conversationId) || !uuid.test(event.tenantId)) {
      throw new AppError('invalid', 'message event with ids that are not uuids');
    }
    await this.repository.count(key, {
      tenantId: event.tenantId,
      messageId: event.messageId,
      conversationId: event.conversationId,
      role: event.role,
      sentAt: event.at,
    });
    if (!this.llm.available) {
      if (!this.warnedNoLlm) this.logger.info('no LLM configured: visitors’ messages are counted but not summarised');
      this.warnedNoLlm = true;
      return;
    }
    await this.summariseDue(key, event.messageId);
  }

  /** Lets deliveries waiting on another replica's summary give up (they are redelivered). */
  stop(): void {
    this.stopping.abort();
  }

  /**
   * Summarises while 5 or more messages wait. When another replica holds the lease, waits for it:
   * either this message ends up in its summary, or the lease ends and this delivery takes over.
   */
  private async summariseDue(key: VisitorKey, messageId: string): Promise<void> {
    const waitUntil = Date.now() + this.leaseMs() + WAIT_POLL_MS;
    while ((await this.repository.pendingCount(key)) >= SUMMARY_EVERY) {
      const claimed = await this.repository.claim(key, this.leaseMs());
      if (claimed) {
        await this.summariseClaimed(key, claimed.summary);
        continue;
      }
      if (await this.repository.isSummarised(key, messageId)) return;
      if (this.stopping.signal.aborted || Date.now() > waitUntil) {
        throw new AppError('unavailable', 'another replica is summarising this memory');
      }
      await sleep(WAIT_POLL_MS);
    }
  }

  private async summariseClaimed(key: VisitorKey, previous: string | null): Promise<void> {
    try {
      const batch = await this.repository.pending(key, MAX_SUMMARY_BATCH);
      // Another replica summarised them between the count and the lease.
      if (batch.length < SUMMARY_EVERY) {
        await this.repository.release(key);
        return;
      }
      const messages = await this.read(batch);
      // Messages erased meanwhile are gone for good: they are marked as covered, the memory stays.
      const summary = messages.length === 0 ? previous : await this.summarise(previous, messages);
      await this.repository.saveSummary(
        key,
        summary,
        batch.map((m) => m.messageId),
      );
      this.logger.debug({ agentId: key.agentId, messages: batch.length }, 'visitor memory summarised');
    } catch (error) {
      await this.repository.release(key).catch((release: unknown) => this.logger.warn({ err: release }, 'could not release a summary lease'));
      throw error;
    }
  }

  /** The batch's text, from the sessions service that owns it, conversation by conversation, in order. */
  private async read(batch: PendingMessage[]): Promise<SummarisedMessage[]> {
    const byConversation = new Map<string, string[]>();
    for (const m of batch) byConversation.set(m.conversationId, [...(byConversation.get(m.conversationId) ?? []), m.messageId]);
    const messages: SummarisedMessage[] = [];
    for (const [conversationId, ids] of byConversation) {
      for (let i = 0; i < ids.length; i += messageLookupMax) {
        const found = await this.bus.request('sessions.messages', { conversationId, ids: ids.slice(i, i + messageLookupMax) });
        messages.push(...found.messages);
      }
    }
    return messages;
  }

  private async summarise(previous: string | null, messages: SummarisedMessage[]): Promise<string | null> {
    const result = await this.llm.reply({
      settings: { model: this.options.model, temperature: 0 },
      system: summaryInstructions,
      history: summaryRequest(previous, messages),
    });
    const summary = result.value.trim();
    // An empty answer would wipe the memory: keep the previous one and still cover the messages.
    return summary === '' ? previous : summary;
  }

  private leaseMs(): number {
    return this.options.llmBudgetMs + 15_000;
  }
}
