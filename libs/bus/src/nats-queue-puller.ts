import { createInbox, type Msg, type MsgHdrs, type NatsConnection, type Subscription as NatsSubscription } from '@nats-io/transport-node';

/** A message pulled from a work queue, with the acknowledgements JetStream understands. */
export interface PulledMessage {
  readonly headers: MsgHdrs | undefined;
  /** The message's sequence in its stream. */
  readonly seq: number;
  /** How many times JetStream has delivered it, this time included. */
  readonly deliveryCount: number;
  /** When it was stored, in milliseconds since the epoch. */
  readonly storedAtMs: number;
  string(): string;
  /**
   * Done: JetStream removes it from the work queue. When the slot it frees is to pull again, the
   * acknowledgement carries that pull (one message instead of two).
   */
  ack(): void;
  /** Still being worked on: JetStream restarts its ack wait. */
  working(): void;
  /** Back to the queue at once, for another responder. */
  nak(): void;
  /** Never to be delivered again. */
  term(): void;
}

export interface QueuePullerOptions {
  nc: NatsConnection;
  stream: string;
  consumer: string;
  /** The most messages handled at once; a pull is outstanding for every free one. */
  capacity: number;
  /** How long a pull waits at the server for a message before it expires (and is made again). */
  expiresMs: number;
  handle(message: PulledMessage): Promise<void>;
  /**
   * Makes sure the queue is there and answering (its stream and consumer exist), before pulling
   * again after a refused pull or a reconnection; a rejection is retried a second later.
   */
  prepare(reason: { code: number; description: string } | 'reconnected'): Promise<void>;
}

const ACK = '+ACK';
/** Acknowledges and pulls again in one message: `+NXT <pull request>`, its deliveries to the reply subject. */
const ACK_NEXT = '+NXT';
const WORKING = '+WPI';
const NAK = '-NAK';
const TERM = '+TERM';
/**
 * Past its expiry plus this, a pull the server never answered is given up for gone: lost with a
 * connection, or made while a restarted server was still bringing its consumers back.
 */
const LOST_PULL_GRACE_MS = 2_000;
const SWEEP_INTERVAL_MS = 1_000;
const RETRY_AFTER_REFUSAL_MS = 1_000;

/**
 * JetStream's pull protocol spoken directly: one inbox subscription for the puller's lifetime, and
 * one pull request of one message per free slot, answered by a message or by a status (expired,
 * refused). The client library's fetch() would subscribe and unsubscribe an inbox for every
 * message, and its consume() pulls ahead of what is being handled, which would take more than
 * `capacity` from the queue.
 *
 * Every pull asks for one message, so each answer – a message or a status – settles exactly one
 * pull; `pulls` holds the time each outstanding one was made, oldest first (the server serves and
 * expires them in that order).
 */
export class QueuePuller {
  private readonly inbox = createInbox();
  private readonly nextSubject: string;
  private readonly pullBody: string;
  private readonly ackNextBody: string;
  private readonly pulls: number[] = [];
  private running = 0;
  private stopped = false;
  /** Pulling waits for prepare() to succeed. */
  private preparing = false;
  private retry: NodeJS.Timeout | undefined;
  private readonly sweep: NodeJS.Timeout;
  private readonly subscription: NatsSubscription;

  constructor(private readonly options: QueuePullerOptions) {
    this.nextSubject = `$JS.API.CONSUMER.MSG.NEXT.${options.stream}.${options.consumer}`;
    this.pullBody = JSON.stringify({ batch: 1, expires: options.expiresMs * 1_000_000 });
    this.ackNextBody = `${ACK_NEXT} ${this.pullBody}`;
    this.subscription = options.nc.subscribe(this.inbox, { callback: (error, msg) => (error ? undefined : this.receive(msg)) });
    this.sweep = setInterval(() => this.forgetLostPulls(), SWEEP_INTERVAL_MS);
    this.sweep.unref();
    this.pull();
  }

  /** Messages being handled now. */
  get handling(): number {
    return this.running;
  }

  /**
   * Stops pulling: the inbox goes, so the server gives this puller's outstanding pulls nothing
   * more; a message already on its way is sent straight back. Handling messages goes on.
   */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.sweep);
    clearTimeout(this.retry);
    this.subscription.unsubscribe();
  }

  /**
   * The connection came back: the server may have restarted and forgotten every pull, and a pull
   * made before it has loaded the consumer again is lost without an answer. Pull again for every
   * free slot once the queue answers; a pull the server did keep can deliver one message beyond
   * capacity, once.
   */
  reconnected(): void {
    this.pulls.length = 0;
    this.prepareThenPull('reconnected');
  }

  /** Makes a pull for every free slot. */
  private pull(): void {
    if (this.stopped || this.preparing) return;
    const now = Date.now();
    for (let free = this.options.capacity - this.running - this.pulls.length; free > 0; free--) {
      try {
        this.options.nc.publish(this.nextSubject, this.pullBody, { reply: this.inbox });
      } catch {
        // The connection is closing: nothing more will come.
        return;
      }
      this.pulls.push(now);
    }
  }

  private receive(msg: Msg): void {
    if (msg.subject === this.inbox) {
      this.status(msg);
      return;
    }
    // A message answers the oldest outstanding pull.
    this.pulls.shift();
    let pulledAgain = false;
    // Acknowledged once the answer is out: the message's slot is as good as free, and its next
    // pull goes with the acknowledgement (the handling only tidies up after that).
    const message = pulledMessage(this.options.nc, msg, () => {
      pulledAgain = !this.stopped && !this.preparing && this.options.capacity - (this.running - 1) - this.pulls.length > 0;
      if (!pulledAgain) return undefined;
      this.pulls.push(Date.now());
      return { body: this.ackNextBody, reply: this.inbox };
    });
    if (message === undefined) {
      // Not a JetStream delivery (nothing to acknowledge): the slot pulls again.
      this.pull();
      return;
    }
    if (this.stopped) {
      message.nak();
      return;
    }
    this.running += 1;
    this.options
      .handle(message)
      .catch(() => {})
      .finally(() => {
        this.running -= 1;
        if (!pulledAgain) this.pull();
      });
  }

  private status(msg: Msg): void {
    const code = msg.headers?.code ?? 0;
    // An idle heartbeat (never asked for) leaves the pull outstanding.
    if (code === 100) return;
    this.pulls.shift();
    // 408: the pull expired with nothing to deliver, the normal end of a quiet pull.
    if (code === 408) {
      this.pull();
      return;
    }
    this.prepareThenPull({ code, description: msg.headers?.description ?? '' });
  }

  private prepareThenPull(reason: Parameters<QueuePullerOptions['prepare']>[0]): void {
    if (this.stopped || this.preparing) return;
    this.preparing = true;
    const attempt = () => {
      this.options.prepare(reason).then(
        () => {
          this.preparing = false;
          this.pull();
        },
        () => {
          if (this.stopped) return;
          this.retry = setTimeout(attempt, RETRY_AFTER_REFUSAL_MS);
          this.retry.unref();
        },
      );
    };
    // A refusal waits a moment (it would come again at once); a reconnection pulls as soon as it can.
    if (reason === 'reconnected') attempt();
    else {
      this.retry = setTimeout(attempt, RETRY_AFTER_REFUSAL_MS);
      this.retry.unref();
    }
  }

  /** Pulls past their expiry that the server never answered are gone (lost with a connection): pull anew. */
  private forgetLostPulls(): void {
    const lostBefore = Date.now() - this.options.expiresMs - LOST_PULL_GRACE_MS;
    let lost = 0;
    while (lost < this.pulls.length && (this.pulls[lost] as number) < lostBefore) lost++;
    if (lost === 0) return;
    this.pulls.splice(0, lost);
    this.pull();
  }
}

/**
 * A delivered message's JetStream metadata is in its reply subject: `$JS.ACK.<stream>.<consumer>.
 * <delivered>.<stream seq>.<consumer seq>.<timestamp ns>.<pending>`, or with a domain and account
 * hash before the stream (and a random token after) on newer servers.
 */
/** `nextPull`, asked when the message is acknowledged: the pull its acknowledgement carries (`+NXT`), if its slot pulls again. */
function pulledMessage(nc: NatsConnection, msg: Msg, nextPull: () => { body: string; reply: string } | undefined): PulledMessage | undefined {
  const reply = msg.reply;
  if (!reply?.startsWith('$JS.ACK.')) return undefined;
  const tokens = reply.split('.');
  // Without the domain and hash: 9 tokens; with them: 11 or 12.
  const at = tokens.length === 9 ? 4 : 6;
  const deliveryCount = Number(tokens[at]);
  const seq = Number(tokens[at + 1]);
  const storedAtMs = Number(BigInt(tokens[at + 3] ?? '0') / 1_000_000n);
  let acked = false;
  const respond = (what: string, final: boolean, pullTo?: string) => {
    if (acked) return;
    if (final) acked = true;
    nc.publish(reply, what, pullTo ? { reply: pullTo } : undefined);
  };
  return {
    headers: msg.headers,
    seq,
    deliveryCount,
    storedAtMs,
    string: () => msg.string(),
    ack: () => {
      if (acked) return;
      const next = nextPull();
      respond(next?.body ?? ACK, true, next?.reply);
    },
    working: () => respond(WORKING, false),
    nak: () => respond(NAK, true),
    term: () => respond(TERM, true),
  };
}
