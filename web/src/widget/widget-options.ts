export interface ChatWidgetOptions {
  /** The platform's origin; by default the origin widget.js was loaded from. */
  backendUrl?: string;
  /** The public link's token: the only thing the widget carries (no secret). */
  token: string;
  theme?: 'light' | 'dark';
  position?: 'bottom-right' | 'bottom-left';
  autoOpen?: boolean;
}

export interface ResolvedOptions {
  backendUrl: string;
  token: string;
  theme: 'light' | 'dark';
  position: 'bottom-right' | 'bottom-left';
  autoOpen: boolean;
}

/** What the lazily loaded part gives the loader. */
export interface WidgetPanel {
  show(): void;
  hide(): void;
  send(text: string): Promise<{ messageId: string; response: string | null }>;
}
