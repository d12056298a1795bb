import { catalog, type PlatformCatalog } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { WorkQueueOptions } from './core/work-queue-options.js';
import { createInProcessBus } from './in-process/bus.js';
import { createNatsBus } from './nats/bus.js';
import type { Bus } from './types.js';

/** The bus every service uses: the platform's catalog over NATS, or in process when no NATS_URL. */
export type PlatformBus = Bus<PlatformCatalog>;

export async function connectPlatformBus(options: {
  natsUrl: string | undefined;
  /** Replicas of the JetStream streams and buckets (NATS_REPLICAS; default 1). */
  natsReplicas?: number;
  namespace: string;
  logger: Logger;
  name: string;
  /** The runners' turn queue (RUNNER_QUEUE, RUNNER_QUEUE_MAX, RUNNER_QUEUE_STORAGE, RUNNER_QUEUE_DIRECT). */
  workQueues?: WorkQueueOptions;
}): Promise<PlatformBus> {
  const workQueues = options.workQueues ?? {};
  if (!options.natsUrl) return createInProcessBus({ catalog, namespace: options.namespace, logger: options.logger, workQueues });
  try {
    return await createNatsBus({
      catalog,
      servers: options.natsUrl,
      ...(options.natsReplicas === undefined ? {} : { replicas: options.natsReplicas }),
      namespace: options.namespace,
      logger: options.logger,
      name: options.name,
      workQueues,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // More than one replica asks for a cluster: a single server refuses it, and says so.
    const replicas = (options.natsReplicas ?? 1) > 1 ? ` with NATS_REPLICAS=${options.natsReplicas}` : '';
    throw new Error(`NATS_URL${replicas}: ${reason}`);
  }
}
