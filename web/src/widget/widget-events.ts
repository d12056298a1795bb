/**
 * What the page embedding the widget can listen to (`widget.on(name, fn)`; docs/widget.md
 * "Events"). `escalation` and `status` are kept beside `escalated` for pages written before it.
 */
export type WidgetEventName = 'ready' | 'open' | 'close' | 'message' | 'unread' | 'escalated' | 'error' | 'escalation' | 'status';

export type WidgetListener = (detail: unknown) => void;

/**
 * The listeners of one widget; a listener that throws does not stop the others. `ready` happens
 * once and is remembered: a listener added after it is called at once with its detail.
 */
export function widgetEvents() {
  const listeners = new Map<WidgetEventName, Set<WidgetListener>>();
  let ready: { detail: unknown } | undefined;
  const call = (fn: WidgetListener, detail: unknown) => {
    try {
      fn(detail);
    } catch (error) {
      console.error(error);
    }
  };
  return {
    on(name: WidgetEventName, fn: WidgetListener): () => void {
      const set = listeners.get(name) ?? new Set<WidgetListener>();
      listeners.set(name, set);
      set.add(fn);
      if (name === 'ready' && ready) call(fn, ready.detail);
      return () => set.delete(fn);
    },
    emit(name: WidgetEventName, detail?: unknown): void {
      if (name === 'ready') ready = { detail };
      for (const fn of listeners.get(name) ?? []) call(fn, detail);
    },
  };
}

export type WidgetEvents = ReturnType<typeof widgetEvents>;
