import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catalog, gatewayCatalog, linksCatalog, memoryCatalog, runnerCatalog, sessionsCatalog } from './catalog/index.js';
import { AppError, codeToStatus, contentBlocked, contentRefusalOf, errorBodySchema, errorCodes, invalidFromZod, isDependencyDown } from './errors.js';
import { memberEmail } from './members.js';
import { createSessionBody, sendMessageBody } from './text-chat.js';

describe('error contract', () => {
  it('maps every code to the status docs/api.md gives it', () => {
    expect(codeToStatus).toMatchObject({
      invalid: 400,
      unauthorized: 401,
      forbidden: 403,
      not_found: 404,
      conflict: 409,
      gone: 410,
      payload_too_large: 413,
      rate_limited: 429,
      quota_exceeded: 429,
      unavailable: 503,
    });
    for (const code of errorCodes) expect(codeToStatus[code]).toBeGreaterThanOrEqual(400);
  });

  it('an AppError crosses the bus and comes back the same', () => {
    const original = new AppError('rate_limited', 'slow down', { details: { limit: 10 }, retryAfterSeconds: 7 });
    const copy = AppError.fromJSON(JSON.parse(JSON.stringify(original.toJSON())));
    expect(copy).toMatchObject({ code: 'rate_limited', message: 'slow down', details: { limit: 10 }, retryAfterSeconds: 7, status: 429 });
    expect(errorBodySchema.parse(copy.toBody('req_1'))).toEqual({
      error: { code: 'rate_limited', message: 'slow down', details: { limit: 10 }, request_id: 'req_1' },
    });
  });

  it('a content refusal crosses the bus typed, and its answer to the client stays 422 content_blocked with details.rule only', () => {
    const copy = AppError.fromJSON(JSON.parse(JSON.stringify(contentBlocked('block_patterns').toJSON())));
    expect(contentRefusalOf(copy)).toEqual({ kind: 'content', rule: 'block_patterns' });
    expect(copy.status).toBe(422);
    expect(copy.toBody('req_1')).toEqual({
      error: {
        code: 'content_blocked',
        message: 'this message was blocked by the content rule "block_patterns": edit it and send it again',
        details: { rule: 'block_patterns' },
        request_id: 'req_1',
      },
    });
    // The code alone is no refusal: a service must say so; a kind this side does not know is left out, the error kept.
    expect(contentRefusalOf(new AppError('content_blocked', 'blocked', { details: { rule: 'pii' } }))).toBeUndefined();
    expect(contentRefusalOf({ code: 'content_blocked', refusal: { kind: 'content', rule: 'pii' } })).toBeUndefined();
    const unknownKind = AppError.fromJSON({ code: 'content_blocked', message: 'blocked', details: { rule: 'x' }, refusal: { kind: 'spam', score: 3 } });
    expect(unknownKind).toMatchObject({ code: 'content_blocked', details: { rule: 'x' }, refusal: undefined });
  });

  it('a malformed error from a service becomes internal rather than trusted', () => {
    expect(AppError.fromJSON({ code: 'teapot', message: 1 }).code).toBe('internal');
  });

  it('invalid names each failing field with a readable path', () => {
    const schema = z.object({ workflow: z.object({ nodes: z.array(z.object({ id: z.string() })) }) });
    const result = schema.safeParse({ workflow: { nodes: [{ id: 'a' }, { id: 2 }] } });
    expect(result.success).toBe(false);
    if (result.success) return;
    const error = invalidFromZod(result.error);
    expect(error.code).toBe('invalid');
    expect(error.message).toMatch(/^workflow\.nodes\[1\]\.id: /);
    expect(error.details).toEqual([expect.objectContaining({ path: 'workflow.nodes[1].id' })]);
  });
});

describe('isDependencyDown', () => {
  /** Shaped like pg's DatabaseError: PostgreSQL's SQLSTATE in `code`. */
  const postgres = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });

  it('counts PostgreSQL refusing or dropping connections, whatever the wording', () => {
    const refusals = [
      postgres('55000', 'database "parley" is not currently accepting connections'),
      postgres('57P03', 'the database system is starting up'),
      postgres('53300', 'sorry, too many clients already'),
      postgres('57P01', 'terminating connection due to administrator command'),
      postgres('57P02', 'terminating connection because of crash of another server process'),
      postgres('57P05', 'terminating connection due to idle-session timeout'),
      // Class 08 by prefix, including codes not listed one by one.
      postgres('08000', 'connection exception'),
      postgres('08001', 'could not connect'),
      postgres('08003', 'connection does not exist'),
      postgres('08006', 'connection failure'),
      postgres('08P01', 'protocol violation'),
      // The same refusal from a server whose messages are not in English.
      postgres('55000', 'la base de données « parley » n’accepte pas les connexions'),
    ];
    for (const error of refusals) expect(isDependencyDown(error), error.message).toBe(true);
  });

  it("counts pg's and Node's own connection failures, which carry no SQLSTATE", () => {
    const failures = [
      new Error('Connection terminated unexpectedly'),
      new Error('Connection terminated due to connection timeout'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Client has encountered a connection error and is not queryable'),
      new Error('Client was closed and is not queryable'),
      new Error('Cannot use a pool after calling end on the pool'),
      new Error('Query read timeout'),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })], ''),
      // Wrapped by whoever caught it first.
      new Error('could not load the session', { cause: postgres('57P01', 'terminating connection due to administrator command') }),
    ];
    for (const error of failures) expect(isDependencyDown(error), error.message).toBe(true);
  });

  it('does not count bugs, bad input or conflicts, nor values that are not errors', () => {
    const others: unknown[] = [
      postgres('23505', 'duplicate key value violates unique constraint "tenants_name_key"'),
      postgres('22P02', 'invalid input syntax for type uuid: "x"'),
      postgres('42P01', 'relation "nope" does not exist'),
      postgres('28P01', 'password authentication failed for user "parley"'),
      postgres('55P03', 'could not obtain lock on row in relation "conversations"'),
      new TypeError("Cannot read properties of undefined (reading 'id')"),
      'Connection terminated',
      null,
      undefined,
      { code: 42 },
    ];
    for (const error of others) expect(isDependencyDown(error), String((error as Error | undefined)?.message ?? error)).toBe(false);
    const looped = new Error('loop');
    (looped as { cause?: unknown }).cause = looped;
    expect(isDependencyDown(looped)).toBe(false);
  });
});

describe('Text Chat API bodies', () => {
  it('content is 1 to 10,000 characters, counted as a person counts them', () => {
    expect(sendMessageBody.safeParse({ content: '' }).success).toBe(false);
    expect(sendMessageBody.safeParse({ content: 'x'.repeat(10_000) }).success).toBe(true);
    expect(sendMessageBody.safeParse({ content: 'x'.repeat(10_001) }).success).toBe(false);
    expect(sendMessageBody.safeParse({ content: '😀'.repeat(10_000) }).success).toBe(true);
    expect(sendMessageBody.safeParse({ content: 'hi', extra: 1 }).success).toBe(false);
  });

  it('a session needs UUIDs and an optional positive version', () => {
    const ids = { tenant_id: '6bc1814c-5705-5b6e-af99-104b91962282', agent_id: 'a1b2c3d4-e5f6-4890-abcd-ef1234567890' };
    expect(createSessionBody.safeParse(ids).success).toBe(true);
    expect(createSessionBody.safeParse({ ...ids, version: 0 }).success).toBe(false);
    expect(createSessionBody.safeParse({ ...ids, tenant_id: 'acme' }).success).toBe(false);
  });
});

describe('the catalog', () => {
  const owners = { links: linksCatalog, sessions: sessionsCatalog, runner: runnerCatalog, memory: memoryCatalog, gateway: gatewayCatalog };

  it('names every entry by its subject, each RPC after the service that answers it', () => {
    for (const [owner, own] of Object.entries(owners)) {
      for (const [name, spec] of Object.entries(own.rpc)) {
        expect(spec.subject).toBe(name);
        expect(name.startsWith(`${owner}.`)).toBe(true);
      }
      for (const [name, spec] of Object.entries(own.events)) expect([spec.subject, name.startsWith('events.')]).toEqual([name, true]);
      for (const [name, spec] of Object.entries(own.broadcasts)) expect([spec.subject, name.startsWith('broadcast.')]).toEqual([name, true]);
    }
  });

  it('gives every subject once, across the owners, and only events under events.', () => {
    const count = (kind: 'rpc' | 'events' | 'broadcasts') => Object.values(owners).reduce((n, own) => n + Object.keys(own[kind]).length, 0);
    // The platform catalog is the owners' catalogs spread together: a name given twice would silently win once.
    expect(Object.keys(catalog.rpc)).toHaveLength(count('rpc'));
    expect(Object.keys(catalog.events)).toHaveLength(count('events'));
    expect(Object.keys(catalog.broadcasts)).toHaveLength(count('broadcasts'));
    const rpcSubjects = Object.values(catalog.rpc).map((spec) => spec.subject);
    for (const subject of rpcSubjects) expect(subject.startsWith('events.')).toBe(false);
    for (const spec of Object.values(catalog.rpc)) expect(spec.timeoutMs).toBeGreaterThan(0);
    for (const spec of Object.values(catalog.events)) expect(spec.retry.maxDeliver).toBeGreaterThan(1);
  });
});

describe("a member's email", () => {
  it('is trimmed and lower-cased in ASCII only: a character that folds into an ASCII letter is no address', () => {
    expect(memberEmail.parse(' Kim@A.example ')).toBe('kim@a.example');
    // The Kelvin sign lower-cases to "k", the dotted capital I to "i" and a combining dot.
    for (const folded of ['\u212Aim@a.example', 'k\u0130m@a.example', 'kim@\u212A.example']) expect(memberEmail.safeParse(folded).success, folded).toBe(false);
  });
});
