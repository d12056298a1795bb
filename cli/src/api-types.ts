import type { Operation, Success } from '@parley/client';

/**
 * Request and response shapes of the Text Chat API (docs/text-chat-api.md, "Text Chat API"), as the typed
 * client has them from the gateway's OpenAPI document: a change to the API breaks the CLI's build
 * rather than its users. Field names stay snake_case, exactly as they travel.
 */

/** POST /api/chat/sessions. */
export type CreateSessionResponse = Success<Operation<'/api/chat/sessions', 'post'>>;
/** POST /api/chat/sessions/{session_id}/messages. */
export type SendMessageResponse = Success<Operation<'/api/chat/sessions/{session_id}/messages', 'post'>>;
/** GET /api/chat/sessions/{session_id}. */
export type SessionStatus = Success<Operation<'/api/chat/sessions/{session_id}', 'get'>>;
/** DELETE /api/chat/sessions/{session_id}. */
export type EndSessionResponse = Success<Operation<'/api/chat/sessions/{session_id}', 'delete'>>;
/** One move from node to node within a turn. */
export type TransitionInfo = NonNullable<SendMessageResponse['transitions']>[number];
