import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
// Not a declared dependency: @parley/testing depends on this package, and a declared cycle would
// break the workspace graph. npm links every workspace, so the import resolves.
import { createTestContext, type TestContext } from '@parley/testing';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../src/index.js';

const levels = ['trace', 'debug', 'info', 'warn', 'error'] as const;
type Level = (typeof levels)[number];

/** A logger at `level` writing into an array of raw JSON lines. */
function capture(level: Level): { logger: Logger; lines: string[]; parsed: () => Record<string, any>[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ service: 'error-logging', level, destination }), lines, parsed: () => lines.map((line) => JSON.parse(line)) };
}

/** Runs `query` and returns the error PostgreSQL answered it with. */
async function failure(query: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  const error = await query.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof Error)) throw new Error('the query was expected to fail');
  return error as Error & Record<string, unknown>;
}

const EMAILS = ['ann@example.com', 'bob@blocked.example', 'cat@example.com', 'dan@example.com', 'eve@example.com'];
/** Not an email, so only the quoting rule can keep it out. */
const CARD = '4111 1111 1111 1111';

describe('errors from a real PostgreSQL server, logged at every level', () => {
  let ctx: TestContext;
  const errors: Record<string, Error & Record<string, unknown>> = {};

  beforeAll(async () => {
    ctx = await createTestContext({ name: 'logger' });
    await sql`CREATE TABLE scratch_people (
      id int,
      email text NOT NULL CONSTRAINT scratch_people_email_key UNIQUE CHECK (email NOT LIKE '%@blocked.example')
    )`.execute(ctx.db);
    await sql`INSERT INTO scratch_people VALUES (1, ${'ann@example.com'})`.execute(ctx.db);
    errors.unique = await failure(sql`INSERT INTO scratch_people VALUES (2, ${'ann@example.com'})`.execute(ctx.db));
    errors.check = await failure(sql`INSERT INTO scratch_people VALUES (3, ${'bob@blocked.example'})`.execute(ctx.db));
    errors.cast = await failure(sql`SELECT ${'cat@example.com'}::uuid`.execute(ctx.db));
    errors.castLiteral = await failure(sql`SELECT 'dan@example.com'::int`.execute(ctx.db));
    errors.card = await failure(sql`SELECT ${CARD}::int8`.execute(ctx.db));
    errors.raised = await failure(
      sql`DO $$ BEGIN RAISE EXCEPTION 'no account for %', 'eve@example.com' USING DETAIL = 'eve@example.com', HINT = 'ask eve@example.com'; END $$`.execute(
        ctx.db,
      ),
    );
  });
  afterAll(() => ctx?.cleanup());

  it('the errors really carry the data the logs must not (so the tests below can fail)', () => {
    expect(errors.unique).toMatchObject({ code: '23505', detail: expect.stringContaining('ann@example.com') });
    expect(errors.check).toMatchObject({ code: '23514', detail: expect.stringContaining('bob@blocked.example') });
    expect(errors.cast?.message).toContain('cat@example.com');
    expect(errors.cast?.where).toEqual(expect.any(String));
    expect(errors.castLiteral?.message).toContain('dan@example.com');
    expect(errors.card?.message).toContain(CARD);
    expect(errors.raised).toMatchObject({ code: 'P0001', detail: 'eve@example.com', hint: 'ask eve@example.com' });
    expect(errors.raised?.message).toContain('eve@example.com');
  });

  for (const level of levels) {
    it(`at ${level}: keeps the SQLSTATE, the names of the table and constraint, never an email or a value`, () => {
      const { logger, lines, parsed } = capture(level);
      for (const [name, error] of Object.entries(errors)) {
        logger[level]({ err: error, query: name }, 'query failed');
        logger[level](error);
        logger[level]({ error, query: name }, error.message);
        logger[level]({ err: new Error('saving the person failed', { cause: error }) }, 'wrapped');
      }
      const log = lines.join('\n');
      expect(lines).toHaveLength(Object.keys(errors).length * 4);
      for (const email of EMAILS) expect(log).not.toContain(email);
      expect(log).not.toContain(CARD);
      for (const dropped of ['"detail"', '"where"', '"hint"', '"parameters"', '"internalQuery"', 'Key (email)', 'Failing row', 'portal parameter']) {
        expect(log).not.toContain(dropped);
      }

      const entries = parsed();
      const first = entries[0];
      expect(first?.err).toEqual({
        type: 'DatabaseError',
        code: '23505',
        severity: 'ERROR',
        routine: expect.any(String),
        table: 'scratch_people',
        constraint: 'scratch_people_email_key',
        message: 'duplicate key value violates unique constraint "scratch_people_email_key"',
        stack: expect.stringContaining('duplicate key value violates unique constraint "scratch_people_email_key"'),
      });
      expect(first).toMatchObject({ level, msg: 'query failed', query: 'unique' });
      const messages = entries.map((entry) => entry.err?.message ?? entry.error?.message);
      expect(messages).toContain('new row for relation "scratch_people" violates check constraint "scratch_people_email_check"');
      expect(messages).toContain('invalid input syntax for type uuid: "[redacted]"');
      expect(messages).toContain('invalid input syntax for type integer: "[redacted]"');
      expect(messages).toContain('no account for e***@example.com');
      // A bare error is logged under `err` with its (redacted) message as the line's message.
      expect(entries[1 + 4 * 2]).toMatchObject({ msg: 'invalid input syntax for type uuid: "[redacted]"', err: { code: '22P02' } });
      // A message repeating the raw error message is replaced by the redacted one.
      expect(entries[2 + 4 * 2]).toMatchObject({ msg: 'invalid input syntax for type uuid: "[redacted]"', error: { code: '22P02' } });
      // A cause keeps its code and loses its data the same way.
      expect(entries[3]).toMatchObject({
        msg: 'wrapped',
        err: { type: 'Error', message: 'saving the person failed', cause: { code: '23505', table: 'scratch_people' } },
      });
      for (const code of ['23505', '23514', '22P02', 'P0001']) expect(log).toContain(`"code":"${code}"`);
    });
  }
});

describe("errors from Node's HTTP parser, logged at every level", () => {
  const ADMIN_KEY = 'prl_admin-key-0123456789abcdefGHIJ';
  const SIGNATURE = 'c0ffee'.repeat(10) + 'beef';
  let server: Server;
  let port = 0;
  const parserErrors: Array<Error & Record<string, unknown>> = [];

  /** Sends raw bytes and waits for the server to refuse them. */
  async function sendRaw(bytes: string): Promise<void> {
    const before = parserErrors.length;
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.end(bytes);
    const deadline = Date.now() + 5_000;
    while (parserErrors.length === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    socket.destroy();
  }

  beforeAll(async () => {
    server = createServer((_request, response) => response.end());
    server.on('clientError', (error: Error & Record<string, unknown>, socket) => {
      parserErrors.push(error);
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    port = typeof address === 'object' && address ? address.port : 0;
    const credentials = `Authorization: Bearer ${ADMIN_KEY}\r\nX-Signature: ${SIGNATURE}\r\n`;
    await sendRaw(`GET /api/agents HTTP/1.1\r\nHost: x\r\n${credentials}X-Bad: a\u0001b\r\n\r\n`);
    await sendRaw(`GARBAGE\u007f /api/agents HTTP/1.1\r\n${credentials}\r\n`);
    await sendRaw(`POST /api/chat/sessions HTTP/1.1\r\nHost: x\r\n${credentials}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`);
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  it('the parser really attaches the raw bytes, credentials included', () => {
    expect(parserErrors).toHaveLength(3);
    for (const error of parserErrors) {
      expect(String(error.code)).toMatch(/^HPE_/);
      expect(Buffer.isBuffer(error.rawPacket) && error.rawPacket.toString('latin1')).toContain(ADMIN_KEY);
    }
  });

  for (const level of levels) {
    it(`at ${level}: logs the parser code and message, never the raw bytes`, () => {
      const { logger, lines, parsed } = capture(level);
      // Fastify adds pino's standard serializer to the loggers it derives; it must not see the raw error.
      const framework = logger.child({}, { serializers: { err: pino.stdSerializers.err } });
      for (const error of parserErrors) {
        logger[level]({ err: error }, 'client error');
        framework[level]({ err: error }, 'client error');
      }
      const log = lines.join('\n');
      expect(lines).toHaveLength(parserErrors.length * 2);
      expect(log).not.toContain(ADMIN_KEY);
      expect(log).not.toContain(SIGNATURE);
      expect(log).not.toContain('rawPacket');
      expect(log).not.toContain('bytesParsed');
      for (const entry of parsed()) {
        expect(entry.err.code).toMatch(/^HPE_/);
        expect(Object.keys(entry.err).sort()).toEqual(['code', 'message', 'stack', 'type']);
      }
    });
  }
});
