import type { EventHandlerInput, PlatformBus } from '@parley/bus';
import { AppError, type PlatformCatalog, type SentimentMethod, sentimentLabelOf, sessionsCatalog } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import { DEFAULT_MODEL, parseAgentConfig, type WorkflowLlm } from '@parley/workflow';
import { localSentiment } from './local-sentiment.js';
import { scoreOf, sentimentInstructions, sentimentRequest, type TranscriptMessage } from './prompt.js';

type SessionEnded = EventHandlerInput<PlatformCatalog, 'events.session.ended'>;

/** The deliveries of one `events.session.ended`: the last one classifies locally if the LLM still fails. */
const LAST_DELIVERY = sessionsCatalog.events['events.session.ended'].retry.maxDeliver;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Classifies each conversation once when it ends (docs/management-api.md "Sentiment"): its transcript from
 * the sessions service, judged by the agent's LLM (the agent version's model, a small fixed
 * prompt) when one is configured, else by the local word list; the score goes out as
 * `events.session.sentiment`, which analytics counts and the sessions service keeps. A
 * conversation the sessions service has classified already, or without any words of the
 * visitor, is left alone.
 */
export class SentimentService {
  private readonly stopping = new AbortController();

  constructor(
    private readonly bus: PlatformBus,
    private readonly llm: WorkflowLlm,
    private readonly logger: Logger,
  ) {}

  async onEnded(event: SessionEnded, deliveryCount: number): Promise<void> {
    if (!uuid.test(event.conversationId)) return;
    const transcript = await this.bus.request('sessions.transcript', { conversationId: event.conversationId });
    if (!transcript.found || transcript.classified) return;
    const visitorWords = transcript.messages.filter((m) => m.role === 'user' && m.content.trim() !== '').map((m) => m.content);
    if (visitorWords.length === 0) return;
    const { score, method } = await this.classify(event, transcript, visitorWords, deliveryCount >= LAST_DELIVERY);
    await this.bus.publish('events.session.sentiment', {
      conversationId: event.conversationId,
      tenantId: event.tenantId,
      agentId: event.agentId,
      agentVersion: transcript.agentVersion,
      linkId: event.linkId ?? null,
      score,
      label: sentimentLabelOf(score),
      method,
      at: new Date().toISOString(),
    });
    this.logger.debug({ conversationId: event.conversationId, method, label: sentimentLabelOf(score) }, 'conversation classified');
  }

  /** Lets a classification waiting on the LLM give up: its event is redelivered, and classified then. */
  stop(): void {
    this.stopping.abort();
  }

  private async classify(
    event: SessionEnded,
    transcript: { agentVersion: number; messages: TranscriptMessage[] },
    visitorWords: string[],
    lastTry: boolean,
  ): Promise<{ score: number; method: SentimentMethod }> {
    const local = { score: round(localSentiment(visitorWords)), method: 'local' as const };
    if (!this.llm.available) return local;
    try {
      const score = await this.ask(await this.modelOf(event.agentId, transcript.agentVersion), transcript.messages);
      if (score !== undefined) return { score: round(score), method: 'llm' };
      this.logger.warn({ conversationId: event.conversationId }, 'the LLM gave no sentiment score: classified locally');
      return local;
    } catch (error) {
      // Stopping: redelivered and classified after the restart. The LLM failing on the last delivery: the local classifier answers.
      if (this.stopping.signal.aborted || !lastTry) throw error;
      this.logger.warn({ err: error, conversationId: event.conversationId }, 'the LLM failed on the last delivery: classified locally');
      return local;
    }
  }

  /** The model the conversation's agent version speaks with. */
  private async modelOf(agentId: string, version: number): Promise<string> {
    const { config } = await this.bus.request('links.agents.config', { agentId, version });
    const parsed = parseAgentConfig(config);
    return parsed.ok ? (parsed.config.llm?.model ?? DEFAULT_MODEL) : DEFAULT_MODEL;
  }

  private async ask(model: string, messages: TranscriptMessage[]): Promise<number | undefined> {
    const signal = this.stopping.signal;
    const stopped = () => new AppError('unavailable', 'the memory service is stopping: the conversation is classified after its restart');
    if (signal.aborted) throw stopped();
    const call = this.llm.reply({ settings: { model, temperature: 0, max_tokens: 20 }, system: sentimentInstructions, history: sentimentRequest(messages) });
    // A late answer after a stop is dropped: the redelivered event makes the one classification.
    call.catch(() => undefined);
    const result = await new Promise<Awaited<typeof call>>((resolve, reject) => {
      const onAbort = () => reject(stopped());
      signal.addEventListener('abort', onAbort, { once: true });
      call.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
    return scoreOf(result.value);
  }
}

const round = (score: number) => Math.round(score * 1000) / 1000;
