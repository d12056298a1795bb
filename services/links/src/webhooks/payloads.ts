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
 * Shared with link distribution, which sends a link's URL the same way.
 */
export interface ChatMessage {
  title: string;
  text: string;
  link?: { url: string; label: string };
}

/**
 * A Slack incoming-webhook message: `text` (what notifications show) and one section block, with
 * the link as its button. Slack reads `&`, `<` and `>` as markup (links, @channel mentions): text
 * from visitors is escaped.
 */
export function slackMessage(message: ChatMessage) {
  const text = escapeSlack(message.text);
  const button = message.link && {
    accessory: { type: 'button', text: { type: 'plain_text', text: message.link.label }, url: message.link.url },
  };
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*${escapeSlack(message.title)}*\n${text}` }, ...button }] };
}

const escapeSlack = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A Teams message carrying an Adaptive Card: what both the Workflows webhooks ("post to a channel
 * when a webhook request is received") and the older Office 365 incoming-webhook connectors take.
 * The link is the card's action.
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
            { type: 'TextBlock', text: message.title, weight: 'Bolder', size: 'Medium', wrap: true },
            { type: 'TextBlock', text: message.text, wrap: true },
          ],
          ...action,
        },
      },
    ],
  };
}
