/** What the platform puts in place of personal data it takes out of a visitor's message (docs/public-chat-api.md "Content rules"). */
const PLACEHOLDER = /\[(?:email|phone|card|iban)\]/;

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether `stored` is the visitor's `sent` message as the platform stored it: the same text, or
 * the text with personal data redacted – each placeholder standing for some of what was sent, the
 * rest as written. So a message's stored copy takes its "sending" copy's place even when a
 * content rule changed it.
 */
export function storedAs(sent: string, stored: string): boolean {
  if (stored === sent) return true;
  const parts = stored.split(PLACEHOLDER);
  if (parts.length === 1) return false;
  return new RegExp(`^${parts.map(escaped).join('[\\s\\S]+?')}$`).test(sent);
}
