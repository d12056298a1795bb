import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { CHAT_PAGE_CSP, PAGE_CSP } from '../../edge/security-headers.js';
import { type PageLanguage, pageDirection, pageLanguageOf, pageWords } from './language.js';
import { findWebDist } from './web-assets.js';

/** A link token as the public API accepts it; anything else cannot be a link. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{32}$/;

/** A page of a title and a sentence; `styles`: the chat page's stylesheet links, to look as its own "no such link" page does. */
const plainPage = (title: string, text: string, language: PageLanguage = 'en', styles = '') =>
  `<!doctype html><html lang="${language}" dir="${pageDirection(language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><link rel="icon" href="data:,">${styles}<title>${title}</title></head><body><main class="gone"><h1>${title}</h1><p>${text}</p></main></body></html>`;

/** The answer to an address that cannot be a chat link, in the visitor's language, styled as the chat page. */
const notALink = (language: PageLanguage, styles: string) => plainPage(pageWords(language).notALinkTitle, pageWords(language).notALinkText, language, styles);
const NO_SCRIPT = /<noscript>[^<]*<\/noscript>/;

/** Tells the console page that SSO sign-in is configured. */
export const SSO_MARK = '<meta name="parley-sso" content="on" />';

const NOT_BUILT = plainPage('This page is not available', 'This server was started without its web pages. Try again later.');

function sendPage(reply: FastifyReply, status: number, html: string, policy = PAGE_CSP): FastifyReply {
  return (
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('content-security-policy', policy)
      // The HTML names the current hashed assets: it is checked again on every visit.
      .header('cache-control', 'no-cache')
      .send(html)
  );
}

/**
 * The pages people open in a browser: `/c/{token}`, the public chat page; `/console`, the admin
 * console (and `/`, which leads there); and their hashed assets
 * under /assets/ (cached for a year, immutable). HTML, JS and CSS go out compressed (br or gzip)
 * under the strict page policy. The API's answers are outside this plugin and stay uncompressed.
 */
export const pagesRoutes: FastifyPluginAsync<{ webDist?: string | undefined; sso?: boolean | undefined }> = async (app, options) => {
  const webDist = options.webDist ?? findWebDist();
  const chatHtml = webDist ? readFileSync(join(webDist, 'chat.html'), 'utf8') : undefined;
  // The chat page's own stylesheets (hashed assets, allowed by the page policy's style-src 'self').
  const chatStyles = (chatHtml?.match(/<link rel="stylesheet"[^>]*>/g) ?? []).join('');
  const builtConsole = webDist && existsSync(join(webDist, 'console.html')) ? readFileSync(join(webDist, 'console.html'), 'utf8') : undefined;
  // With SSO configured the console offers "Sign in with SSO" and looks for a console session
  // (docs/management-api.md, "Signing in to the console with SSO"); the page learns it from this mark.
  const consoleHtml = options.sso ? builtConsole?.replace('<head>', `<head>\n    ${SSO_MARK}`) : builtConsole;
  const widgetJs = webDist && existsSync(join(webDist, 'widget.js')) ? readFileSync(join(webDist, 'widget.js'), 'utf8') : undefined;
  if (!webDist) app.log.warn('web/dist not found: /c/{token} answers 503 (build the pages with `npm run build -w @parley/web`)');

  await app.register(compress, { encodings: ['br', 'gzip'], threshold: 256 });

  app.get('/c/:token', { schema: { hide: true } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    if (!chatHtml) return sendPage(reply, 503, NOT_BUILT);
    // The page asks the API about the token itself; a string of another shape is no link at all.
    // The words written here (before or without the page's script) follow the browser's languages.
    const language = pageLanguageOf(request.headers['accept-language']);
    reply.header('vary', 'Accept-Language');
    if (!TOKEN_SHAPE.test(token)) return sendPage(reply, 404, notALink(language, chatStyles));
    const page = language === 'en' ? chatHtml : chatHtml.replace(NO_SCRIPT, `<noscript>${pageWords(language).needsJavaScript}</noscript>`);
    return sendPage(reply, 200, page, CHAT_PAGE_CSP);
  });

  // The console is one page whose views have their own paths (/console/agents/intake …), so a
  // reload or a shared address opens the same view. It holds no data: everything comes from the
  // management API with the key the person signs in with.
  const serveConsole = async (_request: unknown, reply: FastifyReply) => sendPage(reply, consoleHtml ? 200 : 503, consoleHtml ?? NOT_BUILT);
  app.get('/console', { schema: { hide: true } }, serveConsole);
  app.get('/console/*', { schema: { hide: true } }, serveConsole);
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console', 302));

  // The widget runs on other sites: its loader (one name, in every embed snippet) and the assets
  // it loads are fetched cross-origin, the chunks as module scripts (CORS). They hold no secret.
  app.get('/widget.js', { schema: { hide: true } }, async (_request, reply) => {
    if (!widgetJs) return reply.code(503).type('text/plain; charset=utf-8').send('The widget is not available: this server was started without its web pages.');
    return (
      reply
        .type('text/javascript; charset=utf-8')
        .header('cross-origin-resource-policy', 'cross-origin')
        .header('access-control-allow-origin', '*')
        // Not hashed: a short cache, so a new release reaches the host pages within minutes.
        .header('cache-control', 'public, max-age=300')
        .send(widgetJs)
    );
  });

  if (webDist) {
    await app.register(fastifyStatic, {
      root: join(webDist, 'assets'),
      prefix: '/assets/',
      index: false,
      list: false,
      decorateReply: false,
      wildcard: true,
      // Names carry a hash of the content: a changed file is a new name.
      immutable: true,
      maxAge: '365d',
      cacheControl: true,
      lastModified: false,
      etag: true,
      schemaHide: true,
      setHeaders: (reply) => {
        reply.header('cross-origin-resource-policy', 'cross-origin').header('access-control-allow-origin', '*');
      },
    });
  }
};
