import { withLogContext } from '@parley/logger';
import { handlers } from '../parts.js';

/** Transcripts: mailed to a visitor when their conversation ends, and paged for the CSV export. */
export const transcriptHandlers = handlers({
  /** Where a visitor's conversation's transcript is mailed when it ends. */
  'sessions.transcript-request':
    ({ transcripts }) =>
    (req) =>
      withLogContext({ linkId: req.link.linkId }, () => transcripts.request(req)),
  /** A page of an agent's transcripts for the CSV export (docs/management-api.md "Transcripts export"). */
  'sessions.transcripts.page':
    ({ transcriptExport }) =>
    async (req) => ({ rows: await transcriptExport.page(req) }),
});
