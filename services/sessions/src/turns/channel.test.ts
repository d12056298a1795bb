import { AppError, linkAccess, type TurnOutcome } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { visitorChannel } from '../public-sessions/visitor-message.js';
import type { ConversationRepository, ConversationRow, FoundConversation } from '../store/conversation.repository.js';
import { textChatChannel } from '../text-chat/message.js';
import type { TurnFacts } from './channel.js';

const NOW = new Date();

/** A conversation as a turn reads it: active, on `link` (or the Text Chat API's with none). */
function conversation(overrides: Partial<ConversationRow> = {}): ConversationRow {
  return {
    id: 'c0ffee00-0000-4000-8000-000000000001',
    session_id: 'text_abc',
    tenant_id: 'ten_1',
    agent_id: 'agt_1',
    agent_version: 3,
    status: 'active',
    current_node_id: 'ask',
    current_node_name: 'Ask',
    visit_turns: 1,
    collected_data: {},
    total_turns: 4,
    total_transitions: 5,
    state_version: 9,
    message_count: 9,
    created_at: NOW,
    updated_at: NOW,
    ended_at: null,
    channel: 'api',
    link_id: null,
    visitor_email: null,
    user_messages: 4,
    escalation_id: null,
    user_id: null,
    user_realm: null,
    visitor_hash: null,
    unanswered_turns: 0,
    offer_person: null,
    metadata: {},
    ...overrides,
  };
}

const found = (row: ConversationRow, priorResponse: unknown = null): FoundConversation => ({
  conversation: row,
  priorResponse,
  priorContent: null,
  history: null,
});

const link = linkAccess.parse({
  linkId: 'lnk_1',
  tenantId: 'ten_1',
  agentId: 'agt_1',
  agentName: 'Helper',
  state: 'active',
  title: 'Help',
  description: null,
  welcomeMessage: null,
  expiresAt: null,
  maxSessions: null,
  maxMessagesPerSession: 10,
  sessionTimeoutMinutes: 30,
  rateLimitPerMinute: 20,
  requireEmailVerification: false,
  requireIdentity: false,
  hasIdentitySecret: false,
  allowedOrigins: [],
  ipAllow: [],
  ipDeny: [],
  passcodeHash: null,
  contentRules: { block_patterns: ['casino'], pii: 'allow', moderation: 'off', prompt_injection: 'off' },
  offerPerson: 'always',
});

const outcome: TurnOutcome = {
  state: { nodeId: 'answer', collectedData: { name: 'Ada' }, visitTurns: 1 },
  said: [{ nodeId: 'answer', text: 'Hello Ada.' }],
  response: 'Hello Ada.',
  transitions: [{ from_node: 'ask', from_node_name: 'Ask', to_node: 'answer', to_node_name: 'Answer', condition: 'user_responded' }],
  extractedVariables: { name: 'Ada' },
  status: 'active',
  llmLatencyMs: 12.4,
  nodeName: 'Answer',
  previousNodeId: 'ask',
  previousNodeName: 'Ask',
};

const facts: TurnFacts = { turnNumber: 5, userMessageId: 'msg-1', escalationId: null, offerPerson: false, budgetExhausted: false };

const api = { sessionId: 'text_abc', content: 'hi', idempotencyKey: 'key-1' };
const visitor = { link, credentialHash: 'hash-1', content: 'hi', idempotencyKey: null, attachments: ['upl_1'] };
const onLink = conversation({ channel: 'link', link_id: 'lnk_1', session_id: 'ses_1' });

/** How each channel was asked for its conversation. */
function recordingRepository() {
  const asked: unknown[] = [];
  const repository = {
    find: async (sessionId: string, options: unknown) => {
      asked.push(['find', sessionId, options]);
      return undefined;
    },
    findByCredential: async (hash: string, options: unknown) => {
      asked.push(['findByCredential', hash, options]);
      return undefined;
    },
  } as unknown as ConversationRepository;
  return { repository, asked };
}

describe('the channels a message comes in on', () => {
  it('remember and find a conversation: the Text Chat API by its session id, a visitor by their credential, with the key and history read asked', async () => {
    expect(textChatChannel.historyKey(api)).toBe('text_abc');
    expect(visitorChannel.historyKey(visitor)).toBe('hash-1');
    const { repository, asked } = recordingRepository();
    await textChatChannel.find(repository, api, true);
    await visitorChannel.find(repository, visitor, { unless: { stateVersion: 3, messageCount: 7 } });
    expect(asked).toEqual([
      ['find', 'text_abc', { idempotencyKey: 'key-1', withHistory: true }],
      ['findByCredential', 'hash-1', { idempotencyKey: undefined, withHistory: { unless: { stateVersion: 3, messageCount: 7 } } }],
    ]);
  });

  it('refuse a message with no conversation each in its own words', () => {
    expect(textChatChannel.missing()).toMatchObject({ code: 'not_found', status: 404 });
    expect(visitorChannel.missing()).toMatchObject({ code: 'unauthorized', details: { reason: 'unknown_session' } });
  });

  it('let a message in, replay a retry, and refuse by their own rules', () => {
    expect(textChatChannel.admit(api, found(conversation()))).toBeUndefined();
    // A reply kept before replies reported tool calls is replayed as one that made none.
    expect(textChatChannel.admit(api, found(conversation(), { response: 'first' }))).toEqual({ replay: { response: 'first', tool_calls: [] } });
    expect(() => textChatChannel.admit(api, found(conversation({ status: 'completed' })))).toThrow(expect.objectContaining({ code: 'gone' }));
    expect(() => textChatChannel.admit({ ...api, owner: { tenantId: 'ten_2', agentId: 'agt_1' } }, found(conversation()))).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );

    expect(visitorChannel.admit(visitor, found(onLink))).toBeUndefined();
    expect(() => visitorChannel.admit(visitor, found({ ...onLink, link_id: 'lnk_other' }))).toThrow(expect.objectContaining({ code: 'unauthorized' }));
    expect(() => visitorChannel.admit(visitor, found({ ...onLink, user_messages: 10 }))).toThrow(
      expect.objectContaining({ code: 'quota_exceeded', details: { quota: 'messages', limit: 10 } }),
    );
    const idle = visitorChannel.admit(visitor, found({ ...onLink, updated_at: new Date(Date.now() - 31 * 60_000) }));
    expect(idle && 'idle' in idle && idle.idle).toBeInstanceOf(AppError);
  });

  it('answer a turn: the Text Chat API with the workflow’s moves, a visitor with their session’s limits and a spent budget’s flag', () => {
    expect(textChatChannel.reply(api, conversation(), outcome, { ...facts, budgetExhausted: true })).toEqual({
      response: 'Hello Ada.',
      node_id: 'answer',
      node_name: 'Answer',
      previous_node_id: 'ask',
      previous_node_name: 'Ask',
      transitions: outcome.transitions,
      transition: outcome.transitions[0],
      extracted_variables: { name: 'Ada' },
      tool_calls: [],
      session_ended: false,
      turn_number: 5,
      latency_ms: 12,
    });
    const reply = visitorChannel.reply(visitor, onLink, outcome, { ...facts, escalationId: 'esc_1', offerPerson: true, budgetExhausted: true });
    expect(reply).toEqual({
      response: 'Hello Ada.',
      conversation_id: onLink.id,
      message_id: 'msg-1',
      remaining_messages: 5,
      expires_at: expect.any(String),
      session_ended: false,
      tool_calls: [],
      escalation: { id: 'esc_1', state: 'waiting', position: null, estimated_wait_seconds: null },
      offer_person: true,
      budget_exhausted: true,
    });
    expect(visitorChannel.reply(visitor, onLink, outcome, facts)).not.toHaveProperty('budget_exhausted');
    // The platform's default words for it carry their code, for the pages to translate; the Text Chat API has no such words.
    const noticed = { ...facts, budgetExhausted: true, notice: 'budget_exhausted' as const };
    expect(visitorChannel.reply(visitor, onLink, outcome, noticed)).toMatchObject({ budget_exhausted: true, notice: 'budget_exhausted' });
    expect(reply).not.toHaveProperty('notice');
    expect(textChatChannel.reply(api, conversation(), outcome, noticed)).not.toHaveProperty('notice');
  });

  it('report the turn’s tool calls in either answer: what was called and how it ended, never its result', () => {
    const toolCalls = [
      { tool: 'order_status', arguments: { order_id: 'BK-1' }, status: 'ok' as const, duration_ms: 30, node_id: 'answer', result: { status: 'shipped' } },
      { tool: 'crm.open_ticket', arguments: {}, status: 'refused' as const, duration_ms: 0, node_id: 'answer', error: 'not allowed' },
    ];
    const reports = [
      { tool: 'order_status', arguments: { order_id: 'BK-1' }, status: 'ok', duration_ms: 30 },
      { tool: 'crm.open_ticket', arguments: {}, status: 'refused', duration_ms: 0 },
    ];
    expect(textChatChannel.reply(api, conversation(), { ...outcome, toolCalls }, facts).tool_calls).toEqual(reports);
    expect(visitorChannel.reply(visitor, onLink, { ...outcome, toolCalls }, facts).tool_calls).toEqual(reports);
  });

  it('answer a message stored for a person while escalated', () => {
    const escalated = conversation({ escalation_id: 'esc_1' });
    expect(textChatChannel.replyWhileEscalated(api, escalated, undefined, 'msg-2')).toMatchObject({
      response: null,
      tool_calls: [],
      escalated: true,
      turn_number: 4,
      node_id: 'ask',
    });
    const summary = { id: 'esc_1', state: 'waiting' as const, position: 2, estimated_wait_seconds: 60 };
    expect(visitorChannel.replyWhileEscalated(visitor, { ...onLink, escalation_id: 'esc_1' }, summary, 'msg-2')).toMatchObject({
      response: null,
      message_id: 'msg-2',
      remaining_messages: 5,
      tool_calls: [],
      escalation: summary,
    });
  });

  it('carry a visitor’s link and files, and none for the Text Chat API', () => {
    expect(textChatChannel.link(api)).toBeUndefined();
    expect(textChatChannel.attachments(api)).toBeUndefined();
    expect(visitorChannel.link(visitor)?.contentRules).toMatchObject({ block_patterns: ['casino'] });
    expect(visitorChannel.attachments(visitor)).toEqual(['upl_1']);
    expect(visitorChannel.attachments({ ...visitor, attachments: undefined })).toBeUndefined();
  });
});
