import { handlers } from '../parts.js';

/** Email codes a link's visitor confirms their email with. */
export const verificationHandlers = handlers({
  /** A code for a link's visitor to confirm their email with, for the gateway to mail. */
  'links.verification.start':
    ({ verification }) =>
    (req) =>
      verification.start(req.linkId, req.email),
  /** Checks a visitor's email code. */
  'links.verification.confirm':
    ({ verification }) =>
    (req) =>
      verification.confirm(req.linkId, req.email, req.code),
});
