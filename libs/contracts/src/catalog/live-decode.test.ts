import { describe, expect, it } from 'vitest';
import { inboxFrame, liveFrame } from './live.js';
import { decodeInboxEvent, decodeLiveEvent, readInboxEvent, readLiveEvent } from './live-decode.js';

const id = '1763811766292-0';
const item = {
  escalation_id: 'esc_0123456789abcdef',
  conversation_id: 'c1',
  agent_id: 'a1',
  channel: 'link',
  reason: 'late order',
  state: 'waiting',
  waiting_since: '2026-01-01T00:00:00.000Z',
  claimed_at: null,
  operator: null,
  last_message: 'hello?',
  last_message_at: '2026-01-01T00:00:01.000Z',
  position: 1,
  operator_member_id: null,
  team: null,
  assigned_at: null,
  accept_by: null,
  offline: false,
  transfers: [],
  visitor: { name: null, email: null },
  preview: 'hello?',
  unread: null,
  labels: [],
};

/** One of each event the writers append, in each of its shapes. */
const liveExamples = [
  { id, event: 'delta', data: { message_id: 'm1', text: 'Order BK-' } },
  { id, event: 'delta', data: { message_id: 'm1', text: '' } },
  { id, event: 'message', data: { id: 'm1', role: 'assistant', content: 'Order BK-20417 is ready.' } },
  { id, event: 'message', data: { id: 'm2', role: 'user', content: 'thanks' } },
  {
    id,
    event: 'message',
    data: { id: 'm5', role: 'user', content: 'the receipt', attachments: [{ id: 'upl_1', name: 'receipt.pdf', type: 'application/pdf', bytes: 48213 }] },
  },
  {
    id,
    event: 'message',
    data: {
      id: 'm6',
      role: 'assistant',
      content: 'Returns are free within 30 days [1], by post [2].',
      citations: [
        { n: 1, document_id: 'doc_returns01', title: 'Returns policy', url: 'https://shop.example/returns', chunk_id: 'chk_1' },
        { n: 2, document_id: 'doc_post0001', title: 'Shipping', chunk_id: 'chk_7' },
      ],
    },
  },
  { id, event: 'message', data: { id: 'm7', role: 'assistant', content: 'I do not know.', citations: [] } },
  { id, event: 'message', data: { id: 'm3', role: 'operator', content: 'Hi, I am Alice.', operator_name: 'Alice' } },
  { id, event: 'message', data: { id: 'm4', role: 'system', content: 'Nobody is available right now.' } },
  { id, event: 'message', data: { id: 'm8', role: 'system', content: 'Nobody is available right now.', notice: 'nobody_available' } },
  { id, event: 'status', data: { state: 'thinking' } },
  { id, event: 'status', data: { state: 'typing' } },
  { id, event: 'status', data: { state: 'idle' } },
  { id, event: 'status', data: { state: 'idle', label: 'bench' } },
  { id, event: 'status', data: { state: 'typing', by: 'operator', operator_name: 'Alice' } },
  { id, event: 'status', data: { state: 'idle', by: 'operator' } },
  { id, event: 'escalation', data: { id: 'esc_1', state: 'waiting', position: 2, estimated_wait_seconds: 240, operator: null } },
  { id, event: 'escalation', data: { id: 'esc_1', state: 'claimed', position: null, estimated_wait_seconds: null, operator: { name: 'Alice' } } },
  { id, event: 'escalation', data: { id: 'esc_1', state: 'waiting', position: 1, estimated_wait_seconds: 60, operator: null, team: 'Billing' } },
  {
    id,
    event: 'escalation',
    data: { id: 'esc_1', state: 'assigned', position: null, estimated_wait_seconds: null, operator: { name: 'Bob' }, transferred: true },
  },
  {
    id,
    event: 'escalation',
    data: {
      id: 'esc_1',
      state: 'waiting',
      position: 1,
      estimated_wait_seconds: 60,
      operator: null,
      offline: { message: 'We are closed.', ask_email: true, reason: 'closed', opens_at: '2026-01-02T08:00:00.000Z' },
    },
  },
  {
    id,
    event: 'escalation',
    data: {
      id: 'esc_1',
      state: 'waiting',
      position: 1,
      estimated_wait_seconds: 60,
      operator: null,
      offline: { message: 'Nobody is here.', ask_email: true, reason: 'nobody_online', opens_at: null },
    },
  },
  { id, event: 'session_ended', data: { reason: 'completed' } },
  { event: 'reset', data: {} },
];

const inboxExamples = [
  { id, event: 'escalation', data: item },
  { id, event: 'escalation', data: { ...item, state: 'claimed', claimed_at: '2026-01-01T00:01:00.000Z', operator: { name: 'Alice' }, position: null } },
  {
    id,
    event: 'escalation',
    data: {
      ...item,
      state: 'assigned',
      operator: { name: 'Bob' },
      operator_member_id: 'mem_1',
      team: { id: 'team_1', name: 'Billing' },
      assigned_at: '2026-01-01T00:01:00.000Z',
      accept_by: '2026-01-01T00:02:00.000Z',
      offline: true,
      position: null,
    },
  },
  {
    id,
    event: 'escalation',
    data: {
      ...item,
      transfers: [
        { from: 'Alice', to: 'Bob', to_team: null, note: 'printer LX-9', at: '2026-01-01T00:01:00.000Z' },
        { from: 'Bob', to: null, to_team: 'Billing', note: null, at: '2026-01-01T00:02:00.000Z' },
      ],
    },
  },
  // What the visitor said they are, the labels, and an item answered to one operator (its unread count).
  {
    id,
    event: 'escalation',
    data: { ...item, visitor: { name: 'Ada Lovelace', email: 'ada@example.com' }, preview: null, unread: 3, labels: ['billing', 'follow-up'] },
  },
  { id, event: 'presence', data: { member_id: 'mem_1', name: 'Bob', status: 'away', open: 2 } },
  // An operator's internal note, with whose it is.
  {
    id,
    event: 'note',
    data: {
      team_id: null,
      operator_member_id: 'mem_1',
      id: 'note_1',
      escalation_id: 'esc_1',
      conversation_id: 'c1',
      text: 'Refund agreed; check tomorrow',
      author_name: 'Alice',
      created_at: '2026-01-01T00:00:00.000Z',
    },
  },
  {
    id,
    event: 'message',
    data: { escalation_id: 'esc_1', conversation_id: 'c1', id: 'm1', role: 'user', content: 'hello?', created_at: '2026-01-01T00:00:00.000Z' },
  },
  {
    id,
    event: 'message',
    data: {
      escalation_id: 'esc_1',
      conversation_id: 'c1',
      id: 'm2',
      role: 'operator',
      content: 'Hi',
      created_at: '2026-01-01T00:00:00.000Z',
      operator_name: 'Alice',
    },
  },
  {
    id,
    event: 'message',
    data: {
      escalation_id: 'esc_1',
      conversation_id: 'c1',
      id: 'm5',
      role: 'system',
      content: 'Everyone is busy right now.',
      created_at: '2026-01-01T00:00:00.000Z',
      notice: 'everyone_busy',
    },
  },
  {
    id,
    event: 'message',
    data: {
      escalation_id: 'esc_1',
      conversation_id: 'c1',
      id: 'm3',
      role: 'user',
      content: 'photo',
      created_at: '2026-01-01T00:00:00.000Z',
      attachments: [{ id: 'upl_2', name: 'dent.png', type: 'image/png', bytes: 912 }],
    },
  },
  { id, event: 'status', data: { state: 'typing', by: 'visitor', conversation_id: 'c1', escalation_id: 'esc_1' } },
  // Whose they are: the escalation's team (null: the tenant's queue) and the member who has it.
  {
    id,
    event: 'message',
    data: {
      team_id: 'team_1',
      operator_member_id: 'mem_1',
      escalation_id: 'esc_1',
      conversation_id: 'c1',
      id: 'm4',
      role: 'user',
      content: 'hi',
      created_at: '2026-01-01T00:00:00.000Z',
    },
  },
  { id, event: 'status', data: { team_id: null, operator_member_id: null, state: 'typing', by: 'visitor', conversation_id: 'c1', escalation_id: 'esc_1' } },
  { event: 'reset', data: {} },
];

/** Every way one field of an example can be wrong, and a few fields too many. */
function variantsOf(example: { event: string; data: Record<string, unknown> }): unknown[] {
  const wrong = [undefined, null, 1, 1.5, -1, '', 'x', true, [], {}, { name: 1 }, { name: 'Bob' }, 'idle', 'claimed', 'visitor', 'operator', 'link', 'web'];
  const out: unknown[] = [];
  for (const field of Object.keys(example.data)) {
    for (const value of wrong) out.push({ ...example, data: { ...example.data, [field]: value } });
  }
  for (const field of ['by', 'operator_name', 'label', 'notice', 'extra']) {
    for (const value of [undefined, null, 'operator', 'visitor', 2]) out.push({ ...example, data: { ...example.data, [field]: value } });
  }
  const file = { id: 'upl_1', name: 'a.png', type: 'image/png', bytes: 5 };
  const files = [
    [],
    [file],
    [file, file],
    [{ ...file, key: 't/s/upl_1' }],
    [{ ...file, bytes: 1.5 }],
    [{ ...file, bytes: '5' }],
    [{ ...file, name: null }],
    [null],
    [file, 'x'],
    file,
  ];
  for (const value of files) out.push({ ...example, data: { ...example.data, attachments: value } });
  const cited = { n: 1, document_id: 'doc_returns01', title: 'Returns', chunk_id: 'chk_1' };
  const citations = [
    [],
    [cited],
    [{ ...cited, url: 'https://shop.example/returns' }],
    [{ ...cited, url: 5 }],
    [{ ...cited, url: null }],
    [{ ...cited, n: 0 }],
    [{ ...cited, n: 1.5 }],
    [{ ...cited, n: '1' }],
    [{ ...cited, title: undefined }],
    [{ ...cited, chunk_id: 3 }],
    [{ ...cited, score: 0.9 }],
    Array.from({ length: 101 }, () => cited),
    [null],
    [cited, 'x'],
    cited,
  ];
  // A message's alone (a visitor's carries them, an operator's inbox drops them): elsewhere they are one more field dropped.
  if (example.event === 'message') for (const value of citations) out.push({ ...example, data: { ...example.data, citations: value } });
  const transfer = { from: 'Alice', to: 'Bob', to_team: null, note: null, at: '2026-01-01T00:01:00.000Z' };
  const transfers = [
    [transfer],
    [{ ...transfer, from: null, note: 'x' }],
    [{ ...transfer, at: null }],
    [{ ...transfer, note: 1 }],
    [{ ...transfer, to: undefined }],
    [{ ...transfer, extra: 1 }],
    [null],
    [transfer, 'x'],
    transfer,
  ];
  for (const value of transfers) out.push({ ...example, data: { ...example.data, transfers: value } });
  out.push(
    { ...example, event: 'unknown' },
    { ...example, id: 7 },
    { ...example, id: undefined },
    { ...example, data: null },
    { ...example, data: [] },
    { ...example, extra: 1 },
  );
  return out;
}

const junk = [null, undefined, 0, 'delta', [], {}, { event: 'delta' }, { id, data: {} }, { id, event: 42, data: {} }];

describe('the browser decoder of live events', () => {
  it('reads every catalogued event as the catalog parses it', () => {
    for (const example of liveExamples) {
      expect(liveFrame.parse(example), JSON.stringify(example)).toEqual(example);
      expect(decodeLiveEvent(JSON.stringify(example))).toEqual(example);
    }
    for (const example of inboxExamples) {
      expect(inboxFrame.parse(example), JSON.stringify(example)).toEqual(example);
      expect(decodeInboxEvent(JSON.stringify(example))).toEqual(example);
    }
  });

  it('refuses what the catalog refuses, and keeps only the fields the catalog keeps', () => {
    const cases = [...liveExamples.flatMap(variantsOf), ...junk];
    for (const value of cases) {
      const parsed = liveFrame.safeParse(value);
      expect(readLiveEvent(value), JSON.stringify(value)).toEqual(parsed.success ? parsed.data : undefined);
    }
    const inboxCases = [...inboxExamples.flatMap(variantsOf), ...junk];
    for (const value of inboxCases) {
      const parsed = inboxFrame.safeParse(value);
      expect(readInboxEvent(value), JSON.stringify(value)).toEqual(parsed.success ? parsed.data : undefined);
    }
    // Both ways are exercised: some variants pass (extra fields dropped), most are refused.
    expect(cases.filter((value) => liveFrame.safeParse(value).success).length).toBeGreaterThan(liveExamples.length);
    expect(cases.filter((value) => !liveFrame.safeParse(value).success).length).toBeGreaterThan(cases.length / 2);
  });

  it('refuses text that is not JSON, and a visitor event on the inbox or an inbox event for a visitor', () => {
    expect(decodeLiveEvent('not json')).toBeUndefined();
    expect(decodeLiveEvent('')).toBeUndefined();
    expect(decodeInboxEvent('{"id":')).toBeUndefined();
    expect(readInboxEvent(liveExamples[0])).toBeUndefined();
    expect(readLiveEvent(inboxExamples[0])).toBeUndefined();
  });

  it('carries no dependency: it reaches the pages without zod', async () => {
    const { readFile } = await import('node:fs/promises');
    const source = await readFile(new URL('./live-decode.ts', import.meta.url), 'utf8');
    expect(source.match(/^import (?!type ).*$/gm) ?? []).toEqual([]);
  });
});
