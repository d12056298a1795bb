import { describe, expect, it } from 'vitest';
import type { InboxItem } from '../api/management-api';
import { toldItem } from './inbox-items';

/** An item as the list reads it: the visitor has said three things since the escalation opened. */
const listed: InboxItem = {
  accept_by: null,
  agent: 'post-desk',
  assigned_at: null,
  channel: 'link',
  claimed_at: null,
  conversation_id: 'conv_1',
  escalation_id: 'esc_1',
  labels: [],
  last_message: 'It was due on Friday',
  last_message_at: '2026-11-27T10:00:03.000Z',
  offline: false,
  operator: null,
  operator_member_id: null,
  position: 1,
  preview: 'It was due on Friday',
  reason: 'Parcel question',
  state: 'waiting',
  team: null,
  transfers: [],
  unread: 2,
  visitor: { name: 'Ana Lima', email: null },
  waiting_since: '2026-11-27T10:00:01.000Z',
};

describe('an inbox item told by the live stream', () => {
  it('replayed from when the escalation opened, after the list was read: its state is taken, the newer last message and unread count stay', () => {
    const replayed = { ...listed, state: 'assigned' as const, last_message: 'hi', last_message_at: '2026-11-27T10:00:01.000Z', preview: 'hi', unread: null };
    expect(toldItem(listed, replayed)).toEqual({ ...listed, state: 'assigned' });
  });

  it('newer than the list: the whole item is the stream’s, its unread count the list’s when the stream gives none (one told to everyone)', () => {
    const told = { ...listed, last_message: 'Hello?', last_message_at: '2026-11-27T10:00:09.000Z', preview: 'Hello?', unread: null };
    expect(toldItem(listed, told)).toEqual({ ...told, unread: 2 });
    expect(toldItem(listed, { ...told, unread: 0 }).unread).toBe(0);
  });

  it('not in the list yet: taken as told, nothing unread when the stream does not say', () => {
    expect(toldItem(undefined, { ...listed, unread: null })).toEqual({ ...listed, unread: 0 });
  });
});
