import type { z } from 'zod';
import type { analyticsAnswer } from './analytics.js';
import type { auditEntry } from './audit.js';
import type { createScheduleBody, schedule, scheduleRun } from './distribution.js';
import type { escalationList, inboxItem } from './escalations.js';
import type { createKnowledgeBaseBody, knowledgeBase, knowledgeDocument } from './knowledge.js';
import type { agentDetail, agentSummary, agentVersionDetail, apiKeySummary, createAgentBody, createVersionBody, tenantResponse } from './management.js';
import type { member } from './members.js';
import type { team, teamHours } from './operators.js';
import type {
  createdPublicLink,
  createLinkBody,
  linkDeliveryView,
  publicChatBody,
  publicChatResponse,
  publicLink,
  publicLinkListWithUsage,
} from './public-links.js';
import type { createTenantSecretBody, tenantSecretSummary } from './tenant-secrets.js';
import type { createSessionBody, createSessionResponse, sendMessageBody, sendMessageResponse, sessionStatusResponse } from './text-chat.js';
import type { createWebhookBody, createdWebhook, webhook, webhookAttempt } from './webhooks.js';

/**
 * The examples the OpenAPI document shows of the API's main schemas (docs/api.md, "OpenAPI
 * document and reference page"), one agent's world: the tenant Acme, its agent `order-desk` and a
 * link of it. Each is typed by its schema; a test checks each against the schema the document
 * gives. A named schema without one here gets one the document builds from the schema itself.
 */

const TENANT_ID = '6f1c2e3a-9b4d-4f7e-8a21-3c5d7e9f0b12';
const AGENT_ID = '0b5e7c1d-2a4f-4e8b-9c3d-7f1a2b3c4d5e';
const CONVERSATION_ID = 'c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f';
const LINK_ID = 'lnk_Q7v2KpX9mR4tWz1B';
const CREATED = '2026-03-02T09:30:00.000Z';
const UPDATED = '2026-03-09T14:05:12.000Z';

/** A small config of the workflow engine (docs/workflow.md): a greeting, then the end. */
const orderDeskConfig = {
  workflow: {
    initial_node: 'greet',
    nodes: [
      { id: 'greet', name: 'Greeting', static_text: 'Hello! What is your order number?', transitions: [{ to: 'done', condition: 'user_responded' }] },
      { id: 'done', name: 'Done', type: 'end', static_text: 'Thanks – we are on it.' },
    ],
  },
};

export const tenantExample = {
  id: TENANT_ID,
  name: 'Acme',
  operator_email: 'support@acme.example',
  tokens_per_day: 2_000_000,
  created_at: CREATED,
} satisfies z.output<typeof tenantResponse>;

export const apiKeyExample = {
  key_id: 'key_3mT8qLw2ZxVa',
  name: 'CI deploys',
  role: 'editor',
  created_at: CREATED,
  last_used_at: UPDATED,
  expires_at: null,
  revoked_at: null,
} satisfies z.output<typeof apiKeySummary>;

export const memberExample = {
  member_id: 'mem_Hq4Zr8Tn2LwX',
  email: 'grace@acme.example',
  name: 'Grace',
  role: 'operator',
  created_at: CREATED,
} satisfies z.output<typeof member>;

export const teamHoursExample = {
  timezone: 'Europe/Berlin',
  weekly: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '15:00']] },
  holidays: ['2026-12-25'],
} satisfies z.output<typeof teamHours>;
export const teamExample = {
  id: 'team_Rk4Wz8Lq2XmT9vNb',
  name: 'Deliveries',
  members: [{ member_id: 'mem_Hq4Zr8Tn2LwX', name: 'Grace' }],
  hours: teamHoursExample,
  max_open_per_operator: 5,
  open_to_all_operators: false,
  open_now: true,
  created_at: CREATED,
  updated_at: CREATED,
} satisfies z.output<typeof team>;

export const tenantSecretExample = { name: 'ORDERS_API_TOKEN', created_at: CREATED, updated_at: UPDATED } satisfies z.output<typeof tenantSecretSummary>;
export const createTenantSecretExample = { name: 'ORDERS_API_TOKEN', value: 'the-orders-api-token' } satisfies z.input<typeof createTenantSecretBody>;

export const agentExample = { id: AGENT_ID, name: 'order-desk', active_version: 2, created_at: CREATED, updated_at: UPDATED } satisfies z.output<
  typeof agentSummary
>;
export const createAgentExample = { name: 'order-desk', config: orderDeskConfig } satisfies z.input<typeof createAgentBody>;
export const createVersionExample = { config: orderDeskConfig } satisfies z.input<typeof createVersionBody>;
export const agentDetailExample = {
  ...agentExample,
  config: orderDeskConfig,
  versions: [
    { version: 1, state: 'published', created_at: CREATED, published_at: CREATED, active: false },
    { version: 2, state: 'published', created_at: UPDATED, published_at: UPDATED, active: true },
  ],
  require_tests: false,
} satisfies z.output<typeof agentDetail>;
export const agentVersionExample = {
  version: 2,
  state: 'published',
  created_at: UPDATED,
  published_at: UPDATED,
  active: true,
  config: orderDeskConfig,
} satisfies z.output<typeof agentVersionDetail>;

export const createSessionExample = {
  tenant_id: TENANT_ID,
  agent_id: 'order-desk',
  metadata: { user_id: 'customer-4821' },
} satisfies z.input<typeof createSessionBody>;
export const createSessionResponseExample = {
  session_id: 'text_Vb3sK9xQ2mLp7RtZ4wYcNa',
  conversation_id: CONVERSATION_ID,
  status: 'active',
  node_id: 'greet',
  node_name: 'Greeting',
  initial_node_id: 'greet',
  initial_node_name: 'Greeting',
  transitions: [],
  agent_config_version: 2,
  is_active_version: true,
  initial_message: 'Hello! What is your order number?',
  tool_calls: [],
  created_at: CREATED,
} satisfies z.output<typeof createSessionResponse>;
export const sendMessageExample = { content: 'It is order 4821 – it has not arrived yet.' } satisfies z.input<typeof sendMessageBody>;
export const sendMessageResponseExample = {
  response: 'Thanks – we are on it.',
  node_id: 'done',
  node_name: 'Done',
  previous_node_id: 'greet',
  previous_node_name: 'Greeting',
  transitions: [{ from_node: 'greet', from_node_name: 'Greeting', to_node: 'done', to_node_name: 'Done', condition: 'user_responded' }],
  transition: { from_node: 'greet', from_node_name: 'Greeting', to_node: 'done', to_node_name: 'Done', condition: 'user_responded' },
  extracted_variables: { order_number: '4821' },
  tool_calls: [],
  session_ended: true,
  turn_number: 1,
  latency_ms: 840,
} satisfies z.output<typeof sendMessageResponse>;
export const sessionStatusExample = {
  session_id: 'text_Vb3sK9xQ2mLp7RtZ4wYcNa',
  conversation_id: CONVERSATION_ID,
  status: 'completed',
  node_id: 'done',
  node_name: 'Done',
  turns: 1,
  transition_count: 1,
  collected_data: { order_number: '4821' },
  created_at: CREATED,
  updated_at: '2026-03-02T09:31:04.000Z',
  ended_at: '2026-03-02T09:31:04.000Z',
} satisfies z.output<typeof sessionStatusResponse>;

export const linkExample = {
  id: LINK_ID,
  agent: 'order-desk',
  title: 'Order help',
  description: 'Questions about an order you placed',
  welcome_message: 'Hi {{name}}, how can we help with your order?',
  expires_at: '2026-03-09T09:30:00.000Z',
  max_sessions: 500,
  max_messages_per_session: 50,
  session_timeout_minutes: 30,
  rate_limit_per_minute: 10,
  rate_limit_per_link_per_minute: null,
  require_email_verification: false,
  require_identity: false,
  has_identity_secret: false,
  identity_token_required: false,
  allowed_origins: ['https://shop.acme.example'],
  ip_allow: [],
  ip_deny: [],
  has_passcode: false,
  active: true,
  retention_days: 90,
  variables: { name: 'Ada' },
  uploads: null,
  theme: { brand_color: '#1d4ed8', mode: 'auto' },
  locale: 'en',
  content_rules: null,
  country_allow: [],
  country_deny: [],
  budget: null,
  budget_exhausted_message: null,
  challenge: null,
  team: null,
  offer_person: 'never',
  transcript_to_tenant: false,
  version: null,
  split: null,
  state: 'active',
  created_at: CREATED,
  updated_at: CREATED,
} satisfies z.output<typeof publicLink>;
export const createLinkExample = {
  title: 'Order help',
  description: 'Questions about an order you placed',
  welcome_message: 'Hi {{name}}, how can we help with your order?',
  expires_in_hours: 168,
  max_sessions: 500,
  allowed_origins: ['https://shop.acme.example'],
  variables: { name: 'Ada' },
  send: { channels: [{ type: 'email', to: 'ada@example.com' }] },
} satisfies z.input<typeof createLinkBody>;
export const linkDeliveryExample = {
  id: 'ldl_Zk2Xw9QmT4vB7nLp1RsYcA',
  link_id: LINK_ID,
  channel: 'email',
  to: 'ada@example.com',
  state: 'sent',
  attempts: 1,
  last_error: null,
  response_code: null,
  next_attempt_at: null,
  created_at: CREATED,
  finished_at: '2026-03-02T09:30:02.000Z',
} satisfies z.output<typeof linkDeliveryView>;
export const createdLinkExample = {
  ...linkExample,
  token: 'hX3kP9vQ2mZr7TbW4nYcLd8sJf1gAe6u',
  url: 'https://chat.acme.example/c/hX3kP9vQ2mZr7TbW4nYcLd8sJf1gAe6u',
  deliveries: [{ ...linkDeliveryExample, state: 'pending', attempts: 0, finished_at: null }],
  queued: 1,
} satisfies z.output<typeof createdPublicLink>;
export const linkWithUsageExample = {
  ...linkExample,
  usage: { sessions: 42, messages: 318, last_activity_at: UPDATED },
} satisfies z.output<typeof publicLinkListWithUsage>['links'][number];

export const publicChatExample = {
  content: 'Where is my order 4821?',
  session: 'pcs_Rt7mK2xQ9vLp4WzB8nYc3KdF6hGs1AeU',
} satisfies z.input<typeof publicChatBody>;
export const publicChatResponseExample = {
  response: 'It left our warehouse yesterday and should arrive on Thursday.',
  session: 'pcs_Rt7mK2xQ9vLp4WzB8nYc3KdF6hGs1AeU',
  conversation_id: CONVERSATION_ID,
  message_id: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
  remaining_messages: 48,
  expires_at: '2026-03-02T10:00:00.000Z',
  session_ended: false,
  tool_calls: [{ tool: 'order_status', arguments: { order: '4821' }, status: 'ok', duration_ms: 212 }],
} satisfies z.output<typeof publicChatResponse>;

export const escalationExample = {
  id: 'esc_Wd4Lm8Qx2TvZ9kBn',
  reason: 'The customer asked for a person',
  state: 'claimed',
  created_at: '2026-03-02T09:35:00.000Z',
  claimed_at: '2026-03-02T09:36:10.000Z',
  closed_at: null,
  operator: { name: 'Grace' },
} satisfies z.output<typeof escalationList>['escalations'][number];
export const inboxItemExample = {
  escalation_id: 'esc_Wd4Lm8Qx2TvZ9kBn',
  conversation_id: CONVERSATION_ID,
  agent: 'order-desk',
  channel: 'link',
  reason: 'The customer asked for a person',
  state: 'waiting',
  waiting_since: '2026-03-02T09:35:00.000Z',
  claimed_at: null,
  operator: null,
  operator_member_id: null,
  team: null,
  assigned_at: null,
  accept_by: null,
  offline: false,
  last_message: 'Can I talk to someone, please?',
  last_message_at: '2026-03-02T09:34:58.000Z',
  visitor: { name: 'Ada', email: 'ada@example.com' },
  preview: 'Can I talk to someone, please?',
  unread: 1,
  labels: ['delivery'],
  position: 1,
  transfers: [],
} satisfies z.output<typeof inboxItem>;

export const webhookExample = {
  id: 'whk_Np5Vx2Kq8ZmLt4Rw',
  url: 'https://hooks.acme.example/parley',
  events: ['escalation.created', 'conversation.ended'],
  format: 'standard',
  created_at: CREATED,
} satisfies z.output<typeof webhook>;
export const createWebhookExample = {
  url: 'https://hooks.acme.example/parley',
  events: ['escalation.created', 'conversation.ended'],
} satisfies z.input<typeof createWebhookBody>;
export const createdWebhookExample = { ...webhookExample, secret: 'whsec_Kx8mQ2vR7tZp4WnB9yLc3DfH6gJs1AeU' } satisfies z.output<typeof createdWebhook>;
export const webhookDeliveryExample = {
  delivery_id: 'whd_Tq9Lx3Vm7KzB2nRw5YpCsA',
  event_id: 'evt_R4kX9mQ2vL7tZp1WnB8yCd',
  event_type: 'escalation.created',
  attempt: 1,
  status: 'succeeded',
  response_code: 200,
  error: null,
  at: '2026-03-02T09:35:01.000Z',
  duration_ms: 143,
} satisfies z.output<typeof webhookAttempt>;

export const knowledgeBaseExample = {
  id: 'kb_Fq7Lm2Xv9TzR',
  name: 'Shipping and returns',
  language: 'english',
  threshold: 0.35,
  documents: 12,
  chunks: 284,
  created_at: CREATED,
  updated_at: UPDATED,
} satisfies z.output<typeof knowledgeBase>;
export const createKnowledgeBaseExample = { name: 'Shipping and returns', language: 'english' } satisfies z.input<typeof createKnowledgeBaseBody>;
export const knowledgeDocumentExample = {
  id: 'doc_Bz4Kq8Wm1XvT',
  knowledge_base_id: 'kb_Fq7Lm2Xv9TzR',
  title: 'Returns policy',
  url: 'https://acme.example/help/returns',
  media_type: 'text/html',
  status: 'ready',
  chunks: 18,
  created_at: CREATED,
  updated_at: CREATED,
} satisfies z.output<typeof knowledgeDocument>;

const scheduleSend = { channels: [{ type: 'email' as const }], subject: 'Your weekly order check-in' };
export const createScheduleExample = {
  name: 'Weekly check-in',
  cron: '0 9 * * mon',
  timezone: 'Europe/Berlin',
  action: 'create_and_send_temp_chat_link',
  agent: 'order-desk',
  settings: { title: 'Order check-in', expires_in_hours: 72 },
  recipients: [{ email: 'ada@example.com', name: 'Ada' }],
  send: scheduleSend,
} satisfies z.input<typeof createScheduleBody>;
export const scheduleExample = {
  id: 'schd_Mx3Tq8Lv2ZkW9nRb',
  name: 'Weekly check-in',
  cron: '0 9 * * mon',
  timezone: 'Europe/Berlin',
  action: 'create_and_send_temp_chat_link',
  agent: 'order-desk',
  template: null,
  settings: { title: 'Order check-in', expires_in_hours: 72 },
  recipients: [{ email: 'ada@example.com', name: 'Ada' }],
  send: scheduleSend,
  active: true,
  next_run_at: '2026-03-09T08:00:00.000Z',
  created_at: CREATED,
  updated_at: CREATED,
} satisfies z.output<typeof schedule>;
export const scheduleRunExample = {
  slot_at: '2026-03-02T08:00:00.000Z',
  trigger: 'schedule',
  state: 'succeeded',
  links: 1,
  sent: 1,
  errors: [],
  started_at: '2026-03-02T08:00:00.412Z',
  finished_at: '2026-03-02T08:00:01.870Z',
} satisfies z.output<typeof scheduleRun>;

export const auditEntryExample = {
  id: 'aud_Lq2Xm8Vt4KzR7nWb',
  at: UPDATED,
  tenant_id: TENANT_ID,
  actor: { kind: 'key', id: 'key_3mT8qLw2ZxVa', key_id: 'key_3mT8qLw2ZxVa', name: 'CI deploys' },
  action: 'agent.version_activated',
  target: { kind: 'agent', id: AGENT_ID },
  ip: '203.0.113.7',
  details: { version: 2 },
} satisfies z.output<typeof auditEntry>;

export const analyticsExample = {
  from: '2026-02-01T00:00:00.000Z',
  to: '2026-03-01T00:00:00.000Z',
  sessions: { started: 420, completed: 351, abandoned: 41, expired: 6, escalated: 22, resolved: 318 },
  resolution_rate: 0.83,
  messages: { user: 1630, assistant: 1702, operator: 88 },
  visitors: { unique: 377, verified: 0 },
  engagement: { avg_messages_per_session: 3.9, median_session_seconds: 148, completion_rate: 0.84 },
  response_ms: { p50: 910, p95: 2480 },
  countries: [
    { country: 'DE', sessions: 233 },
    { country: 'AT', sessions: 61 },
  ],
  security_events: {
    rate_limited: 3,
    quota_exceeded: 0,
    forbidden_origin: 1,
    forbidden_ip: 0,
    invalid_token: 5,
    verification_failed: 0,
    passcode_lockout: 0,
    verification_lockout: 0,
    content_blocked: 0,
    content_redacted: 2,
    content_flagged: 1,
    country: 0,
    budget_exhausted: 0,
    challenge_failed: 0,
  },
  tokens: { prompt: 1_240_000, completion: 310_500 },
  sentiment: { positive: 201, neutral: 128, negative: 22, average: 0.41 },
  feedback: { up: 96, down: 7, csat_avg: 4.6, csat_responses: 58 },
  series: [{ at: '2026-02-01T00:00:00.000Z', sessions: 14, messages: 109, tokens: 51_200, ended: 13, resolved: 11, sentiment: 0.38 }],
  operators: [{ member_id: 'mem_Hq4Zr8Tn2LwX', name: 'Grace', conversations: 22, first_response_ms_p50: 41_000, handling_ms_p50: 380_000, missed: 1 }],
  teams: [{ team_id: null, name: null, conversations: 22, first_response_ms_p50: 41_000, handling_ms_p50: 380_000, missed: 1 }],
} satisfies z.output<typeof analyticsAnswer>;
