import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import {
  type ChatWidget,
  type ChatWidgetEscalation,
  type ChatWidgetMessage,
  type ChatWidgetOptions,
  type ChatWidgetStatus,
  mountChatWidget,
} from '@parley/widget-embed';

export type { ChatWidget, ChatWidgetEscalation, ChatWidgetMessage, ChatWidgetStatus, ChatWidgetUser } from '@parley/widget-embed';
export { loadChatWidget } from '@parley/widget-embed';

export interface ParleyChatProps extends ChatWidgetOptions {
  onOpen?: () => void;
  onClose?: () => void;
  onMessage?: (message: ChatWidgetMessage) => void;
  onEscalation?: (escalation: ChatWidgetEscalation) => void;
  onStatus?: (status: ChatWidgetStatus) => void;
  /** widget.js could not be loaded, or the options were refused (no token). */
  onError?: (error: Error) => void;
}

/**
 * The platform's chat widget on the page while this is mounted: a bubble in the corner (it
 * renders nothing where it stands). A change to an option builds the widget anew – an open
 * pane opens again, the conversation kept – and unmounting takes it off the page. The ref is
 * the widget (`openChat()`, `sendMessage(text)`…), null until widget.js has loaded.
 */
export const ParleyChat = forwardRef<ChatWidget | null, ParleyChatProps>(function ParleyChat(props, ref) {
  const [widget, setWidget] = useState<ChatWidget | null>(null);
  useImperativeHandle(ref, () => widget as ChatWidget, [widget]);
  const latest = useRef(props);
  latest.current = props;
  // Across rebuilds: whether the visitor had the pane open.
  const open = useRef(false);
  const { platformUrl, token, theme, position, autoOpen, user, lang } = props;
  // By value: an inline `user={{…}}` is the same options on every render.
  const key = JSON.stringify({ platformUrl, token, theme, position, autoOpen, user, lang });

  useEffect(() => {
    const options = JSON.parse(key) as ChatWidgetOptions;
    let gone = false;
    let built: ChatWidget | undefined;
    mountChatWidget({ ...options, autoOpen: options.autoOpen === true || open.current }).then(
      (created) => {
        if (gone) return created.destroy();
        built = created;
        created
          .on('open', () => {
            open.current = true;
            latest.current.onOpen?.();
          })
          .on('close', () => {
            open.current = false;
            latest.current.onClose?.();
          });
        created.on('message', (m) => latest.current.onMessage?.(m as ChatWidgetMessage));
        created.on('escalation', (e) => latest.current.onEscalation?.(e as ChatWidgetEscalation));
        created.on('status', (s) => latest.current.onStatus?.(s as ChatWidgetStatus));
        setWidget(created);
      },
      (error: Error) => {
        if (gone) return;
        if (latest.current.onError) latest.current.onError(error);
        else console.error(error);
      },
    );
    return () => {
      gone = true;
      built?.destroy();
      setWidget(null);
    };
  }, [key]);

  return null;
});
