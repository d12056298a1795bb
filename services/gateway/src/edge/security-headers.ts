import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * Content-Security-Policy of JSON answers: nothing may be loaded or framed on their behalf. Pages
 * (the API reference, later the chat page and console) set their own, as strict as they allow.
 */
const API_CSP = { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] };

/**
 * The page policy: scripts, styles and fonts from this origin only, no inline code, no framing.
 * Images may also be `blob:` – files the page itself fetched with its credentials (a visitor's
 * attachment shown to an operator, a file a visitor is about to send).
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The chat page's policy: the page policy, with images from any https origin too – a link's logo
 * and the agent's avatar are the owner's own URLs (https only, docs/api.md "Visitors' language and
 * look"); they are fetched without a referrer, and nothing else on the page loads from elsewhere.
 */
export const CHAT_PAGE_CSP = PAGE_CSP.replace("img-src 'self' data: blob:", "img-src 'self' data: blob: https:");

/**
 * The headers helmet sets with the gateway's settings, worked out once: they depend on the
 * settings alone. (@fastify/helmet builds helmet's middleware again on every request, which
 * re-parses the policy each time – a measurable share of a turn's gateway CPU.)
 */
function securityHeaders(): [string, string][] {
  const headers: [string, string][] = [];
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers.push([name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value)]);
    },
    removeHeader: () => {},
    getHeader: () => undefined,
  };
  helmet({
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
    referrerPolicy: { policy: 'no-referrer' },
    // Set per surface where another origin must load something (the widget script).
    crossOriginResourcePolicy: { policy: 'same-origin' },
  })({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}

/**
 * Security headers on every answer (helmet): HSTS, nosniff, no framing, no referrer leaks, CSP.
 * Set on the raw response, as helmet does, so an answer that takes the response over (an event
 * stream) has them too; a page or route setting its own (a page's CSP) replaces them.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  const headers = securityHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
}
