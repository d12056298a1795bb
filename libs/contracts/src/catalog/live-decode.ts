import type { InboxFrame, LiveFrame, LiveMessageRole } from './live.js';

export type { InboxEvent, InboxFrame, LiveEvent, LiveFrame, LiveReset } from './live.js';

/**
 * The live events as the browser reads them: the chat page, the widget and the console take what
 * the stream or the socket gives through these, never field by field. No zod here (pages have a
 * size budget): hand-written checks that accept exactly what the catalog (live.ts) accepts –
 * live-decode.test.ts holds them to it – and keep only the catalogued fields, as its parse does.
 * Anything else (a newer event, a malformed one) is undefined: the client ignores it.
 */

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isIntOrNull = (value: unknown): value is number | null => value === null || Number.isInteger(value);
const ROLES: readonly unknown[] = ['user', 'assistant', 'operator', 'system'] satisfies LiveMessageRole[];
const ESCALATION_STATES: readonly unknown[] = ['waiting', 'assigned', 'claimed', 'released', 'closed'];
const OFFLINE_REASONS: readonly unknown[] = ['closed', 'nobody_online'];
const PRESENCE: readonly unknown[] = ['online', 'away', 'offline'];
const AGENT_STATES: readonly unknown[] = ['thinking', 'typing', 'idle'];

/** Optional string fields that are there: absent stays absent, anything but a string refuses. */
function optionalStrings(data: Fields, names: string[]): Fields | undefined {
  const out: Fields = {};
  for (const name of names) {
    const value = data[name];
    if (value === undefined) continue;
    if (!isString(value)) return undefined;
    out[name] = value;
  }
  return out;
}

function operatorOf(value: unknown): { name: string } | null | undefined {
  if (value === null) return null;
  return isObject(value) && isString(value.name) ? { name: value.name } : undefined;
}

/** The offline notice: absent stays absent; null when it is not what the catalog says. */
function offlineOf(value: unknown): Fields | null | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value) || !isString(value.message) || value.ask_email !== true || !OFFLINE_REASONS.includes(value.reason)) return null;
  if (value.opens_at !== null && !isString(value.opens_at)) return null;
  return { message: value.message, ask_email: true, reason: value.reason, opens_at: value.opens_at };
}

/** A message's files: absent stays absent; each `{id, name, type, bytes}`, other fields dropped. */
function attachmentsOf(value: unknown): Fields[] | null | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return null;
  const files: Fields[] = [];
  for (const file of value) {
    if (!isObject(file) || !isString(file.id) || !isString(file.name) || !isString(file.type) || !Number.isSafeInteger(file.bytes)) return null;
    files.push({ id: file.id, name: file.name, type: file.type, bytes: file.bytes });
  }
  return files;
}

/** An answer's citations: absent stays absent; each `{n, document_id, title, url?, chunk_id}`, other fields dropped; at most 100. */
function citationsOf(value: unknown): Fields[] | null | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length > 100) return null;
  const cited: Fields[] = [];
  for (const c of value) {
    if (!isObject(c) || !Number.isSafeInteger(c.n) || (c.n as number) < 1 || !isString(c.document_id) || !isString(c.title) || !isString(c.chunk_id))
      return null;
    if (c.url !== undefined && !isString(c.url)) return null;
    cited.push({ n: c.n, document_id: c.document_id, title: c.title, ...(c.url === undefined ? {} : { url: c.url }), chunk_id: c.chunk_id });
  }
  return cited;
}

function messageData(d: Fields): Fields | undefined {
  if (!isString(d.id) || !ROLES.includes(d.role) || !isString(d.content)) return undefined;
  const optional = optionalStrings(d, ['operator_name', 'notice']);
  const attachments = attachmentsOf(d.attachments);
  if (!optional || attachments === null) return undefined;
  return { id: d.id, role: d.role, content: d.content, ...optional, ...(attachments === undefined ? {} : { attachments }) };
}

/** A conversation's event's data, by its name; undefined when it is not what the catalog says. */
function liveData(event: string, d: Fields): Fields | undefined {
  switch (event) {
    case 'delta':
      return isString(d.message_id) && isString(d.text) ? { message_id: d.message_id, text: d.text } : undefined;
    case 'message': {
      // Citations are the visitor's stream's alone: an inbox message carries none.
      const message = messageData(d);
      const citations = citationsOf(d.citations);
      if (!message || citations === null) return undefined;
      return citations === undefined ? message : { ...message, citations };
    }
    case 'status': {
      if (!AGENT_STATES.includes(d.state) || (d.by !== undefined && d.by !== 'operator')) return undefined;
      const optional = optionalStrings(d, ['operator_name', 'label']);
      return optional && { state: d.state, ...(d.by === undefined ? {} : { by: d.by }), ...optional };
    }
    case 'escalation': {
      const operator = operatorOf(d.operator);
      if (!isString(d.id) || !ESCALATION_STATES.includes(d.state) || operator === undefined) return undefined;
      if (!isIntOrNull(d.position) || !isIntOrNull(d.estimated_wait_seconds)) return undefined;
      const team = optionalStrings(d, ['team']);
      const offline = offlineOf(d.offline);
      if (!team || offline === null || (d.transferred !== undefined && typeof d.transferred !== 'boolean')) return undefined;
      return {
        id: d.id,
        state: d.state,
        position: d.position,
        estimated_wait_seconds: d.estimated_wait_seconds,
        operator,
        ...team,
        ...(offline === undefined ? {} : { offline }),
        ...(d.transferred === undefined ? {} : { transferred: d.transferred }),
      };
    }
    case 'session_ended':
      return isString(d.reason) ? { reason: d.reason } : undefined;
    default:
      return undefined;
  }
}

/** An inbox item's transfers: each `{from, to, to_team, note, at}`; undefined when any is not that. */
function transfersOf(value: unknown): Fields[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: Fields[] = [];
  for (const entry of value) {
    if (!isObject(entry) || !isString(entry.at)) return undefined;
    const names = ['from', 'to', 'to_team', 'note'] as const;
    if (names.some((name) => entry[name] !== null && !isString(entry[name]))) return undefined;
    out.push({ from: entry.from, to: entry.to, to_team: entry.to_team, note: entry.note, at: entry.at });
  }
  return out;
}

/** Who the visitor is: `{name, email}`, each a string or null; undefined when it is not that. */
function visitorOf(value: unknown): Fields | undefined {
  if (!isObject(value)) return undefined;
  const { name, email } = value;
  if ((name !== null && !isString(name)) || (email !== null && !isString(email))) return undefined;
  return { name, email };
}

/** A conversation's labels: strings; undefined when it is not that. */
function labelsOf(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every(isString) ? [...value] : undefined;
}

/** Whose an inbox message or status is (`team_id`, `operator_member_id`): each absent, null or a string. */
function inboxScopeOf(d: Fields): Fields | undefined {
  const out: Fields = {};
  for (const name of ['team_id', 'operator_member_id']) {
    const value = d[name];
    if (value === undefined) continue;
    if (value !== null && !isString(value)) return undefined;
    out[name] = value;
  }
  return out;
}

/** An inbox event's data, by its name. */
function inboxData(event: string, d: Fields): Fields | undefined {
  switch (event) {
    case 'escalation': {
      const strings = ['escalation_id', 'conversation_id', 'agent_id', 'reason', 'waiting_since'] as const;
      const nullableStrings = ['claimed_at', 'last_message', 'last_message_at', 'preview'] as const;
      const operator = operatorOf(d.operator);
      if (strings.some((name) => !isString(d[name])) || nullableStrings.some((name) => d[name] !== null && !isString(d[name]))) return undefined;
      if ((d.channel !== 'api' && d.channel !== 'link') || !ESCALATION_STATES.includes(d.state) || operator === undefined || !isIntOrNull(d.position))
        return undefined;
      const team = d.team === null ? null : isObject(d.team) && isString(d.team.id) && isString(d.team.name) ? { id: d.team.id, name: d.team.name } : undefined;
      if (team === undefined || (d.operator_member_id !== null && !isString(d.operator_member_id)) || (d.assigned_at !== null && !isString(d.assigned_at)))
        return undefined;
      if (d.accept_by !== null && !isString(d.accept_by)) return undefined;
      const transfers = transfersOf(d.transfers);
      const visitor = visitorOf(d.visitor);
      const labels = labelsOf(d.labels);
      if (typeof d.offline !== 'boolean' || !transfers || !visitor || !labels || !isIntOrNull(d.unread)) return undefined;
      const out: Fields = {
        channel: d.channel,
        state: d.state,
        operator,
        position: d.position,
        operator_member_id: d.operator_member_id,
        team,
        assigned_at: d.assigned_at,
        accept_by: d.accept_by,
        offline: d.offline,
        transfers,
        visitor,
        unread: d.unread,
        labels,
      };
      for (const name of [...strings, ...nullableStrings]) out[name] = d[name];
      return out;
    }
    case 'message': {
      const message = messageData(d);
      const scope = inboxScopeOf(d);
      if (!message || !scope || !isString(d.escalation_id) || !isString(d.conversation_id) || !isString(d.created_at)) return undefined;
      return { ...scope, escalation_id: d.escalation_id, conversation_id: d.conversation_id, ...message, created_at: d.created_at };
    }
    case 'note': {
      const scope = inboxScopeOf(d);
      const strings = ['id', 'escalation_id', 'conversation_id', 'text', 'author_name', 'created_at'] as const;
      if (!scope || strings.some((name) => !isString(d[name]))) return undefined;
      const out: Fields = { ...scope };
      for (const name of strings) out[name] = d[name];
      return out;
    }
    case 'status': {
      const scope = inboxScopeOf(d);
      if (!scope || d.state !== 'typing' || d.by !== 'visitor' || !isString(d.conversation_id) || !isString(d.escalation_id)) return undefined;
      return { ...scope, state: d.state, by: d.by, conversation_id: d.conversation_id, escalation_id: d.escalation_id };
    }
    case 'presence':
      if (!isString(d.member_id) || !isString(d.name) || !PRESENCE.includes(d.status) || !Number.isInteger(d.open)) return undefined;
      return { member_id: d.member_id, name: d.name, status: d.status, open: d.open };
    default:
      return undefined;
  }
}

function frameOf(value: unknown, dataOf: (event: string, data: Fields) => Fields | undefined): Fields | undefined {
  if (!isObject(value) || !isString(value.event) || !isObject(value.data)) return undefined;
  if (value.event === 'reset') return { event: 'reset', data: {} };
  if (!isString(value.id)) return undefined;
  const data = dataOf(value.event, value.data);
  return data && { event: value.event, data, id: value.id };
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A visitor's event already parsed: `{id, event, data}` (an SSE event's parts, a polled event), or a reset. */
export function readLiveEvent(value: unknown): LiveFrame | undefined {
  return frameOf(value, liveData) as LiveFrame | undefined;
}

/** A visitor's event from its JSON text (a WebSocket frame). */
export function decodeLiveEvent(text: string): LiveFrame | undefined {
  return readLiveEvent(parsed(text));
}

/** An operator's inbox event already parsed: `{id, event, data}`, or a reset. */
export function readInboxEvent(value: unknown): InboxFrame | undefined {
  return frameOf(value, inboxData) as InboxFrame | undefined;
}

/** An operator's inbox event from its JSON text. */
export function decodeInboxEvent(text: string): InboxFrame | undefined {
  return readInboxEvent(parsed(text));
}
