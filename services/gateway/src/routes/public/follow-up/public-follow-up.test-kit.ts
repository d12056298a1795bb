import { createLogger, type Logger } from '@parley/logger';
import { smtpNoticeMailer } from '@parley/sessions';
import { expect } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { readMail, type SmtpInbox, startSmtpInbox } from '../../../../test/smtp-inbox.js';
import type { GatewayConfig } from '../../../config.js';
import { smtpMailer } from '../../../mail/verification-mailer.js';
import { visitor } from '../../management/escalations/escalation.test-kit.js';

/**
 * An agent that understands "billing" and "bye" and nothing else: any other message gets its
 * question again (an unanswered message, docs/escalation.md "Offering a person").
 */
export const menuAgent = {
  workflow: {
    initial_node: 'menu',
    nodes: [
      {
        id: 'menu',
        name: 'Menu',
        static_text: 'Say billing or bye.',
        transitions: [
          { to: 'billing', condition: 'contains:billing' },
          { to: 'bye', condition: 'contains:bye' },
        ],
      },
      { id: 'billing', name: 'Billing', static_text: 'Billing it is. Anything else?', transitions: [{ to: 'menu', condition: 'user_responded' }] },
      { id: 'bye', name: 'Bye', type: 'end', static_text: 'Goodbye!' },
    ],
  },
};

export interface FollowUpHarness {
  h: GatewayHarness;
  /** Where every mail of the platform arrives: the sessions service's and the gateway's. */
  inbox: SmtpInbox;
  stop(): Promise<void>;
}

/**
 * The gateway harness with mail: operators' answers, transcripts and codes go to a loopback SMTP
 * server. `limitsClock`: the public limits' clock, for a test that moves time itself.
 */
export async function startFollowUpHarness(
  overrides: Partial<GatewayConfig> = {},
  loggers: { gatewayLogger?: Logger; servicesLogger?: Logger; limitsClock?: () => number } = {},
): Promise<FollowUpHarness> {
  const inbox = await startSmtpInbox();
  const logger = createLogger({ service: 'mail', level: 'silent' });
  const notices = smtpNoticeMailer({ smtpUrl: inbox.url, from: 'Parley <no-reply@parley.test>', logger });
  const codes = smtpMailer({ smtpUrl: inbox.url, from: 'Parley <no-reply@parley.test>', logger });
  const h = await startGatewayHarness(overrides, { live: {}, mailer: codes, escalations: { notifyAfterSeconds: 3_600, mailer: notices }, ...loggers });
  return {
    h,
    inbox,
    async stop() {
      await h.stop();
      notices.close?.();
      codes.close();
      await inbox.close();
    },
  };
}

/** A tenant's agent (menuAgent unless told) with one link of these settings, and its token. */
export async function followUpLink(h: GatewayHarness, settings: Record<string, unknown> = {}, config: unknown = menuAgent) {
  const agent = await h.seedAgent(config);
  const created = await h.admin(
    'POST',
    `/api/agents/${agent.name}/public-links`,
    { title: 'Support desk', rate_limit_per_minute: 10_000, ...settings },
    agent.tenantId,
  );
  expect(created.status, created.text).toBe(201);
  return { agent, token: created.body.token as string, linkId: created.body.id as string };
}

/** A visitor's first message on the link: their session credential. */
export async function visit(h: GatewayHarness, token: string, content = 'hello'): Promise<string> {
  const first = await visitor(h, 'POST', `/api/public/chat/${token}`, { content });
  expect(first.status, first.text).toBe(200);
  return first.body.session as string;
}

/**
 * No mail to `to` arrives within `ms` after `since` mails were in the inbox. A mail a request or an
 * end sends goes within moments of it (the test has already waited for the ones it expects), so a
 * second one would too: 200 ms is the most a test waits to see nothing happen.
 */
export async function noMail(inbox: SmtpInbox, to: string, since: number, ms = 200): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  expect(inbox.mails.slice(since).filter((mail) => mail.to.includes(to))).toEqual([]);
}

/** A mail's text part, decoded (quoted-printable, base64) as a mail client shows it. */
export function mailText(raw: string): string {
  return readMail(raw).text;
}
