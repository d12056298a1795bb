import { type InboxFrame, readInboxEvent } from '@parley/contracts/live-decode';
import { ApiError } from '../../chat/api';
import type { ManagementApi } from '../api/management-api';

/** An inbox event (docs/escalation.md "The inbox"), or a reset, read by the catalog's decoder. */
export type FeedEvent = InboxFrame;

export type FeedState = 'connecting' | 'live' | 'reconnecting';

/** Reconnect delays: quick at first, then every 10 s at most. */
const RETRY_MS = [500, 1_000, 2_000, 5_000, 10_000];

/**
 * Follows the tenant's inbox over Server-Sent Events read from fetch (the key travels in a
 * header, never in the address) by the typed client, which reconnects with the last event id so
 * nothing is missed. While it is open, this operator counts as online.
 */
export function followInbox(api: ManagementApi, handlers: { onEvent(event: FeedEvent): void; onState(state: FeedState): void; onUnauthorized(): void }) {
  const abort = new AbortController();
  let lastEventId: string | undefined;
  let failures = 0;

  const run = async () => {
    while (!abort.signal.aborted) {
      handlers.onState(failures === 0 ? 'connecting' : 'reconnecting');
      try {
        const onState = (state: 'live' | 'reconnecting') => {
          if (state === 'live') failures = 0;
          handlers.onState(state);
        };
        for await (const frame of api.inboxEvents(lastEventId, abort.signal, onState)) {
          // What the catalog does not know is left out.
          const event = readInboxEvent({ id: frame.id ?? '', event: frame.event, data: frame.data });
          if (!event) continue;
          if (event.event !== 'reset') lastEventId = event.id;
          handlers.onEvent(event);
        }
      } catch (error) {
        if (abort.signal.aborted) return;
        if (error instanceof ApiError && error.status === 401) {
          handlers.onUnauthorized();
          return;
        }
      }
      // A refusal other than 401: tried again, less and less often.
      failures++;
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS[Math.min(failures, RETRY_MS.length) - 1]));
    }
  };
  void run();
  return { close: () => abort.abort() };
}
