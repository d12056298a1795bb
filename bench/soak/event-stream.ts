import { EventSource } from 'eventsource';

export interface StreamEvent {
  event: string;
  data: any;
}

/**
 * An SSE stream read as a browser's EventSource reads it (the eventsource client): a visitor's
 * live events (docs/public-chat-api.md, "Live events") or the operators' inbox (docs/escalation.md,
 * "The inbox"). When the connection drops it reconnects by itself with `Last-Event-ID`; `drops`
 * counts those.
 */
export class EventStream {
  /** Resolves once the stream answered 200; rejects with the status (or the failure) otherwise. */
  readonly opened: Promise<void>;
  drops = 0;
  private readonly source: EventSource;
  private readonly listeners = new Set<() => void>();
  private isOpen = false;

  constructor(url: string, names: string[], options: { headers?: Record<string, string>; onEvent?: (event: StreamEvent) => void } = {}) {
    const headers = options.headers ?? {};
    this.source = new EventSource(url, { fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers ?? {}), ...headers } }) });
    this.opened = new Promise<void>((resolve, reject) => {
      this.source.addEventListener('open', () => {
        this.isOpen = true;
        resolve();
      });
      this.source.addEventListener('error', (error) => {
        if (this.isOpen) this.drops++;
        else reject(Object.assign(new Error(`the stream answered ${error.code ?? error.message}`), { status: error.code }));
      });
    });
    // A stream that never opened is reported by whoever awaits `opened`; this keeps the rejection handled.
    this.opened.catch(() => undefined);
    for (const name of names) {
      this.source.addEventListener(name, (message) => {
        options.onEvent?.({ event: name, data: JSON.parse(message.data) });
        for (const listener of this.listeners) listener();
      });
    }
  }

  /** Resolves true once `condition` holds (checked now and after each event `onEvent` saw), false after `timeoutMs`. */
  until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    if (condition()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (held: boolean) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve(held);
      };
      const check = () => {
        if (condition()) done(true);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      this.listeners.add(check);
    });
  }

  close(): void {
    this.source.close();
  }
}
