import { AppError } from '@parley/contracts';
import type { LiveEventLog, LoggedEvent } from '@parley/stores';

/** At most this many events in one answer: the log keeps about as many per conversation. */
const MAX_EVENTS = 1_000;

export interface EventsAfter {
  /** Oldest first, each with the id to ask after next time. */
  events: LoggedEvent[];
  /** `after` has left the log: events were lost to the client, which reloads the history. */
  reset: boolean;
  /** The id to pass as `after` next time: the newest event's, or `after` itself when nothing came. */
  last_event_id: string | null;
}

/**
 * The live events of a conversation after an event id, for clients that poll instead of holding
 * an SSE stream (the history route's `after`): the same ids, order and `reset` rule as the stream.
 */
export async function eventsAfter(live: LiveEventLog | undefined, conversationId: string, after: string | undefined): Promise<EventsAfter> {
  if (!live) throw new AppError('unavailable', 'live events are not served by this deployment', { details: { reason: 'live_events' } });
  const { events, reset } = await live.readAfter(conversationId, after, MAX_EVENTS);
  return { events, reset, last_event_id: events.at(-1)?.id ?? (reset ? null : (after ?? null)) };
}
