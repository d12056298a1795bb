import { randomUUID } from 'node:crypto';
import type { LoggedEvent } from '@parley/stores';

/**
 * Where a turn's reply goes as it is produced: the messages the agent says, each opened, written
 * piece by piece and closed with its whole text (an AG-UI run's text messages, an A2A task's
 * artifacts).
 */
export interface ReplySink {
  start(messageId: string): void;
  text(messageId: string, delta: string): void;
  end(messageId: string, whole: string): void;
}

/** A message the agent said in the turn, as it was stored. */
export interface SaidMessage {
  id: string;
  text: string;
}

/**
 * A turn's reply from its conversation's live events (docs/public-chat-api.md "Live events"):
 * `delta`s of a streamed reply go on as they come, and the stored `message` closes it – with the
 * rest of its text when the stream missed some, or whole when it was not streamed (a static
 * text). The visitor's own message and anything not the agent's are no part of the reply.
 */
export class ReplyAssembler {
  /** Text sent so far of each message still open. */
  private readonly open = new Map<string, string>();
  private readonly said: SaidMessage[] = [];
  private readonly closed = new Set<string>();

  constructor(private readonly sink: ReplySink) {}

  /** One event of the conversation's log, in log order. */
  event(event: LoggedEvent): void {
    if (event.event === 'delta') this.piece(event.data.message_id, event.data.text);
    else if (event.event === 'message' && event.data.role === 'assistant') this.whole(event.data.id, event.data.content);
  }

  /**
   * The turn answered: messages whose stored form never came are closed as they stand, and a
   * reply no event showed – no live log, or a retry answered from the first time – comes whole.
   */
  finish(response: string | null): SaidMessage[] {
    if (response && this.said.length === 0 && this.open.size === 0) this.whole(randomUUID(), response);
    this.abandon();
    return [...this.said];
  }

  /** The turn failed: what was open is closed as it stands. */
  abandon(): void {
    for (const [id, text] of [...this.open]) this.close(id, text);
  }

  private piece(id: string, text: string): void {
    if (this.closed.has(id) || text === '') return;
    const sofar = this.open.get(id);
    if (sofar === undefined) this.sink.start(id);
    this.open.set(id, (sofar ?? '') + text);
    this.sink.text(id, text);
  }

  private whole(id: string, content: string): void {
    if (this.closed.has(id)) return;
    const sofar = this.open.get(id) ?? '';
    if (!this.open.has(id)) this.sink.start(id);
    // The stored text is what was said: what the stream had not carried yet follows.
    if (content.startsWith(sofar) && content.length > sofar.length) this.sink.text(id, content.slice(sofar.length));
    this.close(id, content);
  }

  private close(id: string, text: string): void {
    this.open.delete(id);
    this.closed.add(id);
    this.said.push({ id, text });
    this.sink.end(id, text);
  }
}
