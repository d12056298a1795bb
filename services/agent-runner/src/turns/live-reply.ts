import type { LiveEvent, TurnOutcome } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { LiveEventLog } from '@parley/stores';

/** Pieces of a reply are sent together at most this often: the log is not written per token. */
export const DELTA_INTERVAL_MS = 50;

interface StreamedReply {
  nodeId: string;
  messageId: string;
}

/**
 * Streams a turn's LLM replies to the conversation's live clients: `status` typing once, then
 * `delta` {message_id, text} pieces, coalesced. Each streamed reply takes the next of the ids the
 * caller will store the assistant messages under. Writing the log never fails a turn.
 */
export class LiveReply {
  private readonly streams: StreamedReply[] = [];
  private pending = '';
  private timer: NodeJS.Timeout | undefined;
  private writes: Promise<unknown> = Promise.resolve();
  /** `typing` was said since the last `thinking`: said again when text follows tool calls. */
  private typingSaid = false;

  constructor(
    private readonly live: LiveEventLog,
    private readonly conversationId: string,
    private readonly messageIds: readonly string[],
    private readonly logger: Logger,
    private readonly intervalMs = DELTA_INTERVAL_MS,
  ) {}

  /** The engine's `onDelta`: a piece of the reply node `nodeId` is producing. */
  readonly onDelta = (nodeId: string, text: string): void => {
    const current = this.streams.at(-1);
    if (current?.nodeId !== nodeId) {
      this.flush();
      const messageId = this.messageIds[this.streams.length];
      // More replies than ids: the rest arrive as whole messages only.
      if (messageId === undefined) return;
      this.streams.push({ nodeId, messageId });
    }
    if (!this.typingSaid) {
      this.write({ event: 'status', data: { state: 'typing' } });
      this.typingSaid = true;
    }
    this.pending += text;
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  };

  /**
   * The model asked for tool calls and they run now: live clients see the agent is working
   * (`thinking`) rather than a reply that stopped; the next piece of text says `typing` again.
   */
  readonly working = (): void => {
    this.flush();
    this.write({ event: 'status', data: { state: 'thinking' } });
    this.typingSaid = false;
  };

  /** Sends what is still pending and waits until every event is written (before the turn answers). */
  async finish(): Promise<void> {
    this.flush();
    await this.writes;
  }

  /** The outcome's said texts, each streamed one with the id its deltas were announced under. */
  label(said: TurnOutcome['said']): TurnOutcome['said'] {
    let next = 0;
    return said.map((item) => {
      const stream = this.streams[next];
      if (stream === undefined || stream.nodeId !== item.nodeId) return item;
      next++;
      return { ...item, messageId: stream.messageId };
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const stream = this.streams.at(-1);
    if (!stream || this.pending === '') return;
    this.write({ event: 'delta', data: { message_id: stream.messageId, text: this.pending } });
    this.pending = '';
  }

  /** In order, one after another: a client must see the pieces in the order they were said. */
  private write(event: LiveEvent): void {
    this.writes = this.writes.then(() =>
      this.live.append(this.conversationId, event).catch((error: unknown) => {
        this.logger.debug({ err: error, conversationId: this.conversationId, event: event.event }, 'live event not written');
      }),
    );
  }
}
