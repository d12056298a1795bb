/**
 * Request and response shapes of the Text Chat API (docs/api.md, "Text Chat API"): the platform's
 * own, from the schemas that validate them (@parley/contracts), so a change to the API breaks the
 * CLI's build rather than its users. Field names stay snake_case, exactly as they travel.
 */
export type {
  ApiErrorBody,
  /** The body of POST /api/chat/sessions. */
  CreateSessionBody as CreateSessionRequest,
  CreateSessionResponse,
  EndSessionResponse,
  SendMessageResponse,
  /** What a session is: active, completed, abandoned or error. */
  SessionStatus as SessionState,
  /** GET /api/chat/sessions/{session_id}. */
  SessionStatusResponse as SessionStatus,
  TransitionInfo,
} from '@parley/contracts';
