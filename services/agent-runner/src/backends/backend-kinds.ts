import type { Logger } from '@parley/logger';
import type { ChatTurn, ForeignBackend, LlmCallTrace, LlmUsage } from '@parley/workflow';

/** One request to a backend, a streamed answer included; a turn waits at most BACKEND_TIMEOUT_MS in all. */
export const BACKEND_ATTEMPT_MS = 60_000;

/** What a backend is asked for one turn (docs/workflow.md "Backends"). */
export interface BackendAsk {
  /** The backend's address and headers, its secrets filled in. */
  url: string;
  headers: Record<string, string>;
  /** The webhook's signing secret, filled in; only for a webhook backend. */
  secret?: string;
  message: string;
  /** The conversation before this message, oldest first. */
  history: ChatTurn[];
  conversationId: string;
  /** The variables the conversation holds, and its metadata (a webhook backend receives both). */
  variables: Readonly<Record<string, string>>;
  metadata: Readonly<Record<string, unknown>>;
  /** The same each time this turn is offered (to another runner after one is lost): the backend can tell a repeat. */
  turnKey: string;
  /** Pieces of the reply as they come, when someone watches the conversation live. */
  onDelta?: ((text: string) => void) | undefined;
}

/** A backend's answer: the reply, and what else it decided for the conversation. */
export interface BackendAnswer {
  reply: string;
  variables?: Record<string, string> | undefined;
  handoff?: { reason: string } | undefined;
  end?: boolean | undefined;
  /** Tokens the backend reported (budgets count them); absent: it said nothing. */
  usage?: LlmUsage | undefined;
  /** The model requests it made, for the turn's trace; absent: not an LLM it can see into. */
  calls?: LlmCallTrace[] | undefined;
}

/**
 * One kind of backend. `answer` throws BackendFailed when the backend gave no usable answer: the
 * turn answers 503 `unavailable` with `details.reason: "backend"` and nothing of it is kept.
 */
export interface Backend {
  answer(backend: ForeignBackend, ask: BackendAsk): Promise<BackendAnswer>;
}

/** The backend gave no answer the turn can use; the message says why in words that name no secret. */
export class BackendFailed extends Error {
  override readonly name = 'BackendFailed';
}

/** What the runner's backend turns share (app.ts builds it once). */
export interface BackendParts {
  logger: Logger;
  /** The tenant's secrets a backend's templates name (none without a tenant). */
  secrets(tenantId: string | undefined, backend: ForeignBackend): Promise<Record<string, string>>;
  kinds: Record<ForeignBackend['kind'], Backend>;
}
