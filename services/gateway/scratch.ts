import { createInProcessBus } from '@parley/bus';
import { catalog } from '@parley/contracts';
import { createLogger } from '@parley/logger';
import { createMetricsRegistry } from '@parley/service';
import { memoryNonceStore } from '@parley/stores';
import { connect } from 'node:net';
import { buildGateway } from './src/app.js';
import { gatewayConfigFrom } from './src/config.js';
const logger = createLogger({ service: 'x', level: 'silent' });
const bus = createInProcessBus({ catalog, namespace: 'x', logger });
const app = await buildGateway({ bus, nonces: memoryNonceStore(), redis: undefined, logger, registry: createMetricsRegistry('x', { defaultMetrics: false }), checks: {},
  config: gatewayConfigFrom({ PORT: 0, HOST: '127.0.0.1', ADMIN_API_KEY: 'admin-key-0123456789abcdef', CHAT_API_SECRET: 'secret-0123456789abcdef', BODY_LIMIT_BYTES: 65536, REQUEST_TIMEOUT_SECONDS: 1 }) });
await app.listen({ port: 0, host: '127.0.0.1' });
const server = app.server as any;
server.prependListener('clientError', (e: any, sock: any) => { const t = Date.now(); console.log('CE', e.code, sock.writableCorked, sock.writableLength); sock.once('close', () => console.log('SC', Date.now() - t)); });
const t0 = Date.now();
let closed = 0, answered = 0;
for (let i = 0; i < 200; i++) {
  const s = connect(server.address().port, '127.0.0.1');
  s.on('error', () => {});
  s.on('data', () => answered++);
  s.on('close', () => closed++);
  s.write('POST /api/chat/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{');
}
setInterval(() => console.log(Date.now() - t0, 'answered', answered, 'closed', closed), 1000);
setTimeout(() => process.exit(0), 6000);
