/**
 * Live event ids have Redis Streams' shape, `<milliseconds>-<sequence>`, in both logs: ids stay
 * increasing across a log that expired and started again, and a client's Last-Event-ID means the
 * same thing whichever log served it.
 */
const idPattern = /^(\d{1,15})-(\d{1,15})$/;

export type ParsedEventId = readonly [ms: number, seq: number];

/** The id's parts, or undefined for anything that is not an event id. */
export function parseEventId(id: string): ParsedEventId | undefined {
  const match = idPattern.exec(id);
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2])];
}

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareEventIds(a: ParsedEventId, b: ParsedEventId): number {
  return a[0] - b[0] || a[1] - b[1];
}

/** Defaults shared by both logs: enough for a few long replies' deltas, kept for a day. */
export const liveEventDefaults = { maxEvents: 1_000, ttlSeconds: 24 * 60 * 60, readLimit: 1_000 } as const;

export interface LiveEventLogOptions {
  /** Events kept per conversation (in Redis up to a tenth more: it trims in batches). */
  maxEvents?: number;
  /** A conversation's log is dropped this long after its last event. */
  ttlSeconds?: number;
}
