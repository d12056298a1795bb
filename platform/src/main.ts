import { exitOnStartupFailure } from '@parley/service';
import { loadPlatformConfig } from './config.js';
import { startPlatform } from './platform.js';

/** `npm start`: the whole platform in one process. */
const startedAt = Date.now();
let platform: Awaited<ReturnType<typeof startPlatform>>;
try {
  platform = await startPlatform(loadPlatformConfig());
} catch (error) {
  exitOnStartupFailure('parley', error);
}

const lines = [
  '',
  `Parley is running (${((Date.now() - startedAt) / 1000).toFixed(1)} s; database: ${platform.mode.database}, bus: ${platform.mode.bus}, stores: ${platform.mode.stores}).`,
  '',
  `  Gateway:    ${platform.url}`,
  `  API docs:   ${platform.url}/docs`,
  `  Admin key:  ${platform.adminApiKey}`,
];
if (platform.demo) {
  lines.push(
    '',
    '  Chat with the demo agent from another terminal in this folder:',
    `    CHAT_API_SECRET=${platform.chatApiSecret} npx chat --tenant ${platform.demo.tenantId} --agent ${platform.demo.agentId} --url ${platform.url}`,
  );
}
lines.push('', 'Press Ctrl+C to stop.', '');
process.stdout.write(lines.join('\n'));

let stopping = false;
const stop = (signal: string) => {
  if (stopping) process.exit(1);
  stopping = true;
  platform.logger.info({ signal }, 'stopping');
  const deadline = setTimeout(() => process.exit(1), 10_000);
  deadline.unref();
  void platform.stop().then(() => process.exit(0));
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
