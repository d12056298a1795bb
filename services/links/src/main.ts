import { runStandalone } from '@parley/service';
import { createLinksService } from './app.js';
import { loadConfig } from './config.js';
import { natsAuditCheckpoints } from './audit/nats-checkpoint-store.js';
import { smtpLinkMailer } from './distribution/index.js';

await runStandalone({
  name: 'links',
  loadConfig: () => loadConfig(),
  build: async ({ bus, db, logger }, config) =>
    createLinksService({
      bus,
      db: db!,
      logger,
      webhooks: config.webhooks,
      distribution: config.distribution,
      keys: config.keys,
      // The audit chain's signed head, in JetStream: outside the database it attests.
      auditCheckpoints: await natsAuditCheckpoints({ natsUrl: config.natsUrl, namespace: config.namespace }),
      // Without SMTP_URL, links cannot be mailed: creation with an email channel is refused.
      mailer: config.mail.smtpUrl ? smtpLinkMailer({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, logger }) : undefined,
    }),
});
