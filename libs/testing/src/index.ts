import './provided-context.js';

export { greetThenAskLlmAgent } from './agents.js';
export { launchChromium, SCREENSHOT_DIR, saveScreenshot, seriousViolations, watchPage } from './browser.js';
export * from './fake-llm.js';
export { type FakeSmsProvider, type SmsProviderError, type SmsProviderRequest, startFakeSmsProvider } from './fake-sms-provider.js';
export { freePort, type HeldPort, holdPort } from './free-port.js';
export { FUZZ_MALFORMED_JSON, FUZZ_METHODS, FUZZ_NUMBERS, FUZZ_PATH_VALUES, FUZZ_STRINGS, fuzzExample } from './fuzz-values.js';
export { type HandWrittenStream, startHandWrittenStream, streamedChunk } from './hand-written-stream.js';
export { handlerFolderProblems, servedCatalogProblems } from './handler-folder.js';
export { eventConsumersCaughtUp, namedResponderGone, watchNamedOffers, workQueueAtServer } from './nats-streams.js';
export { type OidcPerson, startOidcProvider, type TestOidcProvider } from './oidc-provider.js';
export { exampleOf, type JsonSchema, type OpenApiOperation, openApiOperations } from './openapi-operations.js';
export { findExecutable } from './servers/find-executable.js';
export { startNatsServer, startRedisServer } from './servers/local-servers.js';
export { type NatsCluster, type NatsClusterNode, type NatsClusterOptions, startNatsCluster } from './servers/nats-cluster.js';
export { type PostgresPair, postgresBinDir, startPostgresPair } from './servers/postgres-pair.js';
export { type RedisAddress, type RedisSentinelGroup, type RedisSentinelGroupOptions, startRedisSentinelGroup } from './servers/redis-sentinel.js';
export type { RestartableServer } from './servers/spawn-server.js';
export { linkTestKeyEnv, linkTestKeys } from './service-keys.js';
export { connectTestBus, Teardown } from './teardown.js';
export { type CreateTestContextOptions, createTestContext, type TestContext } from './test-context.js';
export {
  type McpToolServer,
  orderStatusTool,
  type ShopMode,
  type ShopRequest,
  type ShopService,
  startMcpToolServer,
  startShopService,
} from './tool-servers.js';
export { type WaitForOptions, waitFor } from './wait-for.js';
export { connectWebSocket, type Frame, type OpenedWebSocket, openWebSocket, type SocketOutcome, type WsClient, type WsClientOptions } from './ws-client.js';
