/**
 * What the framework wrappers know of the platform's widget.js: the options `new ChatWidget(…)`
 * takes and the widget it builds, and how the script is loaded once and a widget mounted. Kept
 * here rather than imported from the web build, so a wrapper needs nothing but the page; the React
 * and the Vue components both load and build the widget through it.
 */

/** The site's signed-in user, signed by the site's backend with the link's identity secret (never the secret itself). */
export type ChatWidgetUser = { user_id: string | number; user_hash: string; name?: string | null; email?: string | null } | { token: string };

/**
 * What the page says of where the visitor is: the agent finds `page` and each variable in its
 * collected data as `context.page` and `context.<name>` (names of letters, digits and `_`; at most
 * 20; values at most 1,000 characters; a null one left out). A session starts with it; a conversation
 * under way takes a changed one with the visitor's next message.
 */
export interface ChatWidgetContext {
  page?: string | null;
  variables?: Record<string, string | number | boolean | null> | null;
}

/** The widget's options, as the component's props give them. */
export interface ChatWidgetOptions {
  /** The platform's origin (`https://chat.example.com`): widget.js comes from it and the widget talks to it. */
  platformUrl: string;
  /** The public link's token. */
  token: string;
  /** Light or dark whatever the link says; left out, the link's mode decides. */
  theme?: 'light' | 'dark' | undefined;
  position?: 'bottom-right' | 'bottom-left' | undefined;
  /** Opens the pane by itself once the widget is on the page (the page keeps the keyboard focus). */
  autoOpen?: boolean | undefined;
  user?: ChatWidgetUser | null | undefined;
  /** The page context the first session starts with. */
  context?: ChatWidgetContext | null | undefined;
  /** The language to speak (`de`, `fr-CA`) before the link's and the browser's; one the widget does not speak is ignored. */
  lang?: string | null | undefined;
}

/**
 * A message of the conversation, as the widget's `message` event gives it. `replayed: true`: one
 * said before the widget showed the conversation (a kept conversation's history on a page load or
 * a rebuild) – count only the others.
 */
export interface ChatWidgetMessage {
  id: string;
  role: 'user' | 'assistant' | 'operator' | 'system' | string;
  content: string;
  replayed?: true;
  [more: string]: unknown;
}

/** A failure the widget shows, or widget.js not loading: a stable code (the API's) and words for people. */
export interface ChatWidgetError {
  code: string;
  message: string;
}

/** Where a request for a person stands (the widget's `escalated` and `escalation` events). */
export interface ChatWidgetEscalation {
  id: string;
  state: string;
  position?: number | null;
  estimated_wait_seconds?: number | null;
  [more: string]: unknown;
}

/** The live connection (the widget's `status` event). */
export interface ChatWidgetStatus {
  connection: string;
  connected: boolean;
  transport: 'websocket' | 'sse' | 'polling' | null;
}

export type ChatWidgetEventName = 'ready' | 'open' | 'close' | 'message' | 'unread' | 'escalated' | 'error' | 'escalation' | 'status';

/** The widget on the page: what a component's ref gives. */
export interface ChatWidget {
  open(): Promise<void>;
  close(): void;
  /** The launcher shown again, or hidden (the page opens the pane with its own control). */
  show(): void;
  hide(): void;
  /** Signs a user in, another one, or out (null): another user's conversation starts afresh. */
  setUser(user: ChatWidgetUser | null): void;
  /** In place of the context set before; goes with the next session's start, or the next message of one under way. */
  setContext(context: ChatWidgetContext): void;
  /** Puts text in the message box and opens the pane, without sending it. */
  prefill(text: string): Promise<void>;
  /** Replies that came while the pane was closed. */
  readonly unread: number;
  openChat(): Promise<void>;
  closeChat(): void;
  sendMessage(text: string): Promise<{ messageId: string; response: string | null }>;
  escalateConversation(reason?: string): Promise<ChatWidgetEscalation>;
  readonly isConnected: boolean;
  on(name: ChatWidgetEventName, fn: (detail: unknown) => void): this;
  destroy(): void;
}

/** widget.js could not be loaded (`unavailable`) or refused the options (`invalid`): an Error that is a ChatWidgetError too. */
const failed =
  (code: string) =>
  (error: unknown): never => {
    throw Object.assign(new Error(error instanceof Error ? error.message : String(error)), { code });
  };

type ChatWidgetClass = new (options: Omit<ChatWidgetOptions, 'platformUrl'> & { backendUrl: string }) => ChatWidget;

const loading = new Map<string, Promise<ChatWidgetClass>>();

/** The platform's origin without a trailing slash. */
export const originOf = (platformUrl: string): string => platformUrl.replace(/\/+$/, '');

/**
 * The platform's widget.js, loaded once per page however many components ask (and not at all
 * when the page has it already); a failed load is tried again by the next one to ask.
 */
export function loadChatWidget(platformUrl: string): Promise<ChatWidgetClass> {
  const src = `${originOf(platformUrl)}/widget.js`;
  const present = () => (window as { ChatWidget?: ChatWidgetClass }).ChatWidget;
  let loaded = loading.get(src);
  if (!loaded) {
    loaded = new Promise<ChatWidgetClass>((resolve, reject) => {
      const ready = present();
      if (ready) return resolve(ready);
      const script = document.createElement('script');
      script.src = src;
      script.async = true;
      script.onload = () => {
        const loadedClass = present();
        if (loadedClass) resolve(loadedClass);
        else reject(new Error(`${src} did not define ChatWidget`));
      };
      script.onerror = () => {
        loading.delete(src);
        script.remove();
        reject(new Error(`Could not load ${src}`));
      };
      document.head.append(script);
    });
    loading.set(src, loaded);
  }
  return loaded;
}

/**
 * Builds the widget from options (see the components for what builds it anew); rejects with a
 * ChatWidgetError-shaped Error when widget.js cannot be loaded or refuses them.
 */
export async function mountChatWidget(options: ChatWidgetOptions): Promise<ChatWidget> {
  const { platformUrl, ...rest } = options;
  const ChatWidget = await loadChatWidget(platformUrl).catch(failed('unavailable'));
  try {
    return new ChatWidget({ ...rest, backendUrl: originOf(platformUrl) });
  } catch (error) {
    return failed('invalid')(error);
  }
}
