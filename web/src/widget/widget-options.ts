import type { Escalation, VisitorUser } from '../chat/api';

/**
 * The host site's signed-in user: `user_hash` = hex HMAC-SHA256(the link's identity secret,
 * user_id), computed by the site's backend (the secret never reaches a page). Their earlier
 * conversations and memory then follow them from device to device.
 */
export interface ChatWidgetUser {
  user_id: string | number;
  user_hash: string;
  name?: string | null;
  email?: string | null;
}

export interface ChatWidgetOptions {
  /** The platform's origin; by default the origin widget.js was loaded from. */
  backendUrl?: string;
  /** The public link's token: the only thing the widget carries (no secret). */
  token: string;
  theme?: 'light' | 'dark';
  position?: 'bottom-right' | 'bottom-left';
  autoOpen?: boolean;
  user?: ChatWidgetUser | null;
}

export interface ResolvedOptions {
  backendUrl: string;
  token: string;
  theme: 'light' | 'dark';
  position: 'bottom-right' | 'bottom-left';
  autoOpen: boolean;
  user: VisitorUser | undefined;
}

/** What the lazily loaded part gives the loader. */
export interface WidgetPanel {
  /** `focus`: move the keyboard focus to the message field (not when the pane opens by itself). */
  show(focus: boolean): void;
  hide(): void;
  send(text: string): Promise<{ messageId: string; response: string | null }>;
  /** Asks for a person (a session starts first if there is none). */
  escalate(reason: string): Promise<Escalation>;
}
