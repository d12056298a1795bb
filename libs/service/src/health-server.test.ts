import { Writable } from 'node:stream';
import { createLogger } from '@parley/logger';
import { afterEach, describe, expect, it } from 'vitest';
import { type HealthServer, startHealthServer } from './health-server.js';
import { createMetricsRegistry } from './metrics.js';

function captured() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger({ service: 'links', level: 'debug', destination }), lines };
}

const accessLines = (lines: Array<Record<string, unknown>>) => lines.filter((line) => line.msg === 'request completed');
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('the access log of the internal port', () => {
  let server: HealthServer | undefined;
  afterEach(async () => server?.close());

  async function start(accessLog: boolean) {
    const log = captured();
    server = await startHealthServer({
      port: 0,
      host: '127.0.0.1',
      logger: log.logger,
      checks: {},
      registry: createMetricsRegistry('links', { defaultMetrics: false }),
      accessLog,
    });
    return { log, url: `http://127.0.0.1:${server.port}` };
  }

  it('writes probes and scrapes at debug, anything else at info, never the path as asked', async () => {
    const { log, url } = await start(true);
    for (const path of ['/healthz', '/readyz', '/metrics?name[]=x']) expect((await fetch(`${url}${path}`)).status).toBe(200);
    expect((await fetch(`${url}/admin/secret-path-token`)).status).toBe(404);
    expect((await fetch(`${url}/metrics`, { method: 'POST' })).status).toBe(405);
    await settle();
    expect(accessLines(log.lines)).toEqual([
      expect.objectContaining({ level: 'debug', service: 'links', method: 'GET', route: '/healthz', status: 200, durationMs: expect.any(Number) }),
      expect.objectContaining({ level: 'debug', method: 'GET', route: '/readyz', status: 200 }),
      expect.objectContaining({ level: 'debug', method: 'GET', route: '/metrics', status: 200 }),
      expect.objectContaining({ level: 'info', method: 'GET', route: 'unmatched', status: 404 }),
      expect.objectContaining({ level: 'info', method: 'POST', route: '/metrics', status: 405 }),
    ]);
    expect(JSON.stringify(log.lines)).not.toContain('secret-path-token');
    expect(JSON.stringify(log.lines)).not.toContain('name[]');
  });

  it('writes none with ACCESS_LOG off', async () => {
    const { log, url } = await start(false);
    expect((await fetch(`${url}/metrics`)).status).toBe(200);
    expect((await fetch(`${url}/nothing`)).status).toBe(404);
    await settle();
    expect(accessLines(log.lines)).toEqual([]);
  });
});
