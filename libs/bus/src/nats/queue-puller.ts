import { createInbox, type Msg, type MsgHdrs, type NatsConnection, type Subscription as NatsSubscription } from '@nats-io/transport-node';
import type { Outbox } from './outbox.js';

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
  /** Where the pulls and acknowledgements go, to be sent with the rest of the turn's writes. */
  outbox: Outbox;
  stream: string;
  consumer: string;
  /** The most messages handled at once, taken from the queue or directly (takeDirect). */
  capacity: number;
  /**
   * Requests are also taken directly (takeDirect): while nothing waits in the queue, one pull is
   * outstanding, keeping a slot for what comes to the queue, and the other slots take requests
   * directly; once a delivery says more wait behind it, every free slot pulls again until the
   * queue is empty, and no slot takes a request directly while one is kept for a pull. Without
   * this, a pull for every free slot.
   */
  takesDirect?: boolean;
  /**
   * The reply subject of the caller a queued message is for (Parley-Reply-To): a message for a
   * caller whose direct request this puller runs or has answered is that same request, offered
   * again through the queue by a caller that heard nothing for a while.
   */
  callerOf?(msg: Msg): string | undefined;
  /** How long a pull waits at the server for a message before it expires (and is made again). */
  expiresMs: number;
  handle(message: PulledMessage): Promise<void>;
  /**
   * Makes sure the queue is there and answering (its stream and consumer exist), before pulling
   * again after a refused pull or a reconnection; a rejection is retried a second later.
   */
  prepare(reason: { code: number; description: string } | 'reconnected'): Promise<void>;
}

/** A slot taken by a request sent straight to the responder (QueuePuller.takeDirect). */
export interface DirectSlot {
  /** Still being worked on: queued copies of the request restart their ack wait. */
  working(): void;
  /** Finished, `answered` if the reply went out: the slot is free, and pulls again if it may. */
  done(answered: boolean): void;
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
/** Requests taken directly are remembered by their caller's reply subject, apart from stream deliveries. */
const directKey = (replyTo: string): string => `>${replyTo}`;
/**
 * How long a request this puller answered is remembered, so that a delivery of it the server sent
 * before it saw the acknowledgement is acknowledged again rather than run again.
 */
const ANSWERED_MEMORY_MS = 5_000;

/**
 * JetStream's pull protocol spoken directly: one inbox subscription for the puller's lifetime, and
 * one pull request of one message per free slot (or fewer, see takesDirect), answered by a message
 * or by a status (expired, refused). The client library's fetch() would subscribe and unsubscribe
 * an inbox for every message, and its consume() pulls ahead of what is being handled, which would
 * take more than `capacity` from the queue.
 *
 * Every pull asks for one message, so each answer – a message or a status – settles exactly one
 * pull; `pulls` holds the time each outstanding one was made, oldest first (the server serves and
 * expires them in that order).
 *
 * A request is run once per puller however often it comes: JetStream delivers a request again when
 * its ack wait passes without a word (a responder stalled longer than that, or a delivery crossing
 * an expiring pull), and that delivery can come back to the very puller still running it. It then
 * takes no slot and starts nothing: it is kept in progress with the running one and acknowledged
 * with it. One that comes after the answer went out is acknowledged again at once. The same holds
 * for a request taken directly whose caller, hearing nothing for an ack wait, queued it (known by
 * its caller's reply subject).
 */
export class QueuePuller {
  private readonly inbox = createInbox();
  private readonly nextSubject: string;
  private readonly pullBody: string;
  private readonly ackNextBody: string;
  private readonly pulls: number[] = [];
  /** The most pulls outstanding at once: every free slot's, or one while taking requests directly with the queue empty. */
  private pullAhead: number;
  /** Requests being run, by identity (see requestKey): the reply subjects of their later deliveries. */
  private readonly inHand = new Map<string, string[]>();
  /** Requests answered lately, by identity, with when. */
  private readonly answered = new Map<string, number>();
  private running = 0;
  private stopped = false;
  /** Pulling waits for prepare() to succeed. */
  private preparing = false;
  private retry: NodeJS.Timeout | undefined;
  private readonly sweep: NodeJS.Timeout;
  private readonly subscription: NatsSubscription;

  constructor(private readonly options: QueuePullerOptions) {
    this.pullAhead = options.takesDirect ? 1 : options.capacity;
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
   * A slot for a request its caller sent straight to this responder (reply subject `replyTo`), or
   * undefined when none is free: every slot runs something or waits on a pull. The slot is the
   * caller's until `done`; a delivery of the same request from the queue meanwhile (see callerOf)
   * is kept with it, told what it is told, and run never.
   */
  takeDirect(replyTo: string): DirectSlot | undefined {
    if (this.stopped || this.running + this.pulls.length >= this.options.capacity) return undefined;
    const key = directKey(replyTo);
    const echoes: string[] = [];
    this.inHand.set(key, echoes);
    this.running += 1;
    // Lost to a closing connection, what was not told is redelivered by JetStream.
    const tell = (what: string) => {
      for (const echo of echoes) this.options.outbox.publish(echo, what);
    };
    let done = false;
    return {
      working: () => tell(WORKING),
      done: (answered) => {
        if (done) return;
        done = true;
        this.inHand.delete(key);
        if (answered) this.answered.set(key, Date.now());
        // Answered: the queued copies are settled with it; not answered: they go to another responder.
        tell(answered ? ACK : NAK);
        this.running -= 1;
        this.pull();
      },
    };
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
    const free = Math.min(this.options.capacity - this.running - this.pulls.length, this.pullAhead - this.pulls.length);
    for (let left = free; left > 0; left--) {
      // A pull lost to a closing connection stays counted until its expiry has passed
      // (forgetLostPulls): nothing more comes meanwhile.
      this.options.outbox.publish(this.nextSubject, this.pullBody, { reply: this.inbox });
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
    const tokens = ackTokens(msg.reply);
    if (tokens === undefined) {
      // Not a JetStream delivery (nothing to acknowledge): the slot pulls again.
      this.pull();
      return;
    }
    const key = requestKey(tokens);
    const caller = this.options.callerOf?.(msg);
    if (this.again(key, msg.reply as string) || (caller !== undefined && this.again(directKey(caller), msg.reply as string))) {
      // Not a new request: the slot its pull stood for is free again.
      this.pull();
      return;
    }
    // What waits behind this request decides how many slots pull (see takesDirect).
    const backlog = this.options.takesDirect === true && pendingBehind(tokens) > 0;
    if (this.options.takesDirect) this.pullAhead = backlog ? this.options.capacity : 1;
    let pulledAgain = false;
    const echoes: string[] = [];
    // Acknowledged once the answer is out: the message's slot is as good as free, and its next
    // pull goes with the acknowledgement (the handling only tidies up after that).
    const message = pulledMessage(this.options.outbox, msg, tokens, echoes, (final) => {
      this.inHand.delete(key);
      if (final === ACK) this.answered.set(key, Date.now());
      if (final !== ACK) return undefined;
      pulledAgain =
        !this.stopped && !this.preparing && this.options.capacity - (this.running - 1) - this.pulls.length > 0 && this.pulls.length < this.pullAhead;
      if (!pulledAgain) return undefined;
      this.pulls.push(Date.now());
      return { body: this.ackNextBody, reply: this.inbox };
    });
    if (this.stopped) {
      message.nak();
      return;
    }
    this.inHand.set(key, echoes);
    this.running += 1;
    // The pull this delivery answered is made again at once – by every free slot when requests
    // wait behind it – not only once its slot frees up: a long request (an LLM call) would leave
    // what comes to the queue meanwhile waiting for as long as it runs, with slots free.
    this.pull();
    this.options
      .handle(message)
      .catch(() => {})
      .finally(() => {
        this.running -= 1;
        // Handled without a word to JetStream (a failed reply): it comes again after the ack wait, to be run again.
        this.inHand.delete(key);
        if (!pulledAgain) this.pull();
      });
  }

  /**
   * A later delivery of a request this puller runs or has answered: kept with the running one, or
   * acknowledged again. False for a request new to it.
   */
  private again(key: string, reply: string): boolean {
    const echoes = this.inHand.get(key);
    if (echoes !== undefined) {
      echoes.push(reply);
      return true;
    }
    if (!this.answered.has(key)) return false;
    // Lost to a closing connection, it changes nothing: the message was acknowledged once already.
    this.options.outbox.publish(reply, ACK);
    return true;
  }

  private status(msg: Msg): void {
    const code = msg.headers?.code ?? 0;
    // An idle heartbeat (never asked for) leaves the pull outstanding.
    if (code === 100) return;
    this.pulls.shift();
    // 408: the pull expired with nothing to deliver, the normal end of a quiet pull (and the
    // queue is empty: back to one pull, the other slots free for direct requests).
    if (code === 408) {
      if (this.options.takesDirect) this.pullAhead = 1;
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
    const forgetBefore = Date.now() - ANSWERED_MEMORY_MS;
    // Oldest first, as they were answered.
    for (const [key, at] of this.answered) {
      if (at >= forgetBefore) break;
      this.answered.delete(key);
    }
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
 * hash before the stream (and a random token after) on newer servers. Its tokens; undefined for
 * any other reply subject (nothing to acknowledge).
 */
function ackTokens(reply: string | undefined): string[] | undefined {
  return reply?.startsWith('$JS.ACK.') ? reply.split('.') : undefined;
}

/** How many messages the consumer had still to deliver when it sent this one. */
function pendingBehind(tokens: string[]): number {
  return Number(tokens[metadataAt(tokens) + 4] ?? 0);
}

function metadataAt(tokens: string[]): number {
  // Without the domain and hash: 9 tokens; with them: 11 or 12.
  return tokens.length === 9 ? 4 : 6;
}

/**
 * Which stored request a delivery is, the same for each of its deliveries: its stream sequence
 * and the time it was stored (a stream created anew, as a restarted server's memory stream is,
 * numbers its messages from 1 again).
 */
function requestKey(tokens: string[]): string {
  const at = metadataAt(tokens);
  return `${tokens[at + 1]}.${tokens[at + 3]}`;
}

/**
 * `settled(what)`, told the final word (ACK, NAK or TERM) as it goes: the pull an acknowledgement
 * carries (`+NXT`), if its slot pulls again. `echoes`: the reply subjects of later deliveries of
 * the same request, told every word the first is told (a final one without a pull).
 */
function pulledMessage(
  outbox: Outbox,
  msg: Msg,
  tokens: string[],
  echoes: readonly string[],
  settled: (final: string) => { body: string; reply: string } | undefined,
): PulledMessage {
  const reply = msg.reply as string;
  const at = metadataAt(tokens);
  const deliveryCount = Number(tokens[at]);
  const seq = Number(tokens[at + 1]);
  const storedAtMs = Number(BigInt(tokens[at + 3] ?? '0') / 1_000_000n);
  let done = false;
  const respond = (what: string, final: boolean) => {
    if (done) return;
    if (final) done = true;
    const next = final ? settled(what) : undefined;
    outbox.publish(reply, next?.body ?? what, next ? { reply: next.reply } : undefined);
    for (const echo of echoes) outbox.publish(echo, what);
  };
  return {
    headers: msg.headers,
    seq,
    deliveryCount,
    storedAtMs,
    string: () => msg.string(),
    ack: () => respond(ACK, true),
    working: () => respond(WORKING, false),
    nak: () => respond(NAK, true),
    term: () => respond(TERM, true),
  };
}
