/** What the page embedding the widget can listen to (`widget.on(name, fn)`). */
export type WidgetEventName = 'message' | 'escalation' | 'open' | 'close' | 'status';

export type WidgetListener = (detail: unknown) => void;

/** The listeners of one widget; a listener that throws does not stop the others. */
export function widgetEvents() {
  const listeners = new Map<WidgetEventName, Set<WidgetListener>>();
  return {
    on(name: WidgetEventName, fn: WidgetListener): () => void {
      const set = listeners.get(name) ?? new Set<WidgetListener>();
      listeners.set(name, set);
      set.add(fn);
      return () => set.delete(fn);
    },
    emit(name: WidgetEventName, detail?: unknown): void {
      for (const fn of listeners.get(name) ?? []) {
        try {
          fn(detail);
        } catch (error) {
          console.error(error);
        }
      }
    },
  };
}

export type WidgetEvents = ReturnType<typeof widgetEvents>;
