import { runStandalone } from '@parley/service';
import { createLinksService } from './app.js';
import { loadConfig } from './config.js';
import { smtpLinkMailer } from './distribution/index.js';

await runStandalone({
  name: 'links',
  loadConfig: () => loadConfig(),
  build: ({ bus, db, logger }, config) =>
    createLinksService({
      bus,
      db: db!,
      logger,
      webhooks: config.webhooks,
      distribution: config.distribution,
      // Without SMTP_URL, links cannot be mailed: creation with an email channel is refused.
      mailer: config.mail.smtpUrl ? smtpLinkMailer({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, logger }) : undefined,
    }),
});
