import { randomToken } from '@parley/auth';
import { AppError, type LinkDeliveryView, SMS_MAX_PER_REQUEST, type SendSpec } from '@parley/contracts';
import type { DB } from '@parley/db';
import { AddressRefused, checkedAddress } from '@parley/outbound';
import type { Kysely } from 'kysely';
import type { LinkDeliveryRepository } from './delivery.repository.js';
import { deliveryView } from './delivery-view.js';
import type { FirstAttemptRunner } from './first-attempts.js';
import { type DeliveryPayload, mailAddress, renderMail, renderSms, renderWebhookBody, webhookHost } from './messages.js';
import type { Distribution, DistributionItem, FirstAttempts, LinkMailer, LinkSmsSender } from './types.js';

interface Problem {
  path: string;
  message: string;
}

const invalid = (problems: Problem[]) => {
  const first = problems[0] ?? { path: 'send', message: 'invalid' };
  return new AppError('invalid', `${first.path}: ${first.message}`, { details: problems });
};

/** Checks, records and lists the sending of links' URLs; the attempts are the runner's and the worker's. */
export class DistributionService implements Omit<Distribution, 'running'> {
  constructor(
    private readonly deliveries: LinkDeliveryRepository,
    private readonly firstAttempts: FirstAttemptRunner,
    private readonly mailer: LinkMailer | undefined,
    private readonly sms: LinkSmsSender | undefined,
    private readonly options: { allowPrivate: boolean; holdMs: number },
  ) {}

  /** Every problem of every channel at once, each at its own path. */
  async check(send: SendSpec, options: { hasRecipients: boolean; links?: number }): Promise<void> {
    const channels = await Promise.all(
      send.channels.map(async (channel, index): Promise<Problem[]> => {
        const at = `send.channels[${index}]`;
        if (channel.type === 'email') {
          return [
            ...(this.mailer ? [] : [{ path: at, message: 'mail is not configured (SMTP_URL)' }]),
            ...(channel.to === undefined && !options.hasRecipients
              ? [{ path: `${at}.to`, message: 'give an address: there are no recipients to send to' }]
              : []),
          ];
        }
        if (channel.type === 'sms') {
          return this.sms ? [] : [{ path: at, message: 'SMS is not configured (SMS_ACCOUNT_SID, SMS_AUTH_TOKEN, SMS_FROM)' }];
        }
        // The URL's host must resolve to public addresses (checked again before every attempt).
        try {
          await checkedAddress(new URL(channel.webhook_url), { allowPrivate: this.options.allowPrivate, who: 'webhooks' });
          return [];
        } catch (error) {
          if (!(error instanceof AddressRefused) && !(error instanceof TypeError)) throw error;
          return [{ path: `${at}.webhook_url`, message: error instanceof AddressRefused ? error.message : 'not a URL' }];
        }
      }),
    );
    const problems = [...channels.flat(), ...tooManyTexts(send, options.links ?? 1)];
    if (problems.length > 0) throw invalid(problems);
  }

  /** One delivery per (item, channel), each message rendered once; inserted in `db`, the caller's transaction. */
  async enqueue(db: Kysely<DB>, items: DistributionItem[], send: SendSpec): Promise<string[]> {
    const rows = items.flatMap((item) =>
      send.channels.map((channel, index) => {
        const row = { id: `ldl_${randomToken(16)}`, tenant_id: item.tenantId, link_id: item.linkId };
        if (channel.type === 'sms') return { ...row, channel: channel.type, recipient: channel.to, payload: renderSms(item, send, channel.to) };
        if (channel.type !== 'email') {
          const payload: DeliveryPayload = { webhook_url: channel.webhook_url, body: renderWebhookBody(channel.type, item, send) };
          return { ...row, channel: channel.type, recipient: webhookHost(channel.webhook_url), payload };
        }
        const to = mailAddress(channel, item);
        if (to === undefined) throw invalid([{ path: `send.channels[${index}].to`, message: 'give an address: the link has no recipient' }]);
        return { ...row, channel: channel.type, recipient: to, payload: renderMail(item, send, to) };
      }),
    );
    await this.deliveries.insertMany(db, rows, this.options.holdMs);
    return rows.map((row) => row.id);
  }

  deliverNow(ids: string[]): Promise<FirstAttempts> {
    return this.firstAttempts.deliverNow(ids);
  }

  deliverInBackground(ids: string[]): Promise<FirstAttempts> {
    return this.firstAttempts.inBackground(ids);
  }

  async list(tenantId: string, linkId: string): Promise<LinkDeliveryView[]> {
    return (await this.deliveries.list(tenantId, linkId)).map(deliveryView);
  }
}

/** Each link is its own text to each SMS channel: more than one request may send is refused whole. */
function tooManyTexts(send: SendSpec, links: number): Problem[] {
  const channels = send.channels.filter((channel) => channel.type === 'sms').length;
  const texts = channels * links;
  if (texts <= SMS_MAX_PER_REQUEST) return [];
  return [
    {
      path: 'send.channels',
      message: `at most ${SMS_MAX_PER_REQUEST} text messages a request: ${links} links to ${channels} SMS channel${channels === 1 ? '' : 's'} make ${texts}`,
    },
  ];
}
