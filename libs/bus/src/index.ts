export type { WorkQueueOptions } from './core/work-queue-options.js';
export { DEFAULT_MAX_IN_FLIGHT, DEFAULT_QUEUE_TIMEOUT_MS } from './core/work-queue-options.js';
export {
  type AnyRpcHandler,
  beatWhile,
  catalogCoverage,
  type HandlerMap,
  type HandlerMapEntry,
  handlerMapFor,
  type RpcHandler,
  rpcHandlerFor,
  serveCatalog,
} from './handlers.js';
export { createInProcessBus, type InProcessBusOptions } from './in-process/bus.js';
export { createNatsBus, type NatsBusOptions, namedResponderSubject } from './nats/bus.js';
export { deleteNamespaceStreams, eventStreamName } from './nats/events.js';
export { workQueueConsumerName, workQueueStreamName } from './nats/work-queue.js';
export { connectPlatformBus, type PlatformBus } from './platform-bus.js';
export * from './types.js';
