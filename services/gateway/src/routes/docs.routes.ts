import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { PAGE_CSP } from '../edge/security-headers.js';
import { API_TAGS, assertDocumented, documentTransforms, ERROR_SCHEMA_NAME, errorComponent, SECURITY_SCHEMES } from './openapi-document.js';

/**
 * The one <style> element Swagger UI's bundle writes at start-up, allowed by its hash rather than
 * by 'unsafe-inline' (a new Swagger UI version may change it: the browser test catches that).
 */
const SWAGGER_UI_STYLE_HASH = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";
const DOCS_CSP = PAGE_CSP.replace("style-src 'self'", `style-src 'self' ${SWAGGER_UI_STYLE_HASH}`);

/** Swagger UI's top bar (a URL box to explore other documents, the framework's logo) is not ours to show. */
const DOCS_THEME_CSS = '.swagger-ui .topbar { display: none; } .swagger-ui .info { margin: 32px 0; }';

/**
 * OpenAPI 3.1 generated from the same zod schemas that validate requests; how each route appears
 * (operationId, credentials, error envelope) is decided once, in openapi-document.ts.
 */
export async function registerOpenApi(app: FastifyInstance, options: { publicBaseUrl: string }): Promise<void> {
  app.addHook('onRoute', assertDocumented);
  const { transform, transformObject } = documentTransforms();
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Parley API',
        version: '1',
        // The project's own licence (package.json).
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
        description: [
          'Errors, from every route: `{"error": {"code", "message", "details"?, "request_id"}}`, with one status per code:',
          '`invalid` 400, `unauthorized` 401, `forbidden` 403, `not_found` 404, `conflict` 409, `gone` 410,',
          '`payload_too_large` 413, `rate_limited` 429 (with `Retry-After`), `unavailable` 503 (with `Retry-After`).',
          'Any route may also answer `request_timeout` 408 (the request did not arrive in time),',
          '`unsupported_media_type` 415 (a body sent with a Content-Encoding: bodies are never decoded) and',
          '`headers_too_large` 431. A JSON object with a key twice is 400 naming the key. Strings may not contain U+0000 or lone UTF-16 surrogates, and JSON bodies',
          'nest at most 64 levels (400 naming the field).',
          '',
          'Text Chat API requests are signed: X-Signature = hex HMAC-SHA256(secret, X-Timestamp + METHOD + path +',
          '(`?` and the query string, as sent, when there is one) + hex SHA-256 of the raw body), X-Timestamp in',
          'Unix seconds within ±300 s of the server.',
        ].join('\n'),
      },
      // This deployment, as PUBLIC_BASE_URL names it.
      servers: [{ url: options.publicBaseUrl.replace(/\/+$/, ''), description: 'This deployment (PUBLIC_BASE_URL)' }],
      tags: [...API_TAGS],
      components: {
        securitySchemes: SECURITY_SCHEMES,
        schemas: { [ERROR_SCHEMA_NAME]: errorComponent },
      },
    },
    // Routes are served at their own paths whatever path PUBLIC_BASE_URL has (a proxy's prefix).
    stripBasePath: false,
    transform,
    transformObject,
  });
}

/**
 * /openapi.json, and /docs: Swagger UI served from its npm package (no CDN – deployments are
 * often offline) under the strict page policy: no inline code, nothing from other origins.
 */
export const docsRoutes: FastifyPluginAsync = async (app) => {
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: DOCS_CSP,
    // Sections closed until opened: drawn all at once, Swagger UI stops after a dozen of the API's
    // 139 operations; a section of at most a few dozen opens at once. A deep link opens its own.
    uiConfig: { docExpansion: 'none', deepLinking: true, defaultModelsExpandDepth: 0, tryItOutEnabled: false, validatorUrl: null },
    theme: { title: 'Parley API reference', css: [{ filename: 'parley.css', content: DOCS_THEME_CSS }] },
  });
};
