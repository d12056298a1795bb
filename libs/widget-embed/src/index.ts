/**
 * What the framework wrappers know of the platform's widget.js: the options `new ChatWidget(…)`
 * takes and the widget it builds, and how the script is loaded once and a widget mounted. Kept
 * here rather than imported from the web build, so a wrapper needs nothing but the page; the React
 * and the Vue components both load and build the widget through it.
 */

/** The site's signed-in user, signed by the site's backend with the link's identity secret (never the secret itself). */
export type ChatWidgetUser = { user_id: string | number; user_hash: string; name?: string | null; email?: string | null } | { token: string };

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
  /** The language to speak (`de`, `fr-CA`) before the link's and the browser's; one the widget does not speak is ignored. */
  lang?: string | null | undefined;
}

/** A message of the conversation, as the widget's `message` event gives it. */
export interface ChatWidgetMessage {
  id: string;
  role: 'user' | 'assistant' | 'operator' | 'system' | string;
  content: string;
  [more: string]: unknown;
}

/** Where a request for a person stands (the widget's `escalation` event). */
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

export type ChatWidgetEventName = 'message' | 'escalation' | 'open' | 'close' | 'status';

/** The widget on the page: what a component's ref gives. */
export interface ChatWidget {
  openChat(): Promise<void>;
  closeChat(): void;
  sendMessage(text: string): Promise<{ messageId: string; response: string | null }>;
  escalateConversation(reason?: string): Promise<ChatWidgetEscalation>;
  readonly isConnected: boolean;
  on(name: ChatWidgetEventName, fn: (detail: unknown) => void): this;
  destroy(): void;
}

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

/** Builds the widget from options; a change to any of them builds it anew (see the components). */
export async function mountChatWidget(options: ChatWidgetOptions): Promise<ChatWidget> {
  const { platformUrl, ...rest } = options;
  const ChatWidget = await loadChatWidget(platformUrl);
  return new ChatWidget({ ...rest, backendUrl: originOf(platformUrl) });
}
