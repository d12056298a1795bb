import { gatewayCatalog } from './gateway.js';
import { linksCatalog } from './links.js';
import { memoryCatalog } from './memory.js';
import { runnerCatalog } from './runner.js';
import { sessionsCatalog } from './sessions.js';

/**
 * Every subject on the bus, one catalog per owning service: links.ts, sessions.ts, runner.ts,
 * memory.ts, and gateway.ts for the events the gateway publishes. An entry's name is its subject
 * (the bus adds the deployment's namespace in front); an RPC's name starts with the service that
 * answers it, an event's with `events.` and a broadcast's with `broadcast.`. Each entry carries its
 * payload schemas, timeout, queue group and retry policy; handlers are typed from them and
 * validate what they receive.
 */
export const catalog = {
  rpc: { ...linksCatalog.rpc, ...sessionsCatalog.rpc, ...runnerCatalog.rpc, ...memoryCatalog.rpc },
  events: { ...linksCatalog.events, ...sessionsCatalog.events, ...gatewayCatalog.events, ...memoryCatalog.events },
  broadcasts: { ...linksCatalog.broadcasts },
};
export type PlatformCatalog = typeof catalog;

export { gatewayCatalog, linksCatalog, memoryCatalog, runnerCatalog, sessionsCatalog };
export { linkClosedReason, type LinkClosedReason } from './links.js';
export {
  type ConversationTarget,
  messageLookupMax,
  messagesEvent,
  type ResolutionEvent,
  type ResolutionReason,
  resolutionEvent,
  resolutionReason,
  sentimentTranscriptMax,
} from './sessions.js';
export { type TokenUsage, tokenUsage } from './token-usage.js';
export { type SentimentEvent, sentimentEvent } from './memory.js';
export { historyMessage, turnHistoryLimits, turnOutcome, type TurnOutcome, workflowState } from './runner.js';
export { securityEvent } from './gateway.js';
