import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import {
  type ChatWidget,
  type ChatWidgetContext,
  type ChatWidgetError,
  type ChatWidgetEscalation,
  type ChatWidgetEventName,
  type ChatWidgetMessage,
  type ChatWidgetOptions,
  type ChatWidgetStatus,
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

export interface ParleyChatProps extends ChatWidgetOptions {
  /** No launcher in the corner: the page opens the pane itself (`ref.current.open()`). */
  hideLauncher?: boolean;
  /** The widget is on the page: the same widget the ref gives. */
  onReady?: (widget: ChatWidget) => void;
  onOpen?: () => void;
  onClose?: () => void;
  /** Each message shown; `message.replayed` marks one said before (a kept conversation's history). */
  onMessage?: (message: ChatWidgetMessage) => void;
  /** The count of replies that came while the pane was closed (0 again on opening). */
  onUnread?: (count: number) => void;
  /** The conversation went to a person (once a request). */
  onEscalated?: (escalation: ChatWidgetEscalation) => void;
  /** The request for a person, whenever it changes. */
  onEscalation?: (escalation: ChatWidgetEscalation) => void;
  onStatus?: (status: ChatWidgetStatus) => void;
  /** A failure the widget shows; or widget.js could not be loaded (`unavailable`) or refused the options (`invalid`). */
  onError?: (error: ChatWidgetError) => void;
}

/** Each event of the widget and the prop that hears it. */
const HANDLERS = {
  ready: 'onReady',
  open: 'onOpen',
  close: 'onClose',
  message: 'onMessage',
  unread: 'onUnread',
  escalated: 'onEscalated',
  escalation: 'onEscalation',
  status: 'onStatus',
  error: 'onError',
} as const satisfies Record<ChatWidgetEventName, keyof ParleyChatProps>;

/**
 * The platform's chat widget on the page while this is mounted: a bubble in the corner (it
 * renders nothing where it stands). A change to `user` or `context` reaches the widget as it is
 * (`setUser`, `setContext`); a change to another option builds it anew – an open pane opens
 * again, the conversation kept – and unmounting takes it off the page. The ref is the widget
 * (`open()`, `prefill(text)`, `hide()`…), null until widget.js has loaded; `onReady` hands it over.
 */
export const ParleyChat = forwardRef<ChatWidget | null, ParleyChatProps>(function ParleyChat(props, ref) {
  const [widget, setWidget] = useState<ChatWidget | null>(null);
  useImperativeHandle(ref, () => widget as ChatWidget, [widget]);
  const latest = useRef(props);
  latest.current = props;
  // Across rebuilds: whether the visitor had the pane open.
  const open = useRef(false);
  const { platformUrl, token, theme, position, autoOpen, lang, user, context, hideLauncher } = props;
  // By value: an inline `user={{…}}` is the same options on every render.
  const key = JSON.stringify({ platformUrl, token, theme, position, autoOpen, lang });
  const userKey = JSON.stringify(user ?? null);
  const contextKey = JSON.stringify(context ?? null);

  useEffect(() => {
    const options = JSON.parse(key) as ChatWidgetOptions;
    let gone = false;
    let built: ChatWidget | undefined;
    const { user, context } = latest.current;
    mountChatWidget({ ...options, user, context, autoOpen: options.autoOpen === true || open.current }).then(
      (created) => {
        if (gone) return created.destroy();
        built = created;
        created.on('open', () => {
          open.current = true;
        });
        created.on('close', () => {
          open.current = false;
        });
        for (const [name, prop] of Object.entries(HANDLERS)) {
          created.on(name as ChatWidgetEventName, (detail) => (latest.current[prop] as ((detail: unknown) => void) | undefined)?.(detail));
        }
        setWidget(created);
      },
      (error: ChatWidgetError) => {
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

  // Who is signed in and where they are, given to the widget there is, without building it anew.
  useEffect(() => widget?.setUser(JSON.parse(userKey)), [widget, userKey]);
  useEffect(() => void (hideLauncher ? widget?.hide() : widget?.show()), [widget, hideLauncher]);
  useEffect(() => {
    const next = JSON.parse(contextKey) as ChatWidgetContext | null;
    try {
      widget?.setContext(next ?? {});
    } catch (error) {
      latest.current.onError?.({ code: 'invalid', message: (error as Error).message });
    }
  }, [widget, contextKey]);

  return null;
});
