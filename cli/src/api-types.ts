/**
 * Request and response shapes of the Text Chat API (docs/api.md, "Text Chat API"). Field names stay snake_case,
 * exactly as they travel on the wire.
 */

export interface TransitionInfo {
  from_node: string;
  from_node_name: string | null;
  to_node: string;
  to_node_name: string | null;
  condition: string | null;
}

export interface CreateSessionRequest {
  tenant_id: string;
  agent_id: string;
  /** Pins an agent config version; without it the server uses the active one. */
  version?: number;
  /** Passed through to webhooks. */
  metadata?: Record<string, unknown>;
}

export interface CreateSessionResponse {
  session_id: string;
  conversation_id: string;
  status: string;
  node_id: string;
  node_name: string | null;
  initial_node_id: string;
  initial_node_name: string | null;
  /** Automatic transitions taken before the first user message (proactive chains). */
  transitions: TransitionInfo[];
  agent_config_version: number;
  is_active_version: boolean;
  initial_message: string | null;
  created_at: string;
}

export interface SendMessageResponse {
  response: string;
  node_id: string;
  node_name: string | null;
  previous_node_id: string;
  previous_node_name: string | null;
  transitions: TransitionInfo[];
  /** The last of `transitions`, kept by the API for older clients. */
  transition: TransitionInfo | null;
  extracted_variables: Record<string, unknown> | null;
  session_ended: boolean;
  turn_number: number;
  latency_ms: number;
}

export type SessionState = 'active' | 'completed' | 'abandoned' | 'error';

export interface SessionStatus {
  session_id: string;
  conversation_id: string;
  status: SessionState;
  node_id: string;
  node_name: string | null;
  turns: number;
  transition_count: number;
  collected_data: Record<string, unknown>;
  created_at: string;
  updated_at: string;
  ended_at: string | null;
}

export interface EndSessionResponse {
  success: boolean;
  conversation_id: string;
  final_node_id: string;
  final_node_name: string | null;
  total_turns: number;
  total_transitions: number;
}

/** Every error from the platform (docs/api.md). */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}
