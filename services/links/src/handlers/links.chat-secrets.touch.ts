import { handler } from './handler.js';

/** Notes that a secret verified a request now. */
export default handler('links.chat-secrets.touch', ({ chatSecrets }) => (req) => chatSecrets.touch(req.secretId));
