import type { ReceivedMail } from '../../../../test/smtp-inbox.js';

/** An agent that greets a personalised link's recipient by name, then notes every message. */
export const greetingAgent = {
  workflow: {
    initial_node: 'hello',
    nodes: [
      { id: 'hello', name: 'Hello', static_text: 'Good morning, {{name}}! How are you today?', transitions: [{ to: 'noted', condition: 'user_responded' }] },
      { id: 'noted', name: 'Noted', static_text: 'Thanks, {{name}}.', transitions: [{ to: 'noted', condition: 'user_responded' }] },
    ],
  },
};

/** A mail's text as a reader sees it: quoted-printable soft breaks joined and escapes decoded. */
export function readableMail(mail: ReceivedMail): string {
  return mail.raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** The link URLs (`…/c/{token}`) a mail carries. */
export function linkUrlsIn(mail: ReceivedMail): string[] {
  return [...new Set(readableMail(mail).match(/https?:\/\/[^\s"<>]+\/c\/[A-Za-z0-9_-]{32}/g) ?? [])];
}

export const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
