import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, serviceLogger, withLogContext } from './index.js';

/** A logger writing into an array of raw lines: JSON.parse would hide a key written twice. */
function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ service: 'platform', level: 'debug', destination }), lines };
}

const serviceKeys = (line: string) => line.match(/"service":/g)?.length ?? 0;

describe('the service key of a line', () => {
  it('is written once, by the process logger and by every child of it', () => {
    const { logger, lines } = capture();
    logger.info('process line');
    logger.child({ module: 'schedules' }).child({ reqId: 'req_1' }).info('child line');
    withLogContext({ requestId: 'req_2' }, () => logger.warn('line in a request'));
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(serviceKeys(line), line).toBe(1);
      expect(JSON.parse(line).service).toBe('platform');
    }
  });

  it('is the other service’s, once, on the lines of serviceLogger and its children', () => {
    const { logger, lines } = capture();
    const links = serviceLogger(logger, 'links');
    links.info('links line');
    links.child({ module: 'webhooks' }).info('webhooks line');
    // From a child of another service: the sibling takes none of that child's bindings.
    serviceLogger(logger.child({ module: 'schedules' }), 'gateway')
      .child({ reqId: 'req_3' })
      .info('gateway line');
    expect(lines.map((line) => JSON.parse(line).service)).toEqual(['links', 'links', 'gateway']);
    for (const line of lines) expect(serviceKeys(line), line).toBe(1);
    expect(JSON.parse(lines[2] ?? '{}')).not.toHaveProperty('module');
  });

  it('keeps the level, redaction and error serialization of the process logger', () => {
    const { logger, lines } = capture();
    const sessions = serviceLogger(logger, 'sessions');
    sessions.trace('below the level');
    sessions.info({ token: 'lnk-token-AAAAAAAAAAAAAAAA', err: new Error('boom') }, 'with secrets');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? '{}');
    expect(line.token).toBe('[redacted]');
    expect(line.err).toMatchObject({ type: 'Error', message: 'boom' });
  });
});
