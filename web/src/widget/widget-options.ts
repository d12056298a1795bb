import type { Escalation, VisitorContext, VisitorUser } from '../chat/api';

/**
 * The host site's signed-in user, signed by the site's backend with the link's identity secret
 * (the secret never reaches a page): `user_hash` = hex HMAC-SHA256(secret, user_id), or `token`,
 * a JWT (HS256 over the secret) with `sub`, `exp` at most 24 h ahead, and optional `name` and
 * `email` claims. Their earlier conversations and memory then follow them from device to device.
 */
export type ChatWidgetUser =
  | {
      user_id: string | number;
      user_hash: string;
      name?: string | null;
      email?: string | null;
    }
  | { token: string };

/**
 * What the page says of where the visitor is (docs/widget.md "Page context"): a session starts
 * with it, a session under way gets a changed one with the visitor's next message, and the agent
 * finds `page` and each variable in its collected data as `context.page`, `context.<name>`.
 * Variable names are letters, digits and `_` (not starting with a digit, at most 64); at most 20,
 * each value at most 1,000 characters (numbers and booleans are taken as text, a null one left out).
 */
export interface ChatWidgetContext {
  page?: string | null;
  variables?: Record<string, string | number | boolean | null> | null;
}

export interface ChatWidgetOptions {
  /** The platform's origin; by default the origin widget.js was loaded from. */
  backendUrl?: string;
  /** The public link's token: the only thing the widget carries (no secret). */
  token: string;
  /** Light or dark whatever the link says; left out, the link's `theme.mode` decides (`auto` by default: the visitor's system). */
  theme?: 'light' | 'dark';
  position?: 'bottom-right' | 'bottom-left';
  autoOpen?: boolean;
  user?: ChatWidgetUser | null;
  /** The page context the first session starts with (see `setContext`). */
  context?: ChatWidgetContext | null;
  /**
   * The language to speak (`de`, `de-AT`) whatever the link's `locale` and the visitor's browser
   * say: the host page's own, say. One the widget does not speak is left out.
   */
  lang?: string | null;
}

export interface ResolvedOptions {
  backendUrl: string;
  token: string;
  theme: 'light' | 'dark' | undefined;
  position: 'bottom-right' | 'bottom-left';
  autoOpen: boolean;
  user: VisitorUser | undefined;
  /** A tag whose language the widget speaks, or none. */
  lang: string | undefined;
  /** The page context as it stands now: what a session starting now takes. */
  context(): VisitorContext | undefined;
}

/** What the lazily loaded part gives the loader. */
export interface WidgetPanel {
  /** `focus`: move the keyboard focus to the message field (not when the pane opens by itself). */
  show(focus: boolean): void;
  hide(): void;
  /** Text for the message box (not sent), the focus on it. */
  prefill(text: string): void;
  send(text: string): Promise<{ messageId: string; response: string | null }>;
  /** Asks for a person (a session starts first if there is none). */
  escalate(reason: string): Promise<Escalation>;
  /** Closes the conversation's live connection and unrenders the pane. */
  destroy(): void;
}
