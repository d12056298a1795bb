import { signRequest } from '@parley/auth';
import { createLogger } from '@parley/logger';
import { smtpNoticeMailer } from '@parley/sessions';
import {
  FUZZ_MALFORMED_JSON,
  FUZZ_METHODS,
  FUZZ_NUMBERS,
  FUZZ_PATH_VALUES,
  FUZZ_STRINGS,
  fuzzExample,
  type JsonSchema,
  type OpenApiOperation as Operation,
  openApiOperations,
  waitFor,
} from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionFor, withSession } from '../src/routes/management/members/members.test-kit.js';
import { ADMIN_KEY, CHAT_SECRET, echoAgent, type GatewayHarness, type InjectResult, startGatewayHarness } from './gateway-harness.js';
import { deskAgent } from '../src/routes/management/escalations/escalation.test-kit.js';
import { createLink, visitorPost } from './public-link-fixtures.js';
import { sendRaw } from './raw-http.js';
import { type SmtpInbox, startSmtpInbox } from './smtp-inbox.js';
import { multipartBody, uploadsOn } from './upload-fixtures.js';

/**
 * The fuzzer's classes over every route of the OpenAPI document, as a bounded test: malformed
 * JSON, U+0000 and lone surrogates in every string field, out-of-range numbers, wrong types, bad
 * escapes in path parameters, odd methods, control bytes in headers. Every answer must be a 4xx
 * (or a success) in the error shape with a request id: never a 5xx, never another shape.
 */

/** Every (path into the body, schema) of the body's fields, nested objects included. */
function fields(schema: JsonSchema | undefined, path: string[] = []): Array<{ path: string[]; schema: JsonSchema }> {
  if (!schema?.properties) return [];
  return Object.entries(schema.properties).flatMap(([name, child]) => [{ path: [...path, name], schema: child }, ...fields(child, [...path, name])]);
}

/** The paths of every string inside a value, keys of arrays included as numbers' strings. */
function stringLeaves(value: unknown, path: string[] = []): string[][] {
  if (typeof value === 'string') return [path];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => stringLeaves(child, [...path, key]));
}

function withField(body: unknown, path: string[], value: unknown): unknown {
  const copy = structuredClone(body ?? {}) as Record<string, unknown>;
  let target = copy;
  for (const part of path.slice(0, -1)) {
    if (typeof target[part] !== 'object' || target[part] === null) target[part] = {};
    target = target[part] as Record<string, unknown>;
  }
  target[path.at(-1) as string] = value;
  return copy;
}

describe('fuzzing every route: zero 5xx, every answer in the error shape', () => {
  let h: GatewayHarness;
  let inbox: SmtpInbox;
  let mailer: ReturnType<typeof smtpNoticeMailer>;
  let operations: Operation[];
  let ids: Record<string, string>;
  let configExample: unknown;
  const failures: string[] = [];
  let sent = 0;

  beforeAll(async () => {
    // With the live event log every deployment has: HEAD on the stream routes answers as their GET would begin.
    // With mail, as a deployment that mails transcripts has (to a loopback server).
    inbox = await startSmtpInbox();
    mailer = smtpNoticeMailer({ smtpUrl: inbox.url, from: 'Parley <no-reply@parley.test>', logger: createLogger({ service: 'mail', level: 'silent' }) });
    h = await startGatewayHarness(
      { managementRateLimitPerMinute: 1_000_000, notFoundRateLimitPerMinute: 1_000_000 },
      { live: {}, escalations: { notifyAfterSeconds: 3_600, mailer } },
    );
    const agent = await h.seedAgent();
    const session = await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    ids = {
      tenant_id: agent.tenantId,
      agent_id: agent.agentId,
      id: agent.tenantId,
      name: agent.name,
      session_id: session.body.session_id,
      // A phone number in its form, so a privacy route by number is fuzzed past its parameter's check.
      phone: '+14155550123',
    };
    // Bodies whose `config` is any JSON get a real agent config, so its every string is fuzzed.
    configExample = echoAgent;
    const spec = (await h.inject({ method: 'GET', url: '/openapi.json' })).body;
    operations = openApiOperations(spec);
  });
  afterAll(async () => {
    await h?.stop();
    mailer?.close?.();
    await inbox?.close();
  });

  /** Sends with the credential the route takes (signed over the exact bytes), and checks the answer. */
  async function send(op: Operation, url: string, method: string, rawBody: string | undefined, label: string): Promise<InjectResult> {
    // Signed over the request target as it goes out: inject normalises the URL as a client's URL parser would.
    const sentUrl = new URL(url, 'http://localhost');
    const target = sentUrl.pathname + sentUrl.search;
    const headers: Record<string, string> = rawBody === undefined ? {} : { 'content-type': 'application/json' };
    if (op.auth === 'hmac') Object.assign(headers, signRequest(CHAT_SECRET, method, target, rawBody ?? '', Date.now(), { fractional: true }));
    if (op.auth === 'bearer') Object.assign(headers, { authorization: `Bearer ${ADMIN_KEY}`, 'x-tenant-id': ids.tenant_id });
    const response = await h.inject({ method, url, headers, ...(rawBody === undefined ? {} : { payload: rawBody }) });
    sent++;
    check(response, `${label}: ${method} ${url.slice(0, 120)}`);
    return response;
  }

  function check(response: { status: number; body: any; headers: Record<string, unknown> }, label: string): void {
    // A HEAD answer has no body to hold the shape: its status is what can be checked.
    if (label.includes('HEAD ')) {
      if (response.status >= 500) failures.push(`${label} → ${response.status}`);
      return;
    }
    if (response.status >= 500) failures.push(`${label} → ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
    else if (response.status >= 400) {
      const error = response.body?.error;
      if (typeof error?.code !== 'string' || typeof error?.message !== 'string' || typeof error?.request_id !== 'string') {
        failures.push(`${label} → ${response.status} not in the error shape: ${JSON.stringify(response.body).slice(0, 200)}`);
      }
    }
  }

  const urlFor = (op: Operation, override?: string) => op.path.replace(/\{(\w+)\}/g, (_m, name: string) => override ?? encodeURIComponent(ids[name] ?? 'x'));

  it('bodies: malformed JSON, and each field with bad strings, out-of-range numbers and wrong types', async () => {
    for (const op of operations.filter((o) => o.body)) {
      const valid = fuzzExample(op.body, 'body', ids) as Record<string, unknown>;
      if ('config' in valid) valid.config = structuredClone(configExample);
      for (const raw of FUZZ_MALFORMED_JSON) await send(op, urlFor(op), op.method, raw, 'malformed JSON');
      for (const field of fields(op.body)) {
        for (const value of [...FUZZ_STRINGS, ...FUZZ_NUMBERS]) {
          await send(op, urlFor(op), op.method, JSON.stringify(withField(valid, field.path, value)), `field ${field.path.join('.')}`);
        }
      }
      // Every string inside a valid body (an agent's whole config too), one at a time.
      for (const path of stringLeaves(valid)) {
        for (const value of ['\u0000', 'a\ud800', '\udc00b']) {
          await send(op, urlFor(op), op.method, JSON.stringify(withField(valid, path, value)), `string ${path.join('.')}`);
        }
      }
      // An unknown field holding a bad string, and a bad key.
      await send(op, urlFor(op), op.method, JSON.stringify({ ...(valid as object), 'k\u0000': 'v' }), 'bad key');
      await send(op, urlFor(op), op.method, JSON.stringify({ ...(valid as object), extra: '\ud800' }), 'unknown field');
    }
    expect(failures, failures.slice(0, 20).join('\n')).toEqual([]);
    expect(sent).toBeGreaterThan(300);
  }, 120_000);

  it('path parameters: NUL, surrogates, bad escapes, overlong values; query strings likewise', async () => {
    for (const op of operations.filter((o) => o.path.includes('{'))) {
      for (const value of FUZZ_PATH_VALUES) {
        const body = op.body ? JSON.stringify(fuzzExample(op.body, 'body', ids)) : undefined;
        await send(op, urlFor(op, value), op.method, body, 'path');
      }
    }
    for (const op of operations) {
      for (const query of ['?a=%00', '?a=%ED%A0%80', '?a=%zz', '?session=%00&session=x', `?${'a'.repeat(5_000)}=1`]) {
        await send(op, `${urlFor(op)}${query}`, op.method, op.body ? JSON.stringify(fuzzExample(op.body, 'body', ids)) : undefined, 'query');
      }
    }
    expect(failures, failures.slice(0, 20).join('\n')).toEqual([]);
  });

  it('odd methods on every path, with and without credentials', async () => {
    for (const op of operations) {
      for (const method of FUZZ_METHODS) {
        const response = await h.inject({ method, url: urlFor(op) });
        sent++;
        check(response, `${method} ${op.path}`);
        await send(op, urlFor(op), method, undefined, 'odd method, signed');
      }
    }
    expect(failures, failures.slice(0, 20).join('\n')).toEqual([]);
  });

  it('the feedback routes past their lookups (a real link, session and message): bad bodies, scores out of range, bad message ids, odd methods', async () => {
    const agent = await h.seedAgent();
    const link = await h.bus.request('links.links.create', {
      tenantId: agent.tenantId,
      agentName: agent.name,
      settings: { title: 'Fuzzed', rate_limit_per_minute: 100_000 } as never,
      publicBaseUrl: 'http://127.0.0.1:8080',
    });
    const visitor = (url: string, body: unknown, remoteAddress?: string) =>
      h.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(body),
        ...(remoteAddress ? { remoteAddress } : {}),
      });
    /** A visitor's conversation from an address of its own: its credential and the agent's answer. */
    const conversation = async (remoteAddress: string) => {
      const chat = await visitor(`/api/public/chat/${link.token}`, { content: 'hello' }, remoteAddress);
      expect(chat.status, chat.text).toBe(200);
      const history = await h.inject({ method: 'GET', url: `/api/public/history/${link.token}?session=${chat.body.session}`, remoteAddress });
      const answer = (history.body.messages as Array<{ id: string; role: string }>).findLast((m) => m.role === 'assistant')!;
      return { session: chat.body.session as string, messageId: answer.id };
    };
    const { session, messageId } = await conversation('192.0.2.10');
    const at = (
      op: Operation,
      override?: { name: string; value: string },
      real: Record<string, string> = { ...ids, token: link.token, message_id: messageId },
    ) => op.path.replace(/\{(\w+)\}/g, (_m, name: string) => (override?.name === name ? override.value : encodeURIComponent(real[name] ?? 'x')));
    const feedbackOps = operations.filter((op) => op.path.endsWith('/feedback') || op.path.endsWith('/rating'));
    expect(feedbackOps.map((op) => `${op.method} ${op.path}`).sort()).toEqual([
      'POST /api/public/chat/{token}/messages/{message_id}/feedback',
      'POST /api/public/chat/{token}/rating',
    ]);
    for (const op of feedbackOps) {
      const valid = op.path.endsWith('/rating') ? { session, score: 3, comment: 'fine' } : { session, rating: 'up', comment: 'fine' };
      for (const raw of FUZZ_MALFORMED_JSON) await send(op, at(op), op.method, raw, 'malformed JSON');
      for (const field of fields(op.body)) {
        for (const value of [...FUZZ_STRINGS, ...FUZZ_NUMBERS, 0, 6, 3.5, 'up ']) {
          await send(op, at(op), op.method, JSON.stringify(withField(valid, field.path, value)), `field ${field.path.join('.')}`);
        }
      }
      // 1e309 parses as Infinity: not a whole number from 1 to 5.
      const infinite = await send(op, at(op), op.method, JSON.stringify(valid).replace(/"(score|rating)":[^,}]+/, '"$1":1e309'), 'score 1e309');
      expect(infinite.status).toBe(400);
      for (const value of ['\u0000', 'a\ud800', '\udc00b']) await send(op, at(op), op.method, JSON.stringify({ ...valid, comment: value }), 'comment');
      for (const value of FUZZ_PATH_VALUES) {
        const name = op.path.includes('{message_id}') ? 'message_id' : 'token';
        await send(op, at(op, { name, value }), op.method, JSON.stringify(valid), `path ${name}`);
      }
      for (const method of FUZZ_METHODS) await send(op, at(op), method, undefined, 'odd method');
      // Past all of it the route still works for a visitor (the fuzzed session has spent its budget of the minute).
      const fresh = await conversation('192.0.2.11');
      const kept = await visitor(at(op, undefined, { token: link.token, message_id: fresh.messageId }), { ...valid, session: fresh.session }, '192.0.2.11');
      expect(kept.status, kept.text).toBe(204);
    }
    expect(failures, failures.slice(0, 20).join('\n')).toEqual([]);
  });

  it('the follow-up routes past their lookups (a real link and session): bad bodies, addresses and contents, bad tokens, odd methods', async () => {
    const link = await createLink(h, { rate_limit_per_minute: 100_000 });
    const start = async (remoteAddress: string) => {
      const chat = await h.inject({ ...visitorPost(`/api/public/chat/${link.token}`, { content: 'hello' }), remoteAddress });
      expect(chat.status, chat.text).toBe(200);
      return chat.body.session as string;
    };
    const session = await start('192.0.2.20');
    const followUps = operations.filter((op) => op.path.endsWith('/offline-message') || op.path.endsWith('/transcript'));
    expect(followUps.map((op) => `${op.method} ${op.path}`).sort()).toEqual([
      'POST /api/public/chat/{token}/offline-message',
      'POST /api/public/chat/{token}/transcript',
    ]);
    const at = (op: Operation, token = link.token) => op.path.replace('{token}', token);
    for (const op of followUps) {
      const valid = op.path.endsWith('/transcript') ? { session, email: 'fuzz@example.org' } : { session, email: 'fuzz@example.org', content: 'call me' };
      for (const raw of FUZZ_MALFORMED_JSON) await send(op, at(op), op.method, raw, 'malformed JSON');
      for (const field of fields(op.body)) {
        for (const value of [...FUZZ_STRINGS, ...FUZZ_NUMBERS, 'a@b', 'a@example.org\r\nBcc: x@example.org', `${'a'.repeat(320)}@example.org`]) {
          await send(op, at(op), op.method, JSON.stringify(withField(valid, field.path, value)), `field ${field.path.join('.')}`);
        }
      }
      for (const value of ['\u0000', 'a\ud800', '\udc00b']) {
        for (const name of Object.keys(valid))
          await send(op, at(op), op.method, JSON.stringify({ ...valid, [name]: value }), `${name} ${JSON.stringify(value)}`);
      }
      for (const value of FUZZ_PATH_VALUES) await send(op, at(op, value), op.method, JSON.stringify(valid), 'path token');
      for (const method of FUZZ_METHODS) await send(op, at(op), method, undefined, 'odd method');
    }
    // Past all of it the routes still work for a visitor (the fuzzed session has spent its budget of the minute).
    const fresh = await start('192.0.2.21');
    const left = await h.inject({
      ...visitorPost(`/api/public/chat/${link.token}/offline-message`, { session: fresh, email: 'ok@example.org', content: 'call me' }),
      remoteAddress: '192.0.2.21',
    });
    expect(left.status, left.text).toBe(201);
    const asked = await h.inject({
      ...visitorPost(`/api/public/chat/${link.token}/transcript`, { session: fresh, email: 'ok@example.org' }),
      remoteAddress: '192.0.2.21',
    });
    expect(asked.status, asked.text).toBe(202);
    expect(failures, failures.slice(0, 20).join('\n')).toEqual([]);
  });

  it('canned replies past their lookups (a real reply, as a key and as a member): bad bodies, bad ids, odd methods – never a 5xx, and the reply intact', async () => {
    const { tenantId, key } = await h.seedTenant('fuzz-canned');
    const email = 'fuzz-canned@example.com';
    const member = await h.withKey(key, 'POST', '/api/members', { email, name: 'Fuzz', role: 'operator' });
    const cookie = await sessionFor(h, { tenantId, memberId: member.body.member_id, email });
    const csrf = (await withSession(h, cookie, 'GET', '/api/me')).body.csrf_token as string;
    const shared = await h.withKey(key, 'POST', '/api/canned-replies', { shortcut: 'kept', content: 'Kept as it was, {{visitor_name}}' });
    const own = await withSession(h, cookie, 'POST', '/api/canned-replies', { body: { shortcut: 'mine', content: 'Mine', personal: true }, csrf });
    expect([shared.status, own.status]).toEqual([201, 201]);
    const cannedOps = operations.filter((op) => op.path.startsWith('/api/canned-replies'));
    expect(cannedOps.map((op) => `${op.method} ${op.path}`).sort()).toEqual([
      'DELETE /api/canned-replies/{id}',
      'GET /api/canned-replies',
      'POST /api/canned-replies',
      'PUT /api/canned-replies/{id}',
    ]);
    /** As the tenant's key, and as the member through their console session (with the CSRF token). */
    const callers = [
      (method: string, url: string, payload?: string) =>
        h.inject({
          method,
          url,
          headers: { authorization: `Bearer ${key}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(payload === undefined ? {} : { payload }),
        }),
      (method: string, url: string, payload?: string) =>
        h.inject({
          method,
          url,
          headers: { cookie: `parley_session=${cookie}`, 'x-csrf-token': csrf, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(payload === undefined ? {} : { payload }),
        }),
    ];
    for (const [n, call] of callers.entries()) {
      for (const op of cannedOps) {
        // The shared reply is only read and refused here: a valid change or a deletion would be a success, not a finding.
        const ids = op.method === 'PUT' ? [own.body.id, ...FUZZ_PATH_VALUES] : ['cr_AAAAAAAAAAAAAAAA', ...FUZZ_PATH_VALUES];
        const urls = op.path.includes('{id}') ? ids.map((id) => op.path.replace('{id}', id)) : [op.path];
        const valid: Record<string, unknown> =
          op.method === 'POST' ? { shortcut: 'fuzzed', content: 'Hello {{visitor_name}}', personal: true } : { content: 'Hello {{visitor_name}}' };
        for (const url of urls) {
          const probe = async (payload: string | undefined, label: string) => {
            const response = await call(op.method, url, payload);
            sent++;
            check(response, `canned as ${n === 0 ? 'key' : 'member'} ${label}: ${op.method} ${url.slice(0, 80)}`);
          };
          if (!op.body) {
            await probe(undefined, 'no body');
            continue;
          }
          for (const raw of FUZZ_MALFORMED_JSON) await probe(raw, 'malformed JSON');
          for (const field of ['shortcut', 'content', 'personal']) {
            for (const value of [...FUZZ_STRINGS, ...FUZZ_NUMBERS, '/x', 'x'.repeat(33), 'a b'])
              await probe(JSON.stringify(withField(valid, [field], value)), `field ${field}`);
          }
          await probe(JSON.stringify({ ...valid, 'k\u0000': 'v' }), 'bad key');
          await probe(JSON.stringify({ ...valid, extra: '\ud800' }), 'unknown field');
        }
      }
      for (const method of FUZZ_METHODS) {
        for (const url of ['/api/canned-replies', '/api/canned-replies/cr_AAAAAAAAAAAAAAAA', `/api/canned-replies/${own.body.id}`]) {
          const response = await call(method, url);
          sent++;
          check(response, `canned ${method} ${url}`);
        }
      }
    }
    expect(failures, failures.slice(0, 20).join('\n')).toEqual([]);
    // Nothing refused touched the shared reply: it says what it said.
    const listed = (await h.withKey(key, 'GET', '/api/canned-replies')).body.canned_replies as Array<{ id: string; content: string }>;
    expect(listed.find((reply) => reply.id === shared.body.id)?.content).toBe('Kept as it was, {{visitor_name}}');
  });

  it('tenant secrets past their lookups (a real secret): bad bodies, names and values, odd methods – never a 5xx, and the secret intact', async () => {
    const { tenantId, key } = await h.seedTenant('fuzz-secrets');
    expect((await h.withKey(key, 'POST', '/api/secrets', { name: 'KEPT', value: 'kept as it was' })).status).toBe(201);
    const secretOps = operations.filter((op) => op.path.startsWith('/api/secrets'));
    expect(secretOps.map((op) => `${op.method} ${op.path}`).sort()).toEqual([
      'DELETE /api/secrets/{name}',
      'GET /api/secrets',
      'POST /api/secrets',
      'PUT /api/secrets/{name}',
    ]);
    const call = (method: string, url: string, payload?: string) =>
      h.inject({
        method,
        url,
        headers: { authorization: `Bearer ${key}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(payload === undefined ? {} : { payload }),
      });
    // Every one of these is a bad name; of the values, only those that are bad (a valid one would change the kept secret).
    const badFields: Record<string, unknown[]> = {
      name: [...FUZZ_STRINGS, ...FUZZ_NUMBERS, 'lower', '1A', 'A-B', `A${'B'.repeat(64)}`],
      value: ['', '\u0000', 'a\u0000b', '\ud800', 'x\udc00', '\udfff\ud800', 'x'.repeat(8_193), ...FUZZ_NUMBERS.filter((bad) => typeof bad !== 'string')],
    };
    for (const op of secretOps) {
      // A PUT reaches the kept secret; a DELETE only one that is not there (deleting the kept one would be a success, not a finding).
      const names = op.method === 'PUT' ? ['KEPT', ...FUZZ_PATH_VALUES] : ['NOT_THERE', ...FUZZ_PATH_VALUES];
      const urls = op.path.includes('{name}') ? names.map((name) => op.path.replace('{name}', name)) : [op.path];
      const valid: Record<string, unknown> = op.method === 'POST' ? { name: 'FUZZED', value: 'fuzzed' } : { value: 'fuzzed' };
      for (const url of urls) {
        const probe = async (payload: string | undefined, label: string) => {
          const response = await call(op.method, url, payload);
          sent++;
          check(response, `secrets ${label}: ${op.method} ${url.slice(0, 80)}`);
        };
        if (!op.body) {
          await probe(undefined, 'no body');
          continue;
        }
        for (const raw of FUZZ_MALFORMED_JSON) await probe(raw, 'malformed JSON');
        for (const field of Object.keys(valid)) {
          for (const value of badFields[field] ?? []) await probe(JSON.stringify(withField(valid, [field], value)), `field ${field}`);
        }
        await probe(JSON.stringify({ ...valid, 'k\u0000': 'v' }), 'bad key');
        await probe(JSON.stringify({ ...valid, extra: '\ud800' }), 'unknown field');
      }
    }
    for (const method of FUZZ_METHODS.filter((odd) => odd !== 'DELETE')) {
      for (const url of ['/api/secrets', '/api/secrets/NOT_THERE', '/api/secrets/KEPT']) {
        const response = await call(method, url);
        sent++;
        check(response, `secrets ${method} ${url}`);
      }
    }
    expect(failures, failures.slice(0, 20).join('\n')).toEqual([]);
    // Nothing refused touched the kept secret, and nothing fuzzed was kept.
    expect(await h.bus.request('links.tenant-secrets.reveal', { tenantId, names: ['KEPT'] })).toEqual({ values: { KEPT: 'kept as it was' } });
    expect((await h.withKey(key, 'GET', '/api/secrets')).body.secrets.map((secret: { name: string }) => secret.name)).toEqual(['KEPT']);
  });

  it('knowledge bases past their lookups (a real base and document): bad bodies, ids, questions and files, odd methods – never a 5xx, and the base intact', async () => {
    const { key } = await h.seedTenant('fuzz-knowledge');
    const call = (method: string, url: string, payload?: string | Buffer, contentType = 'application/json') =>
      h.inject({
        method,
        url,
        headers: { authorization: `Bearer ${key}`, ...(payload === undefined ? {} : { 'content-type': contentType }) },
        ...(payload === undefined ? {} : { payload }),
      });
    const base = await call('POST', '/api/knowledge', JSON.stringify({ name: 'Kept', language: 'english' }));
    expect(base.status, base.text).toBe(201);
    const kept = await call(
      'POST',
      `/api/knowledge/${base.body.id}/documents`,
      JSON.stringify({ title: 'Kept', text: 'Bikes may be returned within 30 days.' }),
    );
    expect(kept.status, kept.text).toBe(202);
    const knowledgeOps = operations.filter((op) => op.path.startsWith('/api/knowledge'));
    expect(knowledgeOps.map((op) => `${op.method} ${op.path}`).sort()).toEqual([
      'DELETE /api/knowledge/{id}',
      'DELETE /api/knowledge/{id}/documents/{doc}',
      'GET /api/knowledge',
      'GET /api/knowledge/{id}',
      'GET /api/knowledge/{id}/documents',
      'GET /api/knowledge/{id}/documents/{doc}',
      'GET /api/knowledge/{id}/search',
      'POST /api/knowledge',
      'POST /api/knowledge/{id}/documents',
      'PUT /api/knowledge/{id}',
    ]);
    const notThere = { id: 'kb_AAAAAAAAAAAAAAAAAAAAAA', doc: 'doc_AAAAAAAAAAAAAAAAAAAAAA' };
    // Names and thresholds no base may have (the rest would change the kept base: a success, not a finding).
    const badNames = ['\u0000', 'a\u0000b', '\ud800', 'x\udc00', '\udfff\ud800', 'x'.repeat(20_000), '', ' ', ...FUZZ_NUMBERS];
    const badThresholds = FUZZ_NUMBERS.filter((value) => !(typeof value === 'number' && value >= 0 && value <= 1));
    const valid: Record<string, Record<string, unknown>> = {
      'POST /api/knowledge': { name: 'Fuzzed' },
      'PUT /api/knowledge/{id}': { name: 'Kept' },
      'POST /api/knowledge/{id}/documents': { title: 'Fuzzed', text: 'Fuzzed words.' },
    };
    for (const op of knowledgeOps) {
      // Deletions reach only what is not there (deleting the kept base or document would be a success, not a finding).
      const real = op.method === 'DELETE' ? notThere : { id: base.body.id as string, doc: kept.body.id as string };
      const urls = [op.path.replace('{id}', real.id).replace('{doc}', real.doc)];
      for (const value of FUZZ_PATH_VALUES) {
        if (op.path.includes('{id}')) urls.push(op.path.replace('{id}', value).replace('{doc}', real.doc));
        if (op.path.includes('{doc}')) urls.push(op.path.replace('{id}', real.id).replace('{doc}', value));
      }
      const name = `${op.method} ${op.path}`;
      for (const url of urls) {
        const probe = async (payload: string | undefined, label: string) => {
          const response = await call(op.method, url, payload);
          sent++;
          check(response, `knowledge ${label}: ${op.method} ${url.slice(0, 80)}`);
        };
        const body = valid[name];
        if (!body) {
          await probe(undefined, 'no body');
          continue;
        }
        for (const raw of FUZZ_MALFORMED_JSON) await probe(raw, 'malformed JSON');
        for (const field of [...Object.keys(body), 'language', 'threshold', 'url']) {
          const values = op.method !== 'PUT' ? [...FUZZ_STRINGS, ...FUZZ_NUMBERS] : field === 'name' ? badNames : [...FUZZ_STRINGS, ...badThresholds];
          for (const value of values) await probe(JSON.stringify(withField(body, [field], value)), `field ${field}`);
        }
        await probe(JSON.stringify({ ...body, 'k\u0000': 'v' }), 'bad key');
        await probe(JSON.stringify({ ...body, extra: '\ud800' }), 'unknown field');
      }
    }
    // Questions and limits, as a query string carries them: each string percent-encoded, lone surrogates and bad escapes as raw escapes.
    const search = `/api/knowledge/${base.body.id}/search`;
    const encoded = (value: string) => {
      try {
        return encodeURIComponent(value);
      } catch {
        return '%ED%A0%80';
      }
    };
    for (const q of [...FUZZ_STRINGS.map(encoded), ...FUZZ_PATH_VALUES]) {
      for (const limit of ['', ...FUZZ_NUMBERS.map((value) => encoded(String(value)))]) {
        const response = await call('GET', `${search}?q=${q}${limit === '' ? '' : `&limit=${limit}`}`);
        sent++;
        check(response, `knowledge search q=${q.slice(0, 20)} limit=${limit}`);
      }
    }
    // Files: names, title fields and framing a document's upload must refuse (or take), never with a 5xx.
    const documents = `/api/knowledge/${base.body.id}/documents`;
    for (const filename of ['a\u0000b.md', 'a\ud800.md', '\udc00', '../../etc/passwd', '', 'x'.repeat(2_000), 'CON', '\u202e dm.exe']) {
      const body = multipartBody([{ name: 'file', filename, data: '# Fuzzed\n\nwords' }]);
      const response = await call('POST', documents, body.payload, body.contentType);
      sent++;
      check(response, `knowledge file ${JSON.stringify(filename.slice(0, 20))}`);
    }
    for (const title of FUZZ_STRINGS) {
      const body = multipartBody([
        { name: 'title', value: title },
        { name: 'file', filename: 'fuzzed.md', data: '# Fuzzed' },
      ]);
      const response = await call('POST', documents, body.payload, body.contentType);
      sent++;
      check(response, `knowledge file title ${JSON.stringify(title.slice(0, 20))}`);
    }
    const good = multipartBody([{ name: 'file', filename: 'a.md', data: '# A' }]);
    for (const [contentType, payload] of [
      ['multipart/form-data', good.payload],
      ['multipart/form-data; boundary=', good.payload],
      ['multipart/form-data; boundary="unclosed', good.payload],
      [good.contentType, Buffer.from('')],
      [good.contentType, good.payload.subarray(0, 40)],
      [good.contentType, Buffer.concat([good.payload.subarray(0, 60), Buffer.from([0, 0xff, 0xfe])])],
      [good.contentType, Buffer.from(good.payload.toString('latin1').replace(/\r\n/g, '\n'), 'latin1')],
    ] as const) {
      const response = await call('POST', documents, payload, contentType);
      sent++;
      check(response, `knowledge multipart ${JSON.stringify(contentType.slice(0, 40))} ${payload.length} bytes`);
    }
    const lying = await h.inject({
      method: 'POST',
      url: documents,
      headers: { authorization: `Bearer ${key}`, 'content-type': good.contentType, 'content-length': String(2 ** 53) },
      payload: good.payload,
    });
    sent++;
    check(lying, 'knowledge huge Content-Length');
    for (const method of FUZZ_METHODS) {
      for (const url of ['/api/knowledge', `/api/knowledge/${notThere.id}`, `/api/knowledge/${base.body.id}/documents/${notThere.doc}`, search]) {
        if (method === 'DELETE' && !url.includes(notThere.id) && !url.includes(notThere.doc)) continue;
        const response = await call(method, url);
        sent++;
        check(response, `knowledge ${method} ${url}`);
      }
    }
    expect(failures, failures.slice(0, 20).join('\n')).toEqual([]);
    // Nothing refused touched the kept base or its document, which a question still finds.
    expect((await call('GET', `/api/knowledge/${base.body.id}`)).body).toMatchObject({ name: 'Kept', language: 'english', threshold: base.body.threshold });
    expect((await call('GET', `/api/knowledge/${base.body.id}/documents/${kept.body.id}`)).body).toMatchObject({ title: 'Kept' });
    const found = await waitFor(async () => {
      const answer = await call('GET', `${search}?q=${encodeURIComponent('return bikes')}`);
      return answer.body.results?.length > 0 ? answer : false;
    });
    expect(found.body.results[0]).toMatchObject({ document_id: kept.body.id });
  });

  it("an agent's test runs listed past their lookups (a real agent with a run): bad versions, limits and cursors – 400, never a 5xx", async () => {
    const { key } = await h.seedTenant('fuzz-test-runs');
    const call = (url: string) => h.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
    expect((await h.withKey(key, 'POST', '/api/agents', { name: 'desk', config: echoAgent })).status).toBe(201);
    expect((await h.withKey(key, 'POST', '/api/agents/desk/tests', { name: 'Echo', turns: [{ user: 'hi' }] })).status).toBe(201);
    const run = await h.withKey(key, 'POST', '/api/agents/desk/versions/1/test-runs');
    expect(run.status, run.text).toBe(202);
    const list = '/api/agents/desk/test-runs';
    const first = await call(`${list}?limit=1`);
    expect(first.status, first.text).toBe(200);
    const encoded = (value: string) => {
      try {
        return encodeURIComponent(value);
      } catch {
        return '%ED%A0%80';
      }
    };
    const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    // Cursors shaped like the list's own, each with a key PostgreSQL would refuse or never have.
    const lookalikes = [
      ['0000-01-01T00:00:00.000000Z', run.body.id],
      ['2026-02-30T00:00:00.000000Z', run.body.id],
      ['9999-12-31T23:59:59.999999Z', run.body.id],
      ['2026-11-22T17:57:41.348613Z', '00000000-0000-0000-0000-000000000000'],
      ['2026-11-22T17:57:41.348613Z', 'ffffffff-ffff-ffff-ffff-ffffffffffff'],
      ['2026-11-22T17:57:41.348613Z\u0000', run.body.id],
      [null, null],
    ].map(cursorOf);
    const values = [...FUZZ_STRINGS.map(encoded), ...FUZZ_PATH_VALUES, ...FUZZ_NUMBERS.map((value) => encoded(String(value)))];
    for (const [name, extra] of [
      ['version', []],
      ['limit', []],
      ['cursor', lookalikes],
    ] as const) {
      for (const value of [...values, ...extra]) {
        const response = await call(`${list}?${name}=${value}`);
        sent++;
        check(response, `test runs ${name}=${String(value).slice(0, 30)}`);
      }
    }
    expect(failures, failures.slice(0, 20).join('\n')).toEqual([]);
    // The run is listed as it was.
    expect((await call(list)).body.runs.map((listed: { id: string }) => listed.id)).toEqual([run.body.id]);
  });

  it('raw bytes the parser refuses: control bytes in headers, bad methods, broken framing', async () => {
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (h.app.server.address() as { port: number }).port;
    const requests = [
      ...[0x00, 0x01, 0x0b, 0x1f, 0x7f].map((byte) => `GET /api/agents HTTP/1.1\r\nHost: x\r\nX-Bad: a${String.fromCharCode(byte)}b\r\n\r\n`),
      `GET /api/agents HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n`,
      `GET /api/agents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_KEY}\x00\r\n\r\n`,
      'BREW /coffee HTTP/1.1\r\nHost: x\r\n\r\n',
      'G\x00T / HTTP/1.1\r\n\r\n',
      'GET / HTTP/9.9\r\nHost: x\r\n\r\n',
      'POST /api/chat/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd',
      'POST /api/chat/sessions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      'POST /api/chat/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
      'GET /api/agents/%00 HTTP/1.1\r\nHost: x\r\n\r\n',
    ];
    for (const bytes of requests) {
      const answer = await sendRaw(port, bytes, { timeoutMs: 3_000 });
      sent++;
      if (answer.status === 0) failures.push(`${JSON.stringify(bytes.slice(0, 60))} → no answer`);
      else check(answer, `raw ${JSON.stringify(bytes.slice(0, 60))}`);
    }
    expect(failures, failures.slice(0, 20).join('\n')).toEqual([]);
  });

  it('a link that asks for proof of work: its challenge route, and every way to start a session with a bad solution – 403 or 400, never a 5xx', async () => {
    const link = await createLink(h, { challenge: 'pow', rate_limit_per_minute: 100_000 });
    let n = 0;
    const address = () => `10.8.${Math.floor(n / 250)}.${n++ % 250}`;
    const challenge = await h.inject({ method: 'GET', url: `/api/public/links/${link.token}/challenge`, remoteAddress: address() });
    expect(challenge.status, challenge.text).toBe(200);
    const payload = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64');
    const solutions = [
      ...FUZZ_STRINGS,
      ...FUZZ_NUMBERS,
      ...FUZZ_MALFORMED_JSON.map(payload),
      payload({ challenge: challenge.body, solution: { counter: 1, derivedKey: 'x' } }),
      payload({
        challenge: { ...challenge.body, parameters: { ...challenge.body.parameters, keyPrefix: '' } },
        solution: { counter: 0, derivedKey: '00'.repeat(32) },
      }),
      payload({ challenge: challenge.body, solution: { counter: -1, derivedKey: '00'.repeat(32) } }),
      payload({ challenge: { parameters: null, signature: 1 }, solution: [] }),
    ];
    const starts = [
      { url: `/api/public/chat/${link.token}`, body: { content: 'hello' } },
      { url: `/api/public/chat/${link.token}/new`, body: { content: 'hello' } },
      { url: `/api/public/sessions/${link.token}`, body: {} },
    ];
    for (const start of starts) {
      for (const solution of solutions) {
        const response = await h.inject({ ...visitorPost(start.url, { ...start.body, challenge_solution: solution }), remoteAddress: address() });
        sent++;
        check(response, `challenge_solution ${JSON.stringify(solution).slice(0, 40)} on ${start.url}`);
        if (![400, 403].includes(response.status)) failures.push(`${start.url} with ${JSON.stringify(solution).slice(0, 40)} → ${response.status}`);
      }
    }
    for (const method of FUZZ_METHODS) {
      const response = await h.inject({ method, url: `/api/public/links/${link.token}/challenge`, remoteAddress: address() });
      sent++;
      check(response, `${method} challenge`);
    }
    expect(failures, failures.slice(0, 20).join('\n')).toEqual([]);
  });

  it("the page context past the lookups (a real link and session): bad pages, variables and names on every route that takes one – never a 5xx, the session's context as the last good one left it", async () => {
    const link = await createLink(h, { rate_limit_per_minute: 100_000 });
    let n = 0;
    // A fresh address each time, so no rate limit answers in the refusal's place.
    const post = async (url: string, body: unknown, label: string) => {
      const response = await h.inject({ ...visitorPost(url, body), remoteAddress: `10.11.${Math.floor(n / 250)}.${n++ % 250}` });
      sent++;
      check(response, `${label}: ${url}`);
      return response;
    };
    const first = await post(`/api/public/chat/${link.token}`, { content: 'hello', context: { page: '/start', variables: { plan: 'pro' } } }, 'first');
    expect(first.status, first.text).toBe(200);
    const session = first.body.session as string;
    const routes = [
      { url: `/api/public/sessions/${link.token}`, body: {} },
      { url: `/api/public/chat/${link.token}`, body: { content: 'hello' } },
      { url: `/api/public/chat/${link.token}/new`, body: { content: 'hello' } },
      { url: `/api/public/chat/${link.token}`, body: { content: 'hello', session } },
    ];
    const context = { page: '/pricing', variables: { plan: 'pro' } };
    const bad = [...FUZZ_STRINGS, ...FUZZ_NUMBERS, [], ['/pricing'], { plan: { nested: 'x' } }];
    for (const route of routes) {
      for (const field of [['context'], ['context', 'page'], ['context', 'variables'], ['context', 'variables', 'plan']]) {
        for (const value of bad) await post(route.url, withField({ ...route.body, context }, field, value), `context field ${field.join('.')}`);
      }
      for (const name of ['k\u0000', '\ud800', '', ' ', 'a.b', '__proto__', 'constructor', 'x'.repeat(65), '1st']) {
        await post(route.url, { ...route.body, context: { variables: { [name]: 'v' } } }, `context variable name ${JSON.stringify(name).slice(0, 20)}`);
      }
      await post(route.url, { ...route.body, context: { ...context, extra: '\ud800' } }, 'context unknown field');
    }
    expect(failures, failures.slice(0, 20).join('\n')).toEqual([]);
    // Whatever the fuzzed messages of the session said, it still answers, and holds only text the page could say.
    const after = await post(`/api/public/chat/${link.token}`, { content: 'still here', session, context: { page: '/end' } }, 'after');
    expect(after.status, after.text).toBe(200);
    const view = await h.admin('GET', `/api/conversations/${after.body.conversation_id}`, undefined, link.tenantId);
    expect(view.body.collected_data['context.page']).toBe('/end');
    for (const [name, value] of Object.entries(view.body.collected_data as Record<string, unknown>)) {
      expect(name).toMatch(/^context\.[A-Za-z_][A-Za-z0-9_]{0,63}$/);
      expect(typeof value).toBe('string');
    }
  }, 120_000);

  it('the open protocols past their lookups (a real link): AG-UI inputs and A2A calls with bad values – never a 5xx, never an internal error', async () => {
    const link = await createLink(h, { rate_limit_per_minute: 100_000 });
    const ops = operations.filter((op) => op.path.startsWith('/api/public/agui/') || op.path.startsWith('/a2a/'));
    expect(ops.map((op) => `${op.method} ${op.path}`).sort()).toEqual([
      'GET /a2a/{token}/.well-known/agent-card.json',
      'POST /a2a/{token}',
      'POST /api/public/agui/{token}',
    ]);
    let n = 0;
    // A fresh address each time, so no rate limit answers in the refusal's place.
    const post = async (url: string, body: unknown, label: string) => {
      const response = await h.inject({ ...visitorPost(url, body), remoteAddress: `10.10.${Math.floor(n / 250)}.${n++ % 250}` });
      sent++;
      check(response, `${label}: ${url}`);
      // An answer inside the protocol (an AG-UI event, a JSON-RPC error) is a refusal, never an unexpected failure.
      if (/"code":\s*"internal"|"code":\s*-32603/.test(response.text)) failures.push(`${label}: internal error ${response.text.slice(0, 200)}`);
    };
    const bad = [...FUZZ_STRINGS, ...FUZZ_NUMBERS];
    const run = { threadId: 'fuzz-thread', runId: 'fuzz-run', messages: [{ id: 'm1', role: 'user', content: 'hello' }], forwardedProps: {} };
    const runFields: string[][] = [
      ['threadId'],
      ['runId'],
      ['messages'],
      ['messages', '0', 'content'],
      ['messages', '0', 'role'],
      ['forwardedProps'],
      ['forwardedProps', 'passcode'],
      ['forwardedProps', 'user'],
      ['forwardedProps', 'challenge_solution'],
    ];
    for (const field of runFields)
      for (const value of bad) await post(`/api/public/agui/${link.token}`, withField(run, field, value), `AG-UI ${field.join('.')}`);
    const message = {
      kind: 'message',
      messageId: 'fuzz-message',
      role: 'user',
      parts: [{ kind: 'text', text: 'hello' }],
      contextId: 'fuzz-context',
      metadata: {},
    };
    const calls = [
      { method: 'message/send', params: { message } },
      { method: 'message/stream', params: { message } },
      { method: 'tasks/get', params: { id: 'fuzz-task' } },
    ];
    const callFields: string[][] = [
      ['jsonrpc'],
      ['id'],
      ['method'],
      ['params'],
      ['params', 'message'],
      ['params', 'message', 'parts'],
      ['params', 'message', 'parts', '0', 'text'],
      ['params', 'message', 'contextId'],
      ['params', 'message', 'metadata', 'passcode'],
      ['params', 'message', 'metadata', 'user'],
      ['params', 'id'],
    ];
    for (const call of calls) {
      const valid = { jsonrpc: '2.0', id: 1, ...call };
      for (const field of callFields)
        for (const value of bad) await post(`/a2a/${link.token}`, withField(valid, field, value), `A2A ${call.method} ${field.join('.')}`);
    }
    expect(failures, failures.slice(0, 20).join('\n')).toEqual([]);
  }, 120_000);

  it('uploads: malformed multipart, NUL and lone surrogates in names and fields, lying lengths, odd methods – never a 5xx', async () => {
    const link = await createLink(h, { uploads: uploadsOn(), rate_limit_per_minute: 100_000 });
    // A fresh address per request and a fresh session every ten, so no rate limit answers in the refusal's place.
    let uploadsSent = 0;
    let url = '';
    const address = () => `10.9.${Math.floor(uploadsSent / 250)}.${uploadsSent % 250}`;
    const post = async (headers: Record<string, string>, payload: string | Buffer, label: string) => {
      if (uploadsSent % 10 === 0) {
        const session = (await h.inject({ ...visitorPost(`/api/public/sessions/${link.token}`, {}), remoteAddress: address() })).body.session as string;
        url = `/api/public/chat/${link.token}/uploads?session=${session}`;
      }
      uploadsSent++;
      const response = await h.inject({ method: 'POST', url, headers, payload, remoteAddress: address() });
      if (response.status === 429) failures.push(`upload ${label} → 429: a rate limit, not the check`);
      sent++;
      check(response, `upload ${label}`);
      if (response.status < 400 && response.status !== 201) failures.push(`upload ${label} → ${response.status}`);
    };
    const names = ['a\u0000b.txt', 'a\ud800.txt', '\udc00', '../../etc/passwd', '', 'x'.repeat(2_000), 'CON', '\u202e gpj.exe', 'ok.txt'];
    for (const filename of names) {
      const body = multipartBody([
        { name: 'f\u0000\ud800', value: 'v\u0000\udc00' },
        { name: 'file', filename, data: 'plain words' },
      ]);
      await post({ 'content-type': body.contentType }, body.payload, `filename ${JSON.stringify(filename.slice(0, 20))}`);
    }
    const good = multipartBody([{ name: 'file', filename: 'a.txt', data: 'words' }]);
    for (const contentType of [
      'multipart/form-data',
      'multipart/form-data; boundary=',
      'multipart/form-data; boundary="unclosed',
      'multipart/mixed; boundary=x',
      'text/plain',
      'application/json',
      '\u0000',
    ]) {
      await post({ 'content-type': contentType }, good.payload, `content-type ${JSON.stringify(contentType)}`);
    }
    for (const payload of [
      '',
      '--',
      good.payload.subarray(0, 40),
      Buffer.concat([good.payload.subarray(0, 60), Buffer.from([0, 0xff, 0xfe])]),
      good.payload.toString('latin1').replace(/\r\n/g, '\n'),
    ]) {
      await post({ 'content-type': good.contentType }, payload, `body ${JSON.stringify(String(payload).slice(0, 20))}`);
    }
    await post({ 'content-type': good.contentType, 'content-length': String(2 ** 53) }, good.payload, 'huge Content-Length');
    for (const method of FUZZ_METHODS) {
      const response = await h.inject({ method, url, headers: { 'content-type': good.contentType }, payload: good.payload });
      sent++;
      check(response, `${method} ${url}`);
    }
    expect(failures, failures.slice(0, 20).join('\n')).toEqual([]);
  });

  it('notes, labels and the conversation search past their lookups (a real escalation): bad bodies, labels, queries and ids, odd methods – never a 5xx', async () => {
    const agent = await h.seedAgent(deskAgent);
    const link = await h.bus.request('links.links.create', {
      tenantId: agent.tenantId,
      agentName: agent.name,
      settings: { title: 'Fuzzed desk', rate_limit_per_minute: 100_000 } as never,
      publicBaseUrl: 'http://127.0.0.1:8080',
    });
    const chat = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'hello' }, { remoteAddress: '192.0.2.40' }));
    const escalated = await h.inject(
      visitorPost(`/api/public/chat/${link.token}/escalate`, { session: chat.body.session, reason: 'fuzz' }, { remoteAddress: '192.0.2.40' }),
    );
    expect(escalated.status, escalated.text).toBe(201);
    const escalationId = escalated.body.escalation.id as string;
    const conversationId = chat.body.conversation_id as string;
    const call = (method: string, url: string, payload?: string) =>
      h.inject({
        method,
        url,
        headers: {
          authorization: `Bearer ${ADMIN_KEY}`,
          'x-tenant-id': agent.tenantId,
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(payload === undefined ? {} : { payload }),
      });
    const probe = async (method: string, url: string, payload: string | undefined, label: string) => {
      const response = await call(method, url, payload);
      sent++;
      check(response, `${label}: ${method} ${url.slice(0, 100)}`);
      return response;
    };
    const bad = [...FUZZ_STRINGS, ...FUZZ_NUMBERS, 'Two Words', 'x'.repeat(33), '-', [], {}, [null], ['a', 1]];
    for (const id of [...FUZZ_PATH_VALUES, 'esc_AAAAAAAAAAAAAAAA']) {
      const refused = await probe('POST', `/api/inbox/${id}/notes`, JSON.stringify({ text: 'lost' }), 'note on a bad id');
      expect(refused.status).toBeGreaterThanOrEqual(400);
    }
    for (const id of [...FUZZ_PATH_VALUES, '00000000-0000-4000-8000-000000000000']) {
      const refused = await probe('PUT', `/api/conversations/${id}/labels`, JSON.stringify({ labels: ['lost'] }), 'labels on a bad id');
      expect(refused.status).toBeGreaterThanOrEqual(400);
    }
    for (const raw of FUZZ_MALFORMED_JSON) {
      await probe('POST', `/api/inbox/${escalationId}/notes`, raw, 'note malformed JSON');
      await probe('PUT', `/api/conversations/${conversationId}/labels`, raw, 'labels malformed JSON');
    }
    for (const value of bad) {
      const note = await probe('POST', `/api/inbox/${escalationId}/notes`, JSON.stringify({ text: value }), 'note text');
      if (note.status === 201) expect(typeof value).toBe('string');
      await probe('PUT', `/api/conversations/${conversationId}/labels`, JSON.stringify({ labels: value }), 'labels');
      await probe('PUT', `/api/conversations/${conversationId}/labels`, JSON.stringify({ labels: [value] }), 'a label');
    }
    for (const query of ['q', 'label', 'agent', 'status', 'limit', 'cursor']) {
      for (const value of ['%00', '%ED%A0%80', '%zz', 'a'.repeat(5_000), '-1', '1e9', '"', '!!', 'a | b', "'; DROP TABLE x; --", '(a&b)', ':*', '\\']) {
        await probe('GET', `/api/conversations?${query}=${value}`, undefined, `search ${query}`);
      }
    }
    for (const method of FUZZ_METHODS) {
      for (const url of ['/api/conversations', `/api/conversations/${conversationId}/labels`, `/api/inbox/${escalationId}/notes`]) {
        await probe(method, url, undefined, 'odd method');
      }
    }
    expect(failures, failures.slice(0, 20).join('\n')).toEqual([]);
  });
});
