export { guardedFetch, MAX_REDIRECTS, openGuardedFetch, RedirectFailed } from './guarded-fetch.js';
export { type OutboundFailure, type OutboundInit, type OutboundResponse, outboundRequest } from './outbound-request.js';
export { AddressRefused, bareHost, type CheckedAddress, checkedAddress, type GuardOptions, nonPublicRange } from './url-guard.js';
export { newWebhookSecret, signatureHeaders } from './webhook-signing.js';
