import type { WebhookFormat } from '@parley/contracts';
import type { WebhookEvent } from './webhook-events.js';

/**
 * The body a webhook receives for an event, by its format. Rendered once per delivery and kept,
 * so every attempt sends the same bytes.
 */
export function renderBody(format: WebhookFormat, event: WebhookEvent): string {
  switch (format) {
    case 'standard':
      // Standard Webhooks' payload: type, timestamp (when it happened), data.
      return JSON.stringify({ type: event.type, timestamp: event.occurredAt, data: event.data });
    case 'slack':
      return JSON.stringify(slackMessage(event));
    case 'teams':
      return JSON.stringify(teamsMessage(event));
  }
}

/**
 * What a Slack or Teams message says: a title, a sentence, and maybe a link to open (a button).
 * Shared with link distribution, which sends a link's URL the same way. Title and text are shown
 * as they are written, never read as markup: they hold what visitors wrote (an escalation's
 * reason, a feedback comment), which must not become a link, a mention or formatting in the
 * tenant's channel. The only link a message has is its button.
 */
export interface ChatMessage {
  title: string;
  text: string;
  link?: { url: string; label: string };
}

/** Slack's limits: a header block's text, a section block's text (characters). */
const SLACK_HEADER_MAX = 150;
const SLACK_SECTION_MAX = 3_000;

/**
 * A Slack incoming-webhook message: `text` (what notifications show), the title as a header block
 * and the text in section blocks, the first with the link as its button. Every text is
 * `plain_text` – Slack applies no formatting to it (`*bold*`, `_italic_`, `~strike~`, `` `code` ``,
 * `<url|label>` stay as typed) – and `mrkdwn: false` keeps the notification text plain too. Slack
 * reads `&`, `<` and `>` as control characters in every text (links, @channel mentions), so they
 * are escaped everywhere.
 */
export function slackMessage(message: ChatMessage) {
  const button = message.link && {
    accessory: { type: 'button', text: { type: 'plain_text', text: escapeSlack(message.link.label) }, url: message.link.url },
  };
  // A title too long for a header is cut, and says so.
  const titlePieces = slackPieces(message.title, SLACK_HEADER_MAX - 1);
  const title = titlePieces.length > 1 ? `${titlePieces[0]}…` : (titlePieces[0] ?? ' ');
  const sections = slackPieces(message.text, SLACK_SECTION_MAX).map((text, index) => ({
    type: 'section',
    text: { type: 'plain_text', text },
    ...(index === 0 ? button : undefined),
  }));
  return { text: escapeSlack(message.text), mrkdwn: false, blocks: [{ type: 'header', text: { type: 'plain_text', text: title } }, ...sections] };
}

const SLACK_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const escapeSlack = (text: string) => text.replace(/[&<>]/g, (char) => SLACK_ENTITIES[char] ?? char);

/**
 * The text escaped for Slack in pieces of at most `max` characters each, escapes counted as
 * written and never cut, nor a character; a text too long for one block goes on in the next.
 * Never an empty piece: Slack refuses an empty text.
 */
function slackPieces(text: string, max: number): string[] {
  const out: string[] = [];
  let piece = '';
  let length = 0;
  for (const char of text.length === 0 ? ' ' : text) {
    const escaped = SLACK_ENTITIES[char] ?? char;
    if (length + escaped.length > max) {
      out.push(piece);
      piece = '';
      length = 0;
    }
    piece += escaped;
    length += escaped.length;
  }
  out.push(piece);
  return out;
}

/**
 * A Teams message carrying an Adaptive Card: what both the Workflows webhooks ("post to a channel
 * when a webhook request is received") and the older Office 365 incoming-webhook connectors take.
 * Title and text are RichTextBlocks of TextRuns: a TextBlock reads Markdown (`[text](url)` would
 * be a link, `**x**` bold), a TextRun never does. The link is the card's action.
 */
export function teamsMessage(message: ChatMessage) {
  const action = message.link && { actions: [{ type: 'Action.OpenUrl', title: message.link.label, url: message.link.url }] };
  return {
    type: 'message',
    summary: message.title,
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: message.title, weight: 'Bolder', size: 'Medium' }] },
            { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: message.text }] },
          ],
          ...action,
        },
      },
    ],
  };
}

/** A web address's scheme (`https://`, `ftp://` …) as chat clients find one in text. */
const SCHEME = /\b([a-z][a-z0-9+.-]*):\/\//gi;
/** A host name as chat clients find one in text: labels joined by dots, the last of two or more characters with a letter. */
const HOST_NAME = /(?<![\p{L}\p{N}-])[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)+/gu;
const TOP_LABEL = /\.(?=[^.]*$)([^.]+)$/;

/**
 * What a visitor wrote, made unclickable in a chat tool: Slack and Teams turn a web address or a
 * bare host name in any text into a link, so `https://evil.example/signin` is written
 * `https[:]//evil[.]example/signin` – still readable to the operator, a link to nobody. Host names
 * are those whose last label has a letter and two or more characters (`v1.2` and `e.g` stay).
 */
export function unlinked(text: string): string {
  return text.replace(SCHEME, '$1[:]//').replace(HOST_NAME, (host) => {
    const top = TOP_LABEL.exec(host)?.[1] ?? '';
    return Array.from(top).length >= 2 && /\p{L}/u.test(top) ? host.replaceAll('.', '[.]') : host;
  });
}
