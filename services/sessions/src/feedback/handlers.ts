import { withLogContext } from '@parley/logger';
import { handlers } from '../parts.js';

/** Visitors' thumbs on messages and scores of their conversations. */
export const feedbackHandlers = handlers({
  /** A visitor's thumb on an agent's or operator's message of their conversation. */
  'sessions.feedback.message':
    ({ feedback }) =>
    (req) =>
      withLogContext({ linkId: req.linkId }, () => feedback.message(req)),
  /** A visitor's 1–5 score of their conversation, while it runs or once it has ended. */
  'sessions.feedback.rate':
    ({ feedback }) =>
    (req) =>
      withLogContext({ linkId: req.linkId }, () => feedback.rate(req)),
});
