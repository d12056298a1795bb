import { handler } from './handler.js';

/** A page of an agent's transcripts for the CSV export (docs/api.md "Transcripts export"). */
export default handler('sessions.transcripts.page', ({ transcriptExport }) => async (req) => ({ rows: await transcriptExport.page(req) }));
