import bubbleCss from './bubble.css?inline';
import { known, launcherLabel } from './launcher-words';
import { type WidgetEventName, type WidgetListener, widgetEvents } from './widget-events';
import type { ChatWidgetContext, ChatWidgetOptions, ChatWidgetUser, ResolvedOptions, WidgetPanel } from './widget-options';
import type { Escalation, VisitorContext } from '../chat/api';

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

/** A context variable's name, as the platform takes it (docs/widget.md "Page context"). */
const CONTEXT_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

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
  #context: VisitorContext | undefined;
  #unread = 0;
  /** The launcher is hidden (`hide()`): closing gives the focus back to what had it before opening. */
  #hidden = false;
  #opener: Element | null = null;

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
      context: () => this.#context,
    };
    if (options.context) this.setContext(options.context);
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
    // A pane that cannot be loaded is told to the page as an `error`.
    this.#bubble.addEventListener('click', () => void this.openChat().catch(() => undefined));
    this.#root.append(this.#bubble);
    this.#shadow.append(this.#root);
    this.#attach = () => {
      document.body.append(host);
      // On the page and listening (remembered: a listener added later hears of it at once).
      this.#events.emit('ready', this);
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

  /** The launcher's label in `lang` (the pane's language once it has loaded), else the browser's; with the count of unread replies. */
  #label(lang = this.#bubble.lang): void {
    const label = launcherLabel(lang);
    this.#bubble.setAttribute('aria-label', this.#unread ? `${label.text} (${this.#unread})` : label.text);
    this.#bubble.lang = label.lang;
  }

  /** The agent's and people's replies that came while the pane was closed: on the launcher, and told to the page. */
  #count(unread: number): void {
    if (unread === this.#unread) return;
    this.#unread = unread;
    if (unread) this.#bubble.dataset.unread = String(unread);
    else delete this.#bubble.dataset.unread;
    this.#label();
    this.#events.emit('unread', unread);
  }

  get unread(): number {
    return this.#unread;
  }

  /** True while the live connection (stream or polling) reaches the platform. */
  get isConnected(): boolean {
    return this.#connected;
  }

  on(name: WidgetEventName, fn: WidgetListener): this {
    this.#events.on(name, fn);
    return this;
  }

  /** Opens the pane, the keyboard focus in its message box. */
  open(): Promise<void> {
    return this.#openChat(true);
  }

  close(): void {
    this.closeChat();
  }

  /** The launcher back in its corner. */
  show(): void {
    this.#hidden = false;
    this.#root.classList.remove('quiet');
  }

  /** No launcher (the page opens the pane with its own control and `open()`); an open pane stays open. */
  hide(): void {
    this.#hidden = true;
    this.#root.classList.add('quiet');
  }

  /** Same as `open()`. */
  openChat(): Promise<void> {
    return this.#openChat(true);
  }

  async #openChat(focus: boolean): Promise<void> {
    if (this.#open) return;
    this.#open = true;
    this.#opener = document.activeElement;
    this.#root.classList.add('open');
    try {
      (await this.#load()).show(focus);
    } catch (error) {
      this.#open = false;
      this.#root.classList.remove('open');
      // The visitor's click did nothing: the page hears why.
      this.#events.emit('error', { code: 'unavailable', message: String(error) });
      throw error;
    }
    this.#count(0);
    this.#events.emit('open');
  }

  /** Same as `close()`: the focus, if it was in the pane, goes back to the launcher (or, hidden, to what had it before). */
  closeChat(): void {
    if (!this.#open) return;
    this.#open = false;
    const inside = this.#shadow.activeElement !== null;
    this.#root.classList.remove('open');
    void this.#panel?.then((panel) => panel.hide());
    if (inside) ((this.#hidden ? this.#opener : this.#bubble) as HTMLElement | null)?.focus?.();
    this.#events.emit('close');
  }

  /**
   * Signs a user in (or out, with null) without building the widget anew: another user than
   * before drops the conversation this browser kept of the one before (it stays theirs on the
   * platform) and starts theirs as a signed-in user's does, on opening – at once if the pane is
   * open. The same user again (a fresh hash or token) goes on in their conversation.
   */
  setUser(user: ChatWidgetUser | null): void {
    const next = userOf(user);
    if (JSON.stringify(next) === JSON.stringify(this.#options.user)) return;
    this.#options.user = next;
    this.#count(0);
    const panel = this.#panel;
    if (!panel) return;
    this.#panel = undefined;
    const focus = this.#shadow.activeElement !== null;
    void panel.then(
      (old) => old.destroy(),
      () => undefined,
    );
    if (this.#open)
      void this.#load().then(
        (fresh) => fresh.show(focus),
        () => undefined,
      );
  }

  /**
   * What the page says of where the visitor is, for the agent, in place of what it said before.
   * A session starts with it; a conversation under way gets it with the visitor's next message.
   * Throws on what the platform would refuse, the context left as it was.
   */
  setContext({ page, variables }: ChatWidgetContext = {}): void {
    const named = Object.entries(variables ?? {})
      .filter(([, value]) => value !== null && value !== undefined)
      .map(([name, value]): [string, string] => [name, String(value)]);
    const refused = named.some(([name, value]) => !CONTEXT_NAME.test(name) || value.length > 1_000 || (page && name === 'page'));
    if (refused || named.length > 20 || (page ?? '').length > 1_000) {
      throw new Error('ChatWidget: a context has at most 20 variables (names: letters, digits, _), values of at most 1,000 characters');
    }
    this.#context = page || named.length ? { ...(page ? { page } : {}), ...(named.length ? { variables: Object.fromEntries(named) } : {}) } : undefined;
  }

  /** Puts text in the message box and opens the pane; the visitor sends it, or not. */
  async prefill(text: string): Promise<void> {
    await this.#openChat(true);
    (await this.#load()).prefill(String(text));
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
          onMessage: (message, replayed) => {
            this.#events.emit('message', replayed ? { ...message, replayed } : message);
            // A reply the visitor has not seen: new, from the agent or a person, while the pane is closed.
            if (!replayed && !this.#open && (message.role === 'assistant' || message.role === 'operator')) this.#count(this.#unread + 1);
          },
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
  // The constructor checks each option as it would a page's own (a theme or position it does not know is left out).
  window.chatWidget = new ChatWidget({
    token,
    backendUrl: data.backendUrl || undefined,
    theme: data.theme as ChatWidgetOptions['theme'],
    position: data.position as ChatWidgetOptions['position'],
    autoOpen: data.autoOpen === 'true',
    lang: data.lang,
    // A page rendered for a signed-in user may put them in the tag: data-user-token, or data-user-id, data-user-hash, data-user-name, data-user-email.
    user: data.userToken
      ? { token: data.userToken }
      : { user_id: data.userId ?? '', user_hash: data.userHash ?? '', name: data.userName, email: data.userEmail },
  });
}
