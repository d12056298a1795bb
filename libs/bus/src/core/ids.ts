import { randomUUID } from 'node:crypto';
import { currentLogContext } from '@parley/logger';
import { headerNames } from './codec.js';

/** Ids for requests and traces that arrive without one (the prefix says what it is). */
export const newRequestId = (): string => `req_${randomUUID().replaceAll('-', '')}`;
export const newTraceId = (): string => `trc_${randomUUID().replaceAll('-', '')}`;

/**
 * For a call made while handling a request: its request and trace ids, so one user request is
 * one id through every service; a new id otherwise.
 */
export const inheritedRequestId = (): string => currentLogContext()?.requestId ?? newRequestId();
export const inheritedTraceId = (): string => currentLogContext()?.traceId ?? newTraceId();

/** The request and trace ids a NATS message carries in its headers, or new ones. */
export function idsFromHeaders(headers: { get(name: string): string } | undefined): { requestId: string; traceId: string } {
  return {
    requestId: headers?.get(headerNames.requestId) || newRequestId(),
    traceId: headers?.get(headerNames.traceId) || newTraceId(),
  };
}
