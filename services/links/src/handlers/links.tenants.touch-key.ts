import { handler } from './handler.js';

/** Notes that a key was used now (at most once a minute). */
export default handler('links.tenants.touch-key', ({ registry }) => (req) => registry.touchKey(req.keyId));
