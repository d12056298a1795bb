import { defineComponent, onBeforeUnmount, onMounted, type PropType, shallowRef, watch } from 'vue';
import {
  type ChatWidget,
  type ChatWidgetContext,
  type ChatWidgetError,
  type ChatWidgetEscalation,
  type ChatWidgetEventName,
  type ChatWidgetMessage,
  type ChatWidgetOptions,
  type ChatWidgetStatus,
  type ChatWidgetUser,
  mountChatWidget,
} from '@parley/widget-embed';

export type {
  ChatWidget,
  ChatWidgetContext,
  ChatWidgetError,
  ChatWidgetEscalation,
  ChatWidgetMessage,
  ChatWidgetStatus,
  ChatWidgetUser,
} from '@parley/widget-embed';
export { loadChatWidget } from '@parley/widget-embed';

/** The widget's events, each re-emitted as the component's own. */
const EVENTS: ChatWidgetEventName[] = ['ready', 'open', 'close', 'message', 'unread', 'escalated', 'escalation', 'status', 'error'];

/**
 * The platform's chat widget on the page while this is mounted: a bubble in the corner (it
 * renders nothing where it stands). A change to `user` or `context` reaches the widget as it is
 * (`setUser`, `setContext`); a change to another prop builds it anew – an open pane opens again,
 * the conversation kept – and unmounting takes it off the page. Its events come as Vue events
 * (`@ready`, `@message`, `@unread`…). The template ref has the widget's methods – `open()`,
 * `close()`, `show()`, `hide()`, `setUser(user)`, `setContext(context)`, `prefill(text)` – which
 * wait for widget.js when called before it has loaded, and `widget`, the widget itself (null until then).
 */
export const ParleyChat = defineComponent({
  name: 'ParleyChat',
  props: {
    platformUrl: { type: String, required: true },
    token: { type: String, required: true },
    theme: { type: String as PropType<'light' | 'dark'>, default: undefined },
    position: { type: String as PropType<'bottom-right' | 'bottom-left'>, default: undefined },
    autoOpen: { type: Boolean, default: false },
    user: { type: Object as PropType<ChatWidgetUser | null>, default: undefined },
    /** Where the visitor is, for the agent (`context.page`, `context.<name>`): the whole of it. */
    context: { type: Object as PropType<ChatWidgetContext | null>, default: undefined },
    lang: { type: String, default: undefined },
    /** No launcher in the corner: the page opens the pane itself (the ref's `open()`). */
    hideLauncher: { type: Boolean, default: false },
  },
  emits: {
    /** The widget is on the page (the widget itself). */
    ready: (_widget: ChatWidget) => true,
    open: () => true,
    close: () => true,
    /** Each message shown; `replayed: true` on one said before (a kept conversation's history). */
    message: (_message: ChatWidgetMessage) => true,
    /** Replies that came while the pane was closed (0 again on opening). */
    unread: (_count: number) => true,
    /** The conversation went to a person (once a request). */
    escalated: (_escalation: ChatWidgetEscalation) => true,
    escalation: (_escalation: ChatWidgetEscalation) => true,
    status: (_status: ChatWidgetStatus) => true,
    /** A failure the widget shows; or widget.js could not be loaded (`unavailable`) or refused the props (`invalid`). */
    error: (_error: ChatWidgetError) => true,
  },
  setup(props, { emit, expose }) {
    const widget = shallowRef<ChatWidget | null>(null);
    // Across rebuilds: whether the visitor had the pane open.
    let open = false;
    let generation = 0;
    /** Calls made before widget.js had loaded, made once it has. */
    let waiting: ((w: ChatWidget) => void)[] = [];
    const call = (fn: (w: ChatWidget) => void) => (widget.value ? fn(widget.value) : waiting.push(fn));
    // By value: a new `user` object with the same fields changes nothing.
    const key = () => JSON.stringify({ ...props, user: undefined, context: undefined, hideLauncher: undefined });
    const setContext = (w: ChatWidget, context: ChatWidgetContext | null | undefined) => {
      try {
        w.setContext(context ?? {});
      } catch (error) {
        emit('error', { code: 'invalid', message: (error as Error).message });
      }
    };

    const unmount = () => {
      generation += 1;
      widget.value?.destroy();
      widget.value = null;
    };
    const mount = (options: ChatWidgetOptions) => {
      const mine = generation;
      mountChatWidget({ ...options, user: props.user, context: props.context, autoOpen: options.autoOpen === true || open }).then(
        (created) => {
          if (mine !== generation) return created.destroy();
          created
            .on('open', () => {
              open = true;
            })
            .on('close', () => {
              open = false;
            });
          for (const name of EVENTS) created.on(name, (detail) => (emit as (name: string, detail: unknown) => void)(name, detail));
          if (props.hideLauncher) created.hide();
          widget.value = created;
          for (const fn of waiting.splice(0)) fn(created);
        },
        (error: ChatWidgetError) => {
          if (mine === generation) emit('error', error);
        },
      );
    };

    onMounted(() => mount(JSON.parse(key())));
    watch(key, (options) => {
      unmount();
      mount(JSON.parse(options));
    });
    watch(
      () => props.hideLauncher,
      (hidden) => (hidden ? widget.value?.hide() : widget.value?.show()),
    );
    watch(
      () => JSON.stringify(props.user ?? null),
      (user) => widget.value?.setUser(JSON.parse(user)),
    );
    watch(
      () => JSON.stringify(props.context ?? null),
      (context) => widget.value && setContext(widget.value, JSON.parse(context)),
    );
    onBeforeUnmount(() => {
      waiting = [];
      unmount();
    });
    expose({
      widget,
      open: () => call((w) => void w.open()),
      close: () => call((w) => w.close()),
      show: () => call((w) => w.show()),
      hide: () => call((w) => w.hide()),
      setUser: (user: ChatWidgetUser | null) => call((w) => w.setUser(user)),
      setContext: (context: ChatWidgetContext) => call((w) => w.setContext(context)),
      prefill: (text: string) => call((w) => void w.prefill(text)),
    });
    return () => null;
  },
});

export default ParleyChat;
