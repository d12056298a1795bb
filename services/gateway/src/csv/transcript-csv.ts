import type { TranscriptRow } from '@parley/contracts';
import type { CsvColumn } from './csv-writer.js';

/** The transcripts CSV's columns (docs/management-api.md "Transcripts export"): one row per message with its conversation. */
export const transcriptCsvColumns: readonly CsvColumn<TranscriptRow>[] = [
  { header: 'conversation_id', value: (row) => row.conversation_id },
  { header: 'session_id', value: (row) => row.session_id },
  { header: 'channel', value: (row) => row.channel },
  { header: 'link_id', value: (row) => row.link_id },
  { header: 'agent_version', value: (row) => row.agent_version },
  { header: 'conversation_started_at', value: (row) => row.conversation_started_at },
  { header: 'conversation_ended_at', value: (row) => row.conversation_ended_at },
  { header: 'seq', value: (row) => row.sequence },
  { header: 'role', value: (row) => row.role },
  { header: 'operator_name', value: (row) => row.operator_name },
  { header: 'content', value: (row) => row.content },
  { header: 'created_at', value: (row) => row.created_at },
];
