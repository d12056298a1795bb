import type { CreateSessionResponse, EndSessionResponse, SendMessageResponse, SessionStatus } from '../src/api-types.js';

/**
 * The data behind the CLI session that render.test.ts prints, shaped as the API returns it. Node ids
 * the example does not show are made up in the same style as `mri_qa_conversation`.
 */

export const TENANT_ID = '6bc1814c-5705-5b6e-af99-104b91962282';
export const AGENT_ID = 'a1b2c3d4-e5f6-4890-abcd-ef1234567890';

export const createdSession: CreateSessionResponse = {
  session_id: 'text_abc123def456',
  conversation_id: '550e8400-e29b-41d4-a716-446655440000',
  status: 'active',
  node_id: 'wait_for_user_info',
  node_name: 'Wait for User Info',
  initial_node_id: 'static_greeting',
  initial_node_name: 'Static Greeting',
  transitions: [
    {
      from_node: 'static_greeting',
      from_node_name: 'Static Greeting',
      to_node: 'dynamic_greeting',
      to_node_name: 'Dynamic Greeting',
      condition: 'always',
    },
    {
      from_node: 'dynamic_greeting',
      from_node_name: 'Dynamic Greeting',
      to_node: 'wait_for_user_info',
      to_node_name: 'Wait for User Info',
      condition: 'always',
    },
  ],
  agent_config_version: 1,
  is_active_version: true,
  initial_message:
    'Thank you for calling MRI Eligibility Support.\nThis call may be recorded for quality and training purposes.\n' +
    "Hi, I'm Nancy from MRI Support. Could you please tell me your first name and zip code?",
  tool_calls: [],
  created_at: '2025-11-26T10:30:00.000Z',
};

const lastTransition = {
  from_node: 'personalized_greeting',
  from_node_name: 'Personalized Greeting',
  to_node: 'mri_qa_conversation',
  to_node_name: 'MRI Q&A Conversation',
  condition: 'always',
};

export const reply: SendMessageResponse = {
  response: "Thank you, Jack! I'm here to help you with any questions about MRI eligibility. What would you like to know?",
  node_id: 'mri_qa_conversation',
  node_name: 'MRI Q&A Conversation',
  previous_node_id: 'wait_for_user_info',
  previous_node_name: 'Wait for User Info',
  transitions: [
    {
      from_node: 'wait_for_user_info',
      from_node_name: 'Wait for User Info',
      to_node: 'extract_user_info',
      to_node_name: 'Extract User Info',
      condition: 'user_responded',
    },
    {
      from_node: 'extract_user_info',
      from_node_name: 'Extract User Info',
      to_node: 'personalized_greeting',
      to_node_name: 'Personalized Greeting',
      condition: 'variables_extracted:first_name,zip_code',
    },
    lastTransition,
  ],
  transition: lastTransition,
  extracted_variables: { first_name: 'Jack', zip_code: '30301' },
  tool_calls: [],
  session_ended: false,
  turn_number: 1,
  latency_ms: 523,
};

export const status: SessionStatus = {
  session_id: 'text_abc123def456',
  conversation_id: '550e8400-e29b-41d4-a716-446655440000',
  status: 'active',
  node_id: 'mri_qa_conversation',
  node_name: 'MRI Q&A Conversation',
  turns: 1,
  transition_count: 5,
  collected_data: { first_name: 'Jack', zip_code: '30301' },
  created_at: '2025-11-26T10:30:00.000Z',
  updated_at: '2025-11-26T10:32:15.000Z',
  ended_at: null,
};

export const ended: EndSessionResponse = {
  success: true,
  conversation_id: '550e8400-e29b-41d4-a716-446655440000',
  final_node_id: 'mri_qa_conversation',
  final_node_name: 'MRI Q&A Conversation',
  total_turns: 1,
  total_transitions: 5,
};
