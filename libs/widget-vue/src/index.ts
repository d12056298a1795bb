import { defineComponent, onBeforeUnmount, onMounted, type PropType, shallowRef, watch } from 'vue';
import {
  type ChatWidget,
  type ChatWidgetEscalation,
  type ChatWidgetMessage,
  type ChatWidgetOptions,
  type ChatWidgetStatus,
  type ChatWidgetUser,
  mountChatWidget,
} from '@parley/widget-embed';

export type { ChatWidget, ChatWidgetEscalation, ChatWidgetMessage, ChatWidgetStatus, ChatWidgetUser } from '@parley/widget-embed';
export { loadChatWidget } from '@parley/widget-embed';

/**
 * The platform's chat widget on the page while this is mounted: a bubble in the corner (it
 * renders nothing where it stands). A change to a prop builds the widget anew – an open pane
 * opens again, the conversation kept – and unmounting takes it off the page. Its events come as
 * Vue events (`@message`, `@open`…); the template ref exposes `widget`, the widget itself
 * (`openChat()`, `sendMessage(text)`…), null until widget.js has loaded.
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
    lang: { type: String, default: undefined },
  },
  emits: {
    open: () => true,
    close: () => true,
    message: (_message: ChatWidgetMessage) => true,
    escalation: (_escalation: ChatWidgetEscalation) => true,
    status: (_status: ChatWidgetStatus) => true,
    /** widget.js could not be loaded, or the options were refused (no token). */
    error: (_error: Error) => true,
  },
  setup(props, { emit, expose }) {
    const widget = shallowRef<ChatWidget | null>(null);
    // Across rebuilds: whether the visitor had the pane open.
    let open = false;
    let generation = 0;
    // By value: a new `user` object with the same fields changes nothing.
    const key = () => JSON.stringify({ ...props });

    const unmount = () => {
      generation += 1;
      widget.value?.destroy();
      widget.value = null;
    };
    const mount = (options: ChatWidgetOptions) => {
      const mine = generation;
      mountChatWidget({ ...options, autoOpen: options.autoOpen === true || open }).then(
        (created) => {
          if (mine !== generation) return created.destroy();
          created
            .on('open', () => {
              open = true;
              emit('open');
            })
            .on('close', () => {
              open = false;
              emit('close');
            })
            .on('message', (m) => emit('message', m as ChatWidgetMessage))
            .on('escalation', (e) => emit('escalation', e as ChatWidgetEscalation))
            .on('status', (s) => emit('status', s as ChatWidgetStatus));
          widget.value = created;
        },
        (error: Error) => {
          if (mine === generation) emit('error', error);
        },
      );
    };

    onMounted(() => mount(JSON.parse(key())));
    watch(key, (options) => {
      unmount();
      mount(JSON.parse(options));
    });
    onBeforeUnmount(unmount);
    expose({ widget });
    return () => null;
  },
});

export default ParleyChat;
