import { z } from 'zod';

/**
 * Transcripts as CSV (docs/management-api.md "Transcripts export"): one row per message of an agent's
 * conversations started in a window, read page by page from the sessions service.
 */

/** The widest window one export may cover, in days. */
export const transcriptExportMaxDays = 366;

/** `?format=`: what the analytics, audit and transcripts routes answer besides JSON. */
export const exportFormat = z
  .enum(['json', 'csv'])
  .meta({ description: '`csv` streams the answer as CSV; default JSON, or CSV when `Accept` prefers `text/csv`' });

/** `GET /api/agents/{name}/conversations/export?from=&to=&link_id=`. */
export const transcriptExportQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional().meta({ description: 'Conversations started from then (inclusive); default `to` minus 30 days' }),
  to: z.iso.datetime({ offset: true }).optional().meta({ description: 'Conversations started before then (exclusive); default now' }),
  link_id: z.string().min(1).max(64).optional().meta({ description: "Only the conversations of this public link of the agent's" }),
  format: z.literal('csv').optional().meta({ description: 'The answer is CSV whatever this says; `csv` is accepted for symmetry with the other exports' }),
});
export type TranscriptExportQuery = z.infer<typeof transcriptExportQuery>;

/** Where the last page ended: the conversation and the message's sequence in it (keyset, not an offset). */
export const transcriptCursor = z.object({ conversationId: z.uuid(), sequence: z.number().int().nonnegative() });
export type TranscriptCursor = z.infer<typeof transcriptCursor>;

/** One message with the conversation it belongs to. */
export const transcriptRow = z.object({
  conversation_id: z.string(),
  session_id: z.string(),
  channel: z.string(),
  link_id: z.string().nullable(),
  agent_version: z.number().int(),
  conversation_started_at: z.string(),
  conversation_ended_at: z.string().nullable(),
  sequence: z.number().int(),
  role: z.enum(['user', 'assistant', 'operator', 'system']),
  /** The operator's name on an operator's message; null otherwise. */
  operator_name: z.string().nullable(),
  content: z.string(),
  created_at: z.string(),
});
export type TranscriptRow = z.infer<typeof transcriptRow>;
