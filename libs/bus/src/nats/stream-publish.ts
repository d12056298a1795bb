import type { MsgHdrs } from '@nats-io/transport-node';
import type { NatsRequestMux } from './request-mux.js';

/** How long a publish waits for JetStream to say the message is stored (the client library's default). */
const STORE_TIMEOUT_MS = 5_000;

/** JetStream refused to store a message; `errCode` is its API error code (10077: the stream is full). */
export class StreamPublishError extends Error {
  constructor(
    readonly errCode: number,
    description: string,
  ) {
    super(`JetStream did not store the message: ${description || `error ${errCode}`}`);
    this.name = 'StreamPublishError';
  }
}

interface PublishAck {
  stream?: string;
  seq?: number;
  error?: { err_code?: number; description?: string };
}

/**
 * Stores a message in the stream its subject belongs to and resolves once JetStream says it is
 * stored, as JetStreamClient.publish does – through the bus's one reply inbox instead of a request
 * object, an error with its stack trace and a timer of the client library's per publish: a turn
 * publishes twice (its queued request and its stored messages). Rejects with the mux's errors
 * (`no_responders` when no stream takes the subject, `timeout`, `closed`) or a StreamPublishError.
 * Resolves with the message's sequence in its stream.
 */
export async function publishToStream(mux: NatsRequestMux, subject: string, body: string, headers: MsgHdrs): Promise<{ seq: number }> {
  const reply = await mux.request(subject, body, headers, STORE_TIMEOUT_MS, undefined);
  let ack: PublishAck;
  try {
    ack = JSON.parse(reply.string()) as PublishAck;
  } catch {
    throw new StreamPublishError(0, 'the answer was not an acknowledgement');
  }
  if (ack.error) throw new StreamPublishError(ack.error.err_code ?? 0, ack.error.description ?? '');
  if (typeof ack.stream !== 'string') throw new StreamPublishError(0, 'the answer was not an acknowledgement');
  return { seq: typeof ack.seq === 'number' ? ack.seq : 0 };
}
