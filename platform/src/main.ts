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

function banner(platform: RunningPlatform, seconds: number): string {
  const lines = [
    '',
    `Parley is running (${seconds.toFixed(1)} s; database: ${platform.mode.database}, bus: ${platform.mode.bus}, stores: ${platform.mode.stores}).`,
    '',
    `  Gateway:    ${platform.url}`,
    `  Console:    ${platform.url}/console (sign in with the admin key)`,
    `  API docs:   ${platform.url}/docs`,
    `  Metrics:    ${platform.healthUrl}/metrics (readiness: ${platform.healthUrl}/readyz)`,
    `  Admin key:  ${platform.adminApiKey}`,
  ];
  if (platform.mode.mail === 'console') {
    lines.push('', '  No SMTP_URL: email verification codes for public links are printed here instead of mailed.');
  }
  if (platform.demo) {
    lines.push(
      '',
      '  Chat with the demo agent from another terminal in this folder:',
      `    CHAT_API_SECRET=${platform.chatApiSecret} npx parley --tenant ${platform.demo.tenantId} --agent ${platform.demo.agentId} --url ${platform.url}`,
      '',
      `  Or as a visitor of its public link, in a browser: ${platform.url}/c/${platform.demo.link.token}`,
      '  or with no key at all from a terminal:',
      `    curl -s -XPOST ${platform.url}/api/public/chat/${platform.demo.link.token} -H 'content-type: application/json' -d '{"content":"Hello"}'`,
    );
  }
  lines.push('', 'Press Ctrl+C to stop.', '');
  return lines.join('\n');
}

await runProcess({
  name: 'parley',
  logger,
  shutdownDelaySeconds: config.SHUTDOWN_DELAY_SECONDS,
  shutdownTimeoutSeconds: config.SHUTDOWN_TIMEOUT_SECONDS,
  start: async () => {
    const startedAt = Date.now();
    const platform = await startPlatform(config, { logger });
    process.stdout.write(banner(platform, (Date.now() - startedAt) / 1000));
    // The banner's keys are meant for this machine: listening beyond it, say so where nobody can miss it.
    if (!isLoopbackHost(config.HOST)) {
      process.stdout.write(exposureWarning(config.HOST));
      logger.warn({ host: config.HOST }, 'the platform is reachable from the network and printed keys that grant full access; set ADMIN_API_KEY and CHAT_API_SECRET, or HOST=127.0.0.1');
    }
    return platform;
  },
});
