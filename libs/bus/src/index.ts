export * from './types.js';
export { createNatsBus, type NatsBusOptions } from './nats-bus.js';
export { createInProcessBus, type InProcessBusOptions } from './in-process-bus.js';
export { deleteNamespaceStreams, eventStreamName } from './nats-events.js';
export { connectPlatformBus, type PlatformBus } from './platform-bus.js';
