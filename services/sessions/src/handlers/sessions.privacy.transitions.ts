import { handler } from './handler.js';

/** A page of one conversation's workflow transitions, for a visitor's export (docs/api.md, "Privacy"). */
export default handler('sessions.privacy.transitions', ({ privacyRepository }) => async (req) => ({
  transitions: await privacyRepository.transitions(req.tenantId, req.conversationId, req.after, req.limit),
}));
