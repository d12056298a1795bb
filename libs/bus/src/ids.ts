import { randomUUID } from 'node:crypto';
import { currentLogContext } from '@parley/logger';

/** Ids for requests and traces that arrive without one (STYLE.md rule 7: the prefix says what it is). */
export const newRequestId = (): string => `req_${randomUUID().replaceAll('-', '')}`;
export const newTraceId = (): string => `trc_${randomUUID().replaceAll('-', '')}`;

/**
 * For a call made while handling a request: its request and trace ids, so one user request is
 * one id through every service; a new id otherwise.
 */
export const inheritedRequestId = (): string => currentLogContext()?.requestId ?? newRequestId();
export const inheritedTraceId = (): string => currentLogContext()?.traceId ?? newTraceId();
