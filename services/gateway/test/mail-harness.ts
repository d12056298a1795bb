import { createLogger } from '@parley/logger';
import { createMetricsRegistry, mailMetrics } from '@parley/service';
import type { Registry } from 'prom-client';
import type { GatewayConfig } from '../src/config.js';
import { smtpMailer } from '../src/mail/verification-mailer.js';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness.js';
import { type SmtpInbox, startSmtpInbox } from './smtp-inbox.js';

export interface MailHarness {
  h: GatewayHarness;
  inbox: SmtpInbox;
  /** Where the mailer counts its mails (parley_mail_deliveries_total), as a gateway's /metrics shows them. */
  registry: Registry;
  stop(): Promise<void>;
}

/** The gateway harness whose verification codes go by SMTP to a real server on loopback. */
export async function startGatewayWithInbox(overrides: Partial<GatewayConfig> = {}): Promise<MailHarness> {
  const inbox = await startSmtpInbox();
  const registry = createMetricsRegistry('gateway-test', { defaultMetrics: false });
  const mailer = smtpMailer({
    smtpUrl: inbox.url,
    from: 'Parley <no-reply@parley.test>',
    logger: createLogger({ service: 'mailer', level: 'silent' }),
    metrics: mailMetrics(registry),
  });
  const h = await startGatewayHarness(overrides, { mailer });
  return {
    h,
    inbox,
    registry,
    async stop() {
      mailer.close();
      await h.stop();
      await inbox.close();
    },
  };
}
