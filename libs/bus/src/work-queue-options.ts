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
}

/** A responder's limit when it names none. */
export const DEFAULT_MAX_IN_FLIGHT = 32;
/** A caller's patience when it names none. */
export const DEFAULT_QUEUE_TIMEOUT_MS = 60_000;
