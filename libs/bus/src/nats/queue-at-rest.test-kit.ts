import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { workQueueStreamName } from './work-queue.js';

/**
 * Polls until the work queue of `queued` has nothing left to deliver or waiting for its
 * acknowledgement: from then on JetStream hands nothing of it out again. (A redelivery made during
 * a responder's stall reaches it before its reply does, so nothing of it is still on its way here.)
 */
export async function queueAtRest(servers: string, namespace: string, timeoutMs = 10_000): Promise<void> {
  const nc = await connect({ servers });
  try {
    const jsm = await jetstreamManager(nc);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [consumer] = await jsm.consumers.list(workQueueStreamName(namespace, 'queued')).next();
      if ((consumer?.num_ack_pending ?? 0) === 0 && (consumer?.num_pending ?? 0) === 0) break;
      if (Date.now() > deadline) throw new Error('the work queue still has deliveries out');
      await sleep(50);
    }
  } finally {
    await nc.close();
  }
}
