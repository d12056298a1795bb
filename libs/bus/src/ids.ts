import { randomUUID } from 'node:crypto';

/** Ids for requests and traces that arrive without one (STYLE.md rule 7: the prefix says what it is). */
export const newRequestId = (): string => `req_${randomUUID().replaceAll('-', '')}`;
export const newTraceId = (): string => `trc_${randomUUID().replaceAll('-', '')}`;
