import type { AppError, EscalationSummary, LinkAccess, MessageNotice, TurnOutcome } from '@parley/contracts';
import type { ConversationRepository, ConversationRow, FoundConversation, HistoryRead } from '../store/conversation.repository.js';

/** What every message into a conversation has, whichever way it came in. */
export interface ChannelMessage {
  content: string;
  /** The client's Idempotency-Key (or a socket's client_id), kept with the turn it ran. */
  idempotencyKey: string | null;
}

/** What a turn tells the channel to answer with, besides its outcome. */
export interface TurnFacts {
  turnNumber: number;
  userMessageId: string;
  escalationId: string | null;
  offerPerson: boolean;
  /** The answer is a spent token budget's words, not the workflow's (docs/management-api.md "Cost guards"). */
  budgetExhausted: boolean;
  /** The answer is the platform's own words: their code, which the pages translate (docs/public-chat-api.md "Notices"). */
  notice?: MessageNotice | undefined;
}

/**
 * A way into a conversation – the Text Chat API's session (text-chat/message.ts), a visitor's on
 * their link (public-sessions/visitor-message.ts) – and all the turn path needs to know of it:
 * how its conversation is found and remembered, what lets a message in, and how it is answered.
 * The caller picks the channel once, with the message; the turn path never asks which it is.
 */
export interface Channel<M extends ChannelMessage, R> {
  /** What the conversation's kept history, row and agent version are remembered under (see HistoryCache). */
  historyKey(message: M): string;
  /** The conversation the message is for, as the database has it now (with its history when asked). */
  find(conversations: ConversationRepository, message: M, withHistory: HistoryRead): Promise<FoundConversation | undefined>;
  /** The refusal when no conversation answers to the message. */
  missing(): AppError;
  /** Refuses (throws), replays a retry's answer, asks to end an idle session (and refuse with `idle`), or lets the message in (undefined). */
  admit(message: M, found: FoundConversation): { replay: R } | { idle: AppError } | undefined;
  /** The answer of a turn, made before its commit: a retried request replays it. */
  reply(message: M, conversation: ConversationRow, outcome: TurnOutcome, turn: TurnFacts): R;
  /** The answer when the conversation is with a person: the message was stored for them, no turn ran. */
  replyWhileEscalated(message: M, conversation: ConversationRow, escalation: EscalationSummary | undefined, userMessageId: string): R;
  /** The visitor's link – its content rules, token budgets, offer of a person – or undefined (the agent's and tenant's alone). */
  link(message: M): LinkAccess | undefined;
  /** The uploads the message carries, claimed for it before its turn runs; undefined when it names none. */
  attachments(message: M): string[] | undefined;
  /**
   * The collected data the message's turn starts from, given the conversation's, when the message
   * brings some of its own (a visitor's page context); undefined when it brings none.
   */
  collected(message: M, current: Readonly<Record<string, string>>): Record<string, string> | undefined;
}
