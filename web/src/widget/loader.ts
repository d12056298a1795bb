import bubbleCss from './bubble.css?inline';
import { known, launcherLabel } from './launcher-words';
import { type WidgetEventName, type WidgetListener, widgetEvents } from './widget-events';
import type { ChatWidgetOptions, ChatWidgetUser, ResolvedOptions, WidgetPanel } from './widget-options';
import type { Escalation } from '../chat/api';

// Read while this script runs: afterwards `currentScript` is gone.
const script = document.currentScript as HTMLScriptElement | null;
const scriptOrigin = script?.src ? new URL(script.src).origin : window.location.origin;

/** The signed-in user as the platform takes it: a token as given, or the id as text with empty or null extras left out. */
function userOf(user: ChatWidgetUser | null | undefined): ResolvedOptions['user'] {
  if (!user) return undefined;
  if ('token' in user) return user.token ? { token: user.token } : undefined;
  if ((user.user_id !== 0 && !user.user_id) || !user.user_hash) return undefined;
  return { user_id: String(user.user_id), user_hash: user.user_hash, ...(user.name ? { name: user.name } : {}), ...(user.email ? { email: user.email } : {}) };
}

const CHAT_ICON = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z';

function sheetOf(css: string): CSSStyleSheet {
  // A constructed stylesheet is no inline style: a host policy without 'unsafe-inline' allows it.
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  return sheet;
}

/**
 * The embeddable chat: a bubble drawn at once in a shadow root (the host page's CSS cannot
 * reach in, ours cannot leak out), the conversation loaded from the platform when first opened.
 * Nothing is stored and no request is made before the visitor opens it or a message is sent.
 */
export class ChatWidget {
  readonly #options: ResolvedOptions;
  readonly #events = widgetEvents();
  readonly #root: HTMLDivElement;
  readonly #bubble: HTMLButtonElement;
  readonly #shadow: ShadowRoot;
  readonly #host: HTMLElement;
  readonly #attach: () => void;
  #panel: Promise<WidgetPanel> | undefined;
  #connected = false;
  #open = false;
  #destroyed = false;

  constructor(options: ChatWidgetOptions) {
    if (!options?.token) throw new Error('ChatWidget: a link token is required');
    this.#options = {
      backendUrl: (options.backendUrl ?? scriptOrigin).replace(/\/+$/, ''),
      token: options.token,
      theme: options.theme === 'dark' || options.theme === 'light' ? options.theme : undefined,
      position: options.position === 'bottom-left' ? 'bottom-left' : 'bottom-right',
      autoOpen: options.autoOpen === true,
      user: userOf(options.user),
      lang: known(options.lang) ? (options.lang ?? undefined) : undefined,
    };
    const host = document.createElement('parley-chat-widget');
    this.#host = host;
    this.#shadow = host.attachShadow({ mode: 'open' });
    this.#shadow.adoptedStyleSheets = [sheetOf(bubbleCss)];
    this.#root = document.createElement('div');
    this.#root.className = `root ${this.#options.position}`;
    this.#mode(this.#options.theme ?? 'auto');
    this.#bubble = document.createElement('button');
    this.#bubble.type = 'button';
    this.#bubble.className = 'bubble';
    this.#label(this.#options.lang);
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('d', CHAT_ICON);
    svg.append(path);
    this.#bubble.append(svg);
    this.#bubble.addEventListener('click', () => void this.openChat());
    this.#root.append(this.#bubble);
    this.#shadow.append(this.#root);
    this.#attach = () => {
      document.body.append(host);
      // Opened for the visitor, not by them: the host page keeps the keyboard focus.
      if (this.#options.autoOpen) void this.#openChat(false);
    };
    if (document.body) this.#attach();
    else document.addEventListener('DOMContentLoaded', this.#attach, { once: true });
  }

  /**
   * Takes the widget off the page for good (a framework component unmounting, a page changing
   * links): its live connection closes, its element goes, and it can be built again with
   * `new ChatWidget(…)`. The conversation kept in the visitor's storage stays for the next one.
   */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#open = false;
    document.removeEventListener('DOMContentLoaded', this.#attach);
    this.#stopMode();
    this.#host.remove();
    void this.#panel?.then(
      (panel) => panel.destroy(),
      () => undefined,
    );
    if (window.chatWidget === this) window.chatWidget = undefined;
  }

  #stopMode: () => void = () => undefined;

  /**
   * Light or dark; `auto` follows the visitor's system, live. The page's `theme` option wins over
   * the link's mode. (Kept here, not shared with the pane: a module the loader shared would
   * become a chunk it imports, which a classic script cannot.)
   */
  #mode(mode: 'light' | 'dark' | 'auto'): void {
    this.#stopMode();
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => this.#root.classList.toggle('dark', mode === 'dark' || (mode === 'auto' && query.matches));
    apply();
    if (mode === 'auto') {
      query.addEventListener('change', apply);
      this.#stopMode = () => query.removeEventListener('change', apply);
    } else this.#stopMode = () => undefined;
  }

  /** The launcher's label in `lang` (the pane's language once it has loaded), else the browser's. */
  #label(lang?: string): void {
    const label = launcherLabel(lang);
    this.#bubble.setAttribute('aria-label', label.text);
    this.#bubble.lang = label.lang;
  }

  /** True while the live connection (stream or polling) reaches the platform. */
  get isConnected(): boolean {
    return this.#connected;
  }

  on(name: WidgetEventName, fn: WidgetListener): this {
    this.#events.on(name, fn);
    return this;
  }

  async openChat(): Promise<void> {
    return this.#openChat(true);
  }

  async #openChat(focus: boolean): Promise<void> {
    if (this.#open) return;
    this.#open = true;
    this.#root.classList.add('open');
    try {
      (await this.#load()).show(focus);
    } catch (error) {
      this.#open = false;
      this.#root.classList.remove('open');
      throw error;
    }
    this.#events.emit('open');
  }

  closeChat(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#root.classList.remove('open');
    void this.#panel?.then((panel) => panel.hide());
    this.#bubble.focus();
    this.#events.emit('close');
  }

  /** Resolves once the platform has the message (queued meanwhile when it cannot be reached). */
  async sendMessage(text: string): Promise<{ messageId: string; response: string | null }> {
    return (await this.#load()).send(text);
  }

  /** Hands the conversation to a person; resolves with where the request stands (its place in the queue). */
  async escalateConversation(reason?: string): Promise<Escalation> {
    return (await this.#load()).escalate(reason?.trim() || 'The visitor asked for a person');
  }

  #load(): Promise<WidgetPanel> {
    if (this.#destroyed) return Promise.reject(new Error('ChatWidget: this widget was destroyed'));
    this.#panel ??= import('./widget-panel').then(
      (module) =>
        module.mountPanel(this.#shadow, this.#root, this.#options, this.#events, {
          onConnected: (connected) => {
            this.#connected = connected;
          },
          onCloseRequest: () => this.closeChat(),
          onLook: (mode, variables) => {
            // Set through the CSSOM: a host page's strict style-src allows it.
            for (const [name, value] of Object.entries(variables)) {
              if (value === null) this.#root.style.removeProperty(name);
              else this.#root.style.setProperty(name, value);
            }
            if (!this.#options.theme) this.#mode(mode);
          },
          onWords: (words) => {
            // Inside the widget only: the host page's own language and direction stay as they are.
            this.#root.lang = words.lang;
            this.#root.dir = words.dir;
            this.#label(words.lang);
          },
        }),
      (error: unknown) => {
        this.#panel = undefined;
        throw error;
      },
    );
    return this.#panel;
  }
}

declare global {
  interface Window {
    ChatWidget?: typeof ChatWidget;
    chatWidget?: ChatWidget;
  }
}

window.ChatWidget = ChatWidget;
// `<script src=".../widget.js" data-token="..." async>`: one tag is the whole embed.
const token = script?.dataset.token;
if (token && !window.chatWidget) {
  const data = script.dataset;
  window.chatWidget = new ChatWidget({
    token,
    ...(data.backendUrl ? { backendUrl: data.backendUrl } : {}),
    ...(data.theme === 'dark' || data.theme === 'light' ? { theme: data.theme } : {}),
    ...(data.position === 'bottom-left' || data.position === 'bottom-right' ? { position: data.position } : {}),
    autoOpen: data.autoOpen === 'true',
    ...(data.lang ? { lang: data.lang } : {}),
    // A page rendered for a signed-in user may put them in the tag: data-user-token, or data-user-id, data-user-hash, data-user-name, data-user-email.
    user: data.userToken
      ? { token: data.userToken }
      : data.userId && data.userHash
        ? { user_id: data.userId, user_hash: data.userHash, name: data.userName, email: data.userEmail }
        : undefined,
  });
}
