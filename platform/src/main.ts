import { createLogger } from '@parley/logger';
import { exitOnStartupFailure, runProcess } from '@parley/service';
import { loadPlatformConfig, type PlatformConfig } from './config.js';
import { exposureWarning, isLoopbackHost } from './exposure.js';
import { type RunningPlatform, startPlatform } from './platform.js';

/** `npm start`: the whole platform in one process. */
let config: PlatformConfig;
try {
  config = loadPlatformConfig();
} catch (error) {
  exitOnStartupFailure('parley', error);
}
const logger = createLogger({ service: 'platform', level: config.LOG_LEVEL });

/**
 * A key as the banner shows it: its value only when the platform generated it (kept in DATA_DIR),
 * for the user to use; one from the environment – a secret store's – is only said to be set, so it
 * never lands in a terminal's or a container's log.
 */
function shownKey(platform: RunningPlatform, key: 'adminApiKey' | 'chatApiSecret'): string | undefined {
  return platform.secretSources[key] === 'data_dir' ? platform[key] : undefined;
}

function banner(platform: RunningPlatform, seconds: number): string {
  const adminKey = shownKey(platform, 'adminApiKey');
  const chatSecret = shownKey(platform, 'chatApiSecret');
  const lines = [
    '',
    `Parley is running (${seconds.toFixed(1)} s; database: ${platform.mode.database}, bus: ${platform.mode.bus}, stores: ${platform.mode.stores}).`,
    '',
    `  Gateway:    ${platform.url}`,
    `  Console:    ${platform.url}/console (sign in with the admin key)`,
    `  API docs:   ${platform.url}/docs`,
    `  Metrics:    ${platform.healthUrl}/metrics (readiness: ${platform.healthUrl}/readyz)`,
    `  Admin key:  ${adminKey ?? 'set (from ADMIN_API_KEY)'}`,
  ];
  if (platform.mode.mail === 'console') {
    lines.push('', '  No SMTP_URL: email verification codes for public links are printed here instead of mailed.');
  }
  if (platform.demo) {
    lines.push(
      '',
      chatSecret === undefined
        ? "  Chat with the demo agent from another terminal in this folder, CHAT_API_SECRET set to the platform's (from CHAT_API_SECRET):"
        : '  Chat with the demo agent from another terminal in this folder:',
      `    ${chatSecret === undefined ? '' : `CHAT_API_SECRET=${chatSecret} `}npx parley --tenant ${platform.demo.tenantId} --agent ${platform.demo.agentId} --url ${platform.url}`,
      '',
      `  Or as a visitor of its public link, in a browser: ${platform.url}/c/${platform.demo.link.token}`,
      '  or with no key at all from a terminal:',
      `    curl -s -XPOST ${platform.url}/api/public/chat/${platform.demo.link.token} -H 'content-type: application/json' -d '{"content":"Hello"}'`,
    );
  }
  lines.push('', 'Press Ctrl+C to stop.', '');
  return lines.join('\n');
}

// Its embedded PostgreSQL must not outlive it: a refusal, a signal – during start-up too – or the
// exit of the npm process that ran `npm start` stops everything it started before it exits.
await runProcess({
  name: 'parley',
  logger,
  shutdownDelaySeconds: config.SHUTDOWN_DELAY_SECONDS,
  shutdownTimeoutSeconds: config.SHUTDOWN_TIMEOUT_SECONDS,
  withChildren: true,
  start: async (signal) => {
    const startedAt = Date.now();
    const platform = await startPlatform(config, { logger, signal });
    process.stdout.write(banner(platform, (Date.now() - startedAt) / 1000));
    // The banner's keys are meant for this machine: listening beyond it, say so where nobody can miss it.
    const printed = {
      adminKey: shownKey(platform, 'adminApiKey') !== undefined,
      chatSecret: shownKey(platform, 'chatApiSecret') !== undefined,
      demoLink: platform.demo !== undefined,
    };
    if (!isLoopbackHost(config.HOST) && (printed.adminKey || printed.chatSecret || printed.demoLink)) {
      process.stdout.write(exposureWarning(config.HOST, printed));
      logger.warn(
        { host: config.HOST },
        'the platform is reachable from the network and printed what grants access to it; set ADMIN_API_KEY and CHAT_API_SECRET, or HOST=127.0.0.1',
      );
    }
    return platform;
  },
});
