import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger, maskEmails, redactedPaths } from './index.js';

/** A logger writing into an array, one parsed JSON object per line. */
function capture(level = 'debug') {
  const lines: Record<string, any>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger({ service: 'redaction-test', level, destination }), lines, raw: () => JSON.stringify(lines) };
}

const SECRETS = {
  key: 'prl_tenant-key-AAAAAAAAAAAAAAAA',
  signature: 'a'.repeat(64),
  token: 'lnk-token-BBBBBBBBBBBBBBBB',
  code: '492817',
  password: 'hunter2-CCCCCCCC',
  secret: 'chat-secret-DDDDDDDDDDDD',
  apiKey: 'sk-openai-EEEEEEEEEEEE',
  authorization: 'Bearer admin-key-FFFFFFFFFFFF',
};

describe('createLogger redaction', () => {
  it('writes JSON lines with the service, level and time', () => {
    const { logger, lines } = capture();
    logger.info({ requestId: 'req_123', sessionId: 'text_abcdefghijklmnopqrstuv' }, 'hello');
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', service: 'redaction-test', msg: 'hello', requestId: 'req_123', sessionId: 'text_abcdefghijklmnopqrstuv' }),
    ]);
    expect(Date.parse(lines[0]?.time)).not.toBeNaN();
  });

  it('redacts keys, signatures, tokens, codes, passwords, secrets and authorization at the top level', () => {
    const { logger, lines, raw } = capture();
    logger.info({ ...SECRETS, api_key: 'sk-other-GGGGGGGGGGGG', email: 'jack@example.com', requestId: 'req_1' }, 'top level');
    const [line] = lines;
    for (const field of [...Object.keys(SECRETS), 'api_key', 'email']) expect(line?.[field], field).toBe('[redacted]');
    expect(line?.requestId).toBe('req_1');
    for (const value of Object.values(SECRETS)) expect(raw()).not.toContain(value);
    expect(raw()).not.toContain('jack@example.com');
  });

  it('redacts the same fields one level down, inside any object', () => {
    const { logger, lines, raw } = capture();
    logger.warn(
      { link: { id: 'lnk_1', token: SECRETS.token }, tenant: { id: 't1', key: SECRETS.key }, verification: { email: 'a@b.io', code: SECRETS.code } },
      'nested',
    );
    expect(lines[0]).toMatchObject({
      link: { id: 'lnk_1', token: '[redacted]' },
      tenant: { id: 't1', key: '[redacted]' },
      verification: { email: '[redacted]', code: '[redacted]' },
    });
    expect(raw()).not.toContain(SECRETS.token);
    expect(raw()).not.toContain(SECRETS.key);
    expect(raw()).not.toContain(SECRETS.code);
  });

  it('redacts credentials in request headers, keeping the other headers', () => {
    const { logger, lines, raw } = capture();
    const headers = {
      authorization: SECRETS.authorization,
      'x-signature': SECRETS.signature,
      'x-api-key': SECRETS.apiKey,
      cookie: 'session=HHHHHHHHHHHH',
      'x-timestamp': '1732212345',
      'x-request-id': 'req_abc',
    };
    logger.info({ req: { method: 'POST', url: '/api/chat/sessions', headers } }, 'request');
    logger.info({ headers: { authorization: SECRETS.authorization, 'x-signature': SECRETS.signature, 'content-type': 'application/json' } }, 'outgoing');
    expect(lines[0]?.req.headers).toEqual({
      authorization: '[redacted]',
      'x-signature': '[redacted]',
      'x-api-key': '[redacted]',
      cookie: '[redacted]',
      'x-timestamp': '1732212345',
      'x-request-id': 'req_abc',
    });
    expect(lines[1]?.headers).toEqual({ authorization: '[redacted]', 'x-signature': '[redacted]', 'content-type': 'application/json' });
    expect(raw()).not.toContain(SECRETS.signature);
    expect(raw()).not.toContain('admin-key-FFFFFFFFFFFF');
    expect(raw()).not.toContain('HHHHHHHHHHHH');
  });

  it('masks emails in free-text messages, format arguments included', () => {
    const { logger, lines, raw } = capture();
    logger.info('verification code sent to jack.smith+chat@example.co.uk');
    logger.info({ requestId: 'req_2' }, 'mail to %s and %s failed', 'ann@example.com', 'bob@mail.example.org');
    expect(lines[0]?.msg).toBe('verification code sent to j***@example.co.uk');
    expect(lines[1]).toMatchObject({ requestId: 'req_2', msg: 'mail to a***@example.com and b***@mail.example.org failed' });
    expect(raw()).not.toMatch(/jack\.smith|ann@|bob@/);
  });

  it('leaves request and session ids, and text without emails, as they are', () => {
    const { logger, lines } = capture();
    logger.info(
      { requestId: 'req_AbC-123', sessionId: 'text_AbCdEfGhIjKlMnOpQrStUv', conversationId: '1b4e28ba-2fa1-11d2-883f-0016d3cca427' },
      'turn at node@2 for text_AbC',
    );
    expect(lines[0]).toMatchObject({
      requestId: 'req_AbC-123',
      sessionId: 'text_AbCdEfGhIjKlMnOpQrStUv',
      conversationId: '1b4e28ba-2fa1-11d2-883f-0016d3cca427',
      msg: 'turn at node@2 for text_AbC',
    });
  });

  it('does not change the logged object itself', () => {
    const { logger } = capture();
    const context = { token: SECRETS.token, nested: { key: SECRETS.key } };
    logger.info(context, 'kept');
    expect(context).toEqual({ token: SECRETS.token, nested: { key: SECRETS.key } });
  });

  it("keeps an error's code, which names the failure rather than a secret", () => {
    const { logger, lines } = capture();
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    logger.error({ err: error, errorCode: 'unavailable' }, 'request failed');
    expect(lines[0]?.err?.code).toBe('ECONNREFUSED');
    expect(lines[0]?.errorCode).toBe('unavailable');
  });

  it('serializes an error wherever it is logged: under err or error, as the first argument, under any other key', () => {
    const { logger, lines, raw } = capture();
    const failure = () =>
      Object.assign(new Error('lookup failed for ann@example.com'), { code: 'E_LOOKUP', detail: 'row of ann@example.com', rawPacket: Buffer.from('Bearer k') });
    logger.warn({ err: failure() }, 'under err');
    logger.warn({ error: failure() }, 'under error');
    logger.warn(failure());
    logger.warn({ upstream: failure(), requestId: 'req_3' }, 'under another key');
    const expected = { type: 'Error', code: 'E_LOOKUP', message: 'lookup failed for a***@example.com', stack: expect.any(String) };
    expect(lines.map((line) => line.err ?? line.error ?? line.upstream)).toEqual([expected, expected, expected, expected]);
    expect(lines[2]?.msg).toBe('lookup failed for a***@example.com');
    expect(lines[3]?.requestId).toBe('req_3');
    expect(raw()).not.toMatch(/ann@|detail|rawPacket/);
  });

  it('honours the level', () => {
    const { logger, lines } = capture('warn');
    logger.info('not written');
    logger.warn('written');
    expect(lines.map((line) => line.msg)).toEqual(['written']);
  });
});

describe('maskEmails', () => {
  it('keeps the first letter and the domain of every email', () => {
    expect(maskEmails('from a@b.io to Zoe.Q@Example.COM.')).toBe('from a***@b.io to Z***@Example.COM.');
    expect(maskEmails('no email here: user@localhost, @handle')).toBe('no email here: user@localhost, @handle');
  });
});

describe('withLogContext', () => {
  it('adds its ids to every line written inside it, across awaits, and nests', async () => {
    const { logger, lines } = capture();
    const { withLogContext } = await import('./index.js');
    await withLogContext({ requestId: 'req_1' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.info('inside');
      await withLogContext({ sessionId: 'text_x' }, async () => logger.info('nested'));
    });
    logger.info('outside');
    expect(lines.map((line) => [line.msg, line.requestId, line.sessionId])).toEqual([
      ['inside', 'req_1', undefined],
      ['nested', 'req_1', 'text_x'],
      ['outside', undefined, undefined],
    ]);
  });

  it('redacts a child logger’s bindings and the objects a message formats', () => {
    const { logger, lines, raw } = capture();
    logger.child({ token: SECRETS.token, link: { id: 'lnk_1', key: SECRETS.key } }).info('bound');
    logger.info('formatted %j and %o', { secret: SECRETS.secret }, { tenant: { apiKey: SECRETS.apiKey } });
    expect(lines[0]).toMatchObject({ token: '[redacted]', link: { id: 'lnk_1', key: '[redacted]' } });
    for (const value of [SECRETS.token, SECRETS.key, SECRETS.secret, SECRETS.apiKey]) expect(raw()).not.toContain(value);
  });

  it('censors exactly what pino’s own redaction of the same paths censors, over many shapes of line', () => {
    // pino's `redact` with the same paths is the oracle: any shape it censors, ours must, and no more.
    const names = [
      'key',
      'token',
      'code',
      'email',
      'secret',
      'otp',
      'id',
      'headers',
      'req',
      'verification',
      'cookie',
      'x-signature',
      'x-api-key',
      'authorization',
      'name',
    ];
    const values = (depth: number, pick: () => number): unknown => {
      const kind = pick() % (depth > 2 ? 3 : 6);
      if (kind === 0) return `v${pick()}`;
      if (kind === 1) return null;
      if (kind === 2) return pick() % 2 === 0 ? undefined : pick();
      if (kind === 3) return [values(depth + 1, pick)];
      const object: Record<string, unknown> = {};
      for (let i = pick() % 4; i >= 0; i--) object[names[pick() % names.length] as string] = values(depth + 1, pick);
      return object;
    };
    let seed = 7;
    const pick = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed >> 8;
    };
    const oracleLines: string[] = [];
    const oracle = pino(
      { base: null, timestamp: false, redact: { paths: [...redactedPaths], censor: '[redacted]' } },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          oracleLines.push(chunk.toString('utf8'));
          done();
        },
      }),
    );
    for (let i = 0; i < 500; i++) {
      const line: Record<string, unknown> = {};
      for (let j = pick() % 5; j >= 0; j--) line[names[pick() % names.length] as string] = values(0, pick);
      const { logger, lines } = capture();
      logger.info(structuredClone(line), 'shape');
      oracle.info(structuredClone(line), 'shape');
      const expected = JSON.parse(oracleLines.at(-1) as string);
      const { level: _l, time: _t, service: _s, ...ours } = lines[0] as Record<string, unknown>;
      delete expected.level;
      expect(ours, JSON.stringify(line)).toEqual(expected);
    }
  });
});
