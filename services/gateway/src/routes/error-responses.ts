import { apiErrorBodySchema } from '@parley/contracts';

/** What each error status means, as the OpenAPI document shows it beside the route. */
const meanings = {
  400: 'invalid: bad body, path, query or header; `details` names each field',
  401: 'unauthorized: missing or bad signature or key; `details.reason` says which check refused',
  403: 'forbidden: the key may not do this',
  404: 'not_found',
  409: 'conflict: the resource changed meanwhile, or already exists; retry or choose another',
  410: 'gone: the session has ended',
  413: 'payload_too_large: the body is larger than the gateway accepts',
  415: 'unsupported_media_type: the file’s type (judged from its bytes) is not one this link takes; `details.type` names it',
  422: 'content_blocked: the message met a content rule that blocks it (`details.rule`); it was stored nowhere',
  429: 'rate_limited: too many requests from this address; wait `Retry-After` seconds',
  503: 'unavailable: a dependency is down or busy; retry after `Retry-After` seconds',
} as const;

export type ErrorStatus = keyof typeof meanings;

/**
 * The error responses of a route, each the one error envelope with its meaning (the document
 * shows each as a reference to components.schemas.Error: openapi-document.ts).
 */
export function errorResponses(...statuses: ErrorStatus[]) {
  return Object.fromEntries(statuses.map((status) => [status, apiErrorBodySchema.describe(meanings[status])])) as Record<
    ErrorStatus,
    typeof apiErrorBodySchema
  >;
}
