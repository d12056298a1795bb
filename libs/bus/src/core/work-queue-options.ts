/** How a bus treats work-queue subjects (RpcSpec.workQueue). */
export interface WorkQueueOptions {
  /**
   * Off: work-queue subjects are plain request/reply, each request going at once to a responder
   * however busy (no queue, no limit).
   */
  enabled?: boolean;
  /** The most requests a subject's queue holds, waiting and running (default 10,000). */
  maxMessages?: number;
  /** NATS: how long a silent responder keeps a request before another is offered it (default 10 s). */
  ackWaitMs?: number;
  /**
   * NATS: where JetStream keeps a subject's queue (default memory). A queued request is worth
   * keeping only while its caller waits for the answer, so memory is enough – a NATS cluster
   * replicates it like a file stream – and spares the server a file write and delete per
   * request; `file` also keeps waiting requests through a restart of the server itself.
   */
  storage?: WorkQueueStorage;
  /**
   * NATS: a request is first offered straight to the subject's responders, and stored in the
   * queue only when the one it reaches has no slot free (or none listens): the same limits,
   * counts and redelivery for about a third less of the server's work per request, while responders have
   * slots to spare (default off here; the platform's RUNNER_QUEUE_DIRECT turns it on).
   */
  direct?: boolean;
  /**
   * NATS: how often a responder tells the caller, and JetStream, that a request is still being
   * worked on (default 1 s); a caller's queue timeout must outlast it.
   */
  beatIntervalMs?: number;
  /**
   * NATS: how long a free slot's pull waits at the server for a request before it is made again
   * (default 10 s, or 1 s for a responder also taking requests directly).
   */
  pullExpiresMs?: number;
  /**
   * NATS: a request known lost from its queue (a memory stream gone with its restarted server)
   * fails with `queue_lost` after this long without a sign of life (default 5 s): a responder
   * still working on it beats, and nothing will redeliver it.
   */
  lostRequestIdleMs?: number;
}

export type WorkQueueStorage = 'memory' | 'file';

/**
 * A responder's limit when it names none (the agent-runner's RUNNER_MAX_IN_FLIGHT). A runner's
 * turn mostly waits on the LLM, for under a millisecond of the runner's CPU and tens of KB of its
 * memory, so it can hold many; with them held in its slots rather than in the queue, turns are
 * offered straight to it (WorkQueueOptions.direct) instead of being stored first.
 */
export const DEFAULT_MAX_IN_FLIGHT = 128;
/** A caller's patience when it names none. */
export const DEFAULT_QUEUE_TIMEOUT_MS = 60_000;
