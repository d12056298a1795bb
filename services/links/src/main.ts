import { mailMetrics, runStandalone } from '@parley/service';
import { createLinksService } from './app.js';
import { loadConfig } from './config.js';
import { busAuditCheckpoints } from './audit/bus-checkpoint-store.js';
import { smtpLinkMailer, twilioSmsSender } from './distribution/index.js';

await runStandalone({
  name: 'links',
  loadConfig: () => loadConfig(),
  build: async ({ bus, db, logger, registry }, config) => {
    const service = createLinksService({
      bus,
      db: db!,
      logger,
      registry,
      webhooks: config.webhooks,
      distribution: config.distribution,
      keys: config.keys,
      // The audit chain's signed head, in the bus's key-value bucket (JetStream): outside the database it attests.
      auditCheckpoints: await busAuditCheckpoints(bus),
      // Without SMTP_URL, links cannot be mailed: creation with an email channel is refused.
      mailer: config.mail.smtpUrl
        ? smtpLinkMailer({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, logger, metrics: mailMetrics(registry) })
        : undefined,
      // Without SMS_ACCOUNT_SID, SMS_AUTH_TOKEN and SMS_FROM, links cannot be texted: creation with an sms channel is refused.
      sms: config.sms ? twilioSmsSender(config.sms) : undefined,
    });
    // Ready once the secrets an earlier version stored in clear are sealed (never fails: see `ready`).
    await service.ready;
    return service;
  },
});
