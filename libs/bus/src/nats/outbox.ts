import type { NatsConnection, Payload, PublishOptions } from '@nats-io/transport-node';
import type { Logger } from '@parley/logger';

/** How a write went, told once it was made (both optional). */
export interface WriteOutcome {
  written?(): void;
  /** The client refused it: the connection is closing or closed, or the message is larger than the server takes. */
  failed?(error: unknown): void;
}

interface Write extends WriteOutcome {
  write(): void;
}

/**
 * About what the client itself holds before it writes (its 32 KiB): a turn that sends more than
 * this sends as it goes, so what waits for the end of a turn stays bounded.
 */
const MAX_WAITING_CHARS = 32 * 1024;

/**
 * What the bus sends on its NATS connection in one turn of the event loop, sent together at the
 * end of that turn, so that the client writes it to the socket in one write.
 *
 * The client writes what was published at the end of the microtask queue of the callback that
 * published it: one socket write per callback. A service answers each request from a callback of
 * its own (a reply from the LLM, a statement's result, a message from NATS), so under load that
 * was a write system call per reply – each waking the NATS server for one message, which then
 * woke the receiver for one message. Here the bus's publishes and acknowledgements wait for the
 * end of the event loop's turn (setImmediate) and are then made in one synchronous loop: the
 * client puts them in its buffer one after the other and writes them in one write, the server
 * reads them at once and delivers them together. Nothing waits longer than the turn it was sent
 * in; the order is the order of the calls; `flush()` and `writeNow()` (before a drain) send what
 * waits first. A turn sending more than MAX_WAITING_CHARS sends as it goes.
 *
 * Only the client's public API is used (publish, a JetStream message's acknowledgements), so a
 * write the client refuses is told to its `failed` at the end of the turn rather than thrown at
 * the caller; a write without `failed` is one whose loss changes nothing (a progress beat, a
 * pull). What the client library sends by itself (JetStream API requests, its consumers' pulls)
 * goes as the library sends it. test/socket-writes.test.ts counts the socket writes.
 */
export class Outbox {
  private waiting: Write[] = [];
  private waitingChars = 0;
  private scheduled = false;
  private writing = false;

  constructor(
    private readonly nc: NatsConnection,
    private readonly logger: Logger,
  ) {}

  /** `nc.publish`, at the end of this turn. */
  publish(subject: string, payload: Payload, options?: PublishOptions, outcome?: WriteOutcome): void {
    this.waitingChars += payload.length;
    this.add({ write: () => this.nc.publish(subject, payload, options), ...outcome });
  }

  /** Another write of the client's (a JetStream message's acknowledgement), at the end of this turn, in order with the publishes. */
  send(write: () => void, outcome?: WriteOutcome): void {
    this.add({ write, ...outcome });
  }

  /** Sends what waits now and then flushes: resolves once the server has seen all of it. */
  flush(): Promise<void> {
    this.writeNow();
    return this.nc.flush();
  }

  /** Sends what waits now (before the connection drains). */
  writeNow(): void {
    // Writes added meanwhile (a `written` that acknowledges) are made by the loop under way.
    if (this.writing) return;
    this.writing = true;
    try {
      for (let index = 0; index < this.waiting.length; index += 1) this.make(this.waiting[index] as Write);
    } finally {
      this.waiting = [];
      this.waitingChars = 0;
      this.writing = false;
    }
  }

  private add(write: Write): void {
    this.waiting.push(write);
    if (this.waitingChars >= MAX_WAITING_CHARS) {
      this.writeNow();
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.writeAtEndOfTurn);
  }

  private readonly writeAtEndOfTurn = (): void => {
    this.scheduled = false;
    this.writeNow();
  };

  private make(write: Write): void {
    let failure: { error: unknown } | undefined;
    try {
      write.write();
    } catch (error) {
      failure = { error };
    }
    try {
      if (failure === undefined) write.written?.();
      else write.failed?.(failure.error);
    } catch (error) {
      this.logger.error({ err: error }, 'a write’s outcome handler failed');
    }
  }
}
