import type { SendChannel, SendSpec } from '@parley/contracts';
import { escapeMailHtml as escapeHtml, visitorMailHtml, visitorMailLanguage, visitorMailWords } from '@parley/contracts/visitor-mails';
import { renderTemplate } from '@parley/workflow';
import { slackMessage, teamsMessage } from '../webhooks/payloads.js';
import type { DistributionItem, LinkMail, LinkSms } from './types.js';

/**
 * What one delivery sends, rendered once when it is recorded so every attempt sends the same: a
 * mail, a Slack / Teams webhook's URL and JSON body, or a text message. It holds the link's URL –
 * the only copy of its token – and is erased once the delivery is over.
 */
export type DeliveryPayload = LinkMail | WebhookPayload | LinkSms;

export interface WebhookPayload {
  /** A credential in itself: never logged, listed or shown (only its host is). */
  webhook_url: string;
  body: string;
}

const BUTTON_LABEL = 'Open the chat';

/** The longest text one message may carry (Twilio's limit of a Body; longer ones are sent in parts by the provider). */
const SMS_MAX_LENGTH = 1_600;

/** The item's variables, with the recipient's name and email where the link does not have its own. */
function variablesOf(item: DistributionItem): Record<string, string> {
  const recipient = item.recipient ? { email: item.recipient.email, ...(item.recipient.name ? { name: item.recipient.name } : {}) } : {};
  return { ...recipient, ...item.variables };
}

/** Where an email channel goes: its own `to`, else the person the link was made for. */
export function mailAddress(channel: Extract<SendChannel, { type: 'email' }>, item: DistributionItem): string | undefined {
  return channel.to ?? item.recipient?.email;
}

/** A webhook URL as the deliveries show it: its host (the whole URL is a credential). */
export const webhookHost = (url: string): string => new URL(url).host;

/**
 * The mail of one link, in the link's language (its `locale`; docs/public-chat-api.md "Visitors'
 * language and look"): "Hello Ada," when a name is known, the sender's note with `{{var}}` filled
 * in (HTML-escaped in the HTML part), and the link as a button and as the plain URL for clients
 * that show no HTML or block its links. The sender's subject and note are theirs, as written.
 */
export function renderMail(item: DistributionItem, send: SendSpec, to: string): LinkMail {
  const vars = variablesOf(item);
  const words = visitorMailWords(visitorMailLanguage(item.locale));
  const subject = renderTemplate(send.subject ?? item.title, vars).trim() || item.title;
  const greeting = vars.name ? words.text('invitation.greeting', { name: vars.name }) : words.text('invitation.greetingNoName');
  const note = send.message === undefined ? '' : renderTemplate(send.message, vars).trim();
  const text = [
    greeting,
    '',
    ...(note ? [note, ''] : []),
    words.text('invitation.intro', { title: item.title }),
    words.text('invitation.open', { url: item.url }),
    '',
    words.text('invitation.personal'),
  ].join('\n');
  const url = escapeHtml(item.url);
  const body = [
    `<p>${escapeHtml(greeting)}</p>`,
    ...(note ? [`<p dir="auto">${escapeHtml(note).replace(/\r?\n/g, '<br>')}</p>`] : []),
    `<p>${words.html('invitation.intro', { title: item.title }, (title) => `<strong dir="auto">${title}</strong>`)}</p>`,
    `<p><a href="${url}" style="display: inline-block; padding: 10px 18px; background: #2457d6; color: #fff; border-radius: 6px; text-decoration: none">${words.html('invitation.button')}</a></p>`,
    `<p style="color: #555">${words.html('invitation.copy')}<br><a href="${url}" dir="ltr">${url}</a></p>`,
    `<p style="color: #777; font-size: 13px">${words.html('invitation.personal')}</p>`,
  ].join('\n');
  return { to, subject, text, html: visitorMailHtml(words.language, body), language: words.language };
}

/** A Slack or Teams message: the link's title, the note (variables filled in) and the URL, with a button to open it. */
export function renderWebhookBody(type: 'slack' | 'teams', item: DistributionItem, send: SendSpec): string {
  const note = send.message === undefined ? '' : renderTemplate(send.message, variablesOf(item)).trim();
  const message = {
    title: renderTemplate(send.subject ?? item.title, variablesOf(item)).trim() || item.title,
    text: note ? `${note}\n${item.url}` : `Chat on "${item.title}": ${item.url}`,
    link: { url: item.url, label: BUTTON_LABEL },
  };
  return JSON.stringify(type === 'slack' ? slackMessage(message) : teamsMessage(message));
}

/**
 * A link's text message: its first line as a mail's subject (the link's title unless `subject`
 * says otherwise, `{{var}}` filled in), the note of `message` if any, and the URL on a line of its
 * own. The note is cut short, never the URL, to keep the text within one provider message.
 */
export function renderSms(item: DistributionItem, send: SendSpec, to: string): LinkSms {
  const vars = variablesOf(item);
  const subject = renderTemplate(send.subject ?? item.title, vars).trim() || item.title;
  const note = send.message === undefined ? '' : renderTemplate(send.message, vars).trim();
  const room = SMS_MAX_LENGTH - subject.length - item.url.length - 2;
  const fitted = note.length === 0 || room < 2 ? '' : note.length <= room ? note : `${note.slice(0, room - 1)}…`;
  return { to, body: [subject, ...(fitted ? [fitted] : []), item.url].join('\n') };
}
