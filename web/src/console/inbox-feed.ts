import { type InboxFrame, readInboxEvent } from '@parley/contracts/live-decode';
import type { ManagementApi } from './console-api';

/** An inbox event (docs/api.md "The inbox"), or a reset, read by the catalog's decoder. */
export type FeedEvent = InboxFrame;

export type FeedState = 'connecting' | 'live' | 'reconnecting';

/** Reconnect delays: quick at first, then every 10 s at most. */
const RETRY_MS = [500, 1_000, 2_000, 5_000, 10_000];

/**
 * Follows the tenant's inbox over Server-Sent Events read from fetch (the key travels in a
 * header, never in the address), reconnecting with the last event id so nothing is missed.
 * While it is open, this operator counts as online.
 */
export function followInbox(api: ManagementApi, handlers: { onEvent(event: FeedEvent): void; onState(state: FeedState): void; onUnauthorized(): void }) {
  const abort = new AbortController();
  let lastEventId: string | undefined;
  let failures = 0;

  const run = async () => {
    while (!abort.signal.aborted) {
      handlers.onState(failures === 0 ? 'connecting' : 'reconnecting');
      try {
        const response = await api.inboxEvents(lastEventId, abort.signal);
        if (response.status === 401) {
          handlers.onUnauthorized();
          return;
        }
        if (!response.ok || !response.body) throw new Error(`inbox events answered ${response.status}`);
        handlers.onState('live');
        failures = 0;
        await read(response.body, (event) => {
          if (event.event !== 'reset') lastEventId = event.id;
          handlers.onEvent(event);
        });
      } catch {
        if (abort.signal.aborted) return;
      }
      failures++;
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS[Math.min(failures, RETRY_MS.length) - 1]));
    }
  };
  void run();
  return { close: () => abort.abort() };
}

/** Splits the stream into events: `id:`, `event:` and `data:` lines, a blank line ending each; what the catalog does not know is left out. */
async function read(body: ReadableStream<Uint8Array>, onEvent: (event: FeedEvent) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
      let id = '';
      let event = 'message';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('id: ')) id = line.slice(4);
        else if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data += line.slice(6);
      }
      if (!data) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch {
        continue;
      }
      const known = readInboxEvent({ id, event, data: parsed });
      if (known) onEvent(known);
    }
  }
}
