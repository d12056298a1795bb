import { describe, expect, it } from 'vitest';
import { serializeError } from './error-serializer.js';
import { redactPostgresValues } from './postgres-message.js';

describe('redactPostgresValues', () => {
  it('keeps quoted names and redacts quoted values', () => {
    const cases: Array<[string, string[], string]> = [
      ['duplicate key value violates unique constraint "users_email_key"', [], 'duplicate key value violates unique constraint "users_email_key"'],
      [
        'null value in column "email" of relation "people" violates not-null constraint',
        [],
        'null value in column "email" of relation "people" violates not-null constraint',
      ],
      ['invalid input syntax for type uuid: "ann@example.com"', [], 'invalid input syntax for type uuid: "[redacted]"'],
      ['invalid input value for enum mood: "secret-ish"', [], 'invalid input value for enum mood: "[redacted]"'],
      ['value "4111111111111111" is out of range for type integer', [], 'value "[redacted]" is out of range for type integer'],
      ['invalid value for parameter "TimeZone": "Mars/Olympus"', [], 'invalid value for parameter "TimeZone": "[redacted]"'],
      ['database "parley" is not currently accepting connections', [], 'database "parley" is not currently accepting connections'],
      // A value with quotes of its own is redacted up to the end, not at its first inner quote.
      ['invalid input syntax for type json: "a"b@x.io"', [], 'invalid input syntax for type json: "[redacted]"'],
      // A name the error reports in its own fields stays, whatever word comes before it.
      ['could not create unique index "people_email_idx"', ['people_email_idx'], 'could not create unique index "people_email_idx"'],
      ['syntax error at or near "ann@example.com"', [], 'syntax error at or near "[redacted]"'],
    ];
    for (const [message, names, expected] of cases) expect(redactPostgresValues(message, names), message).toBe(expected);
  });
});

describe('serializeError', () => {
  it('keeps type, code, message and stack and drops every other property', () => {
    const error = Object.assign(new TypeError('boom for ann@example.com'), {
      code: 'E_BOOM',
      rawPacket: Buffer.from('Authorization: Bearer admin-key'),
      details: { email: 'ann@example.com' },
      statusCode: 500,
    });
    expect(serializeError(error)).toEqual({
      type: 'TypeError',
      code: 'E_BOOM',
      message: 'boom for a***@example.com',
      stack: expect.stringMatching(/^TypeError: boom for a\*\*\*@example\.com\n/),
    });
  });

  it('recognises a PostgreSQL error by its shape and keeps only the fields that name the failure', () => {
    const error = Object.assign(new Error('invalid input syntax for type uuid: "ann@example.com"'), {
      name: 'error',
      severity: 'ERROR',
      code: '22P02',
      routine: 'string_to_uuid',
      where: "unnamed portal parameter $1 = 'ann@example.com'",
      detail: 'Key (email)=(ann@example.com)',
      parameters: ['ann@example.com'],
      internalQuery: 'SELECT 1',
    });
    const out = serializeError(error);
    expect(out).toEqual({
      type: 'Error',
      code: '22P02',
      severity: 'ERROR',
      routine: 'string_to_uuid',
      message: 'invalid input syntax for type uuid: "[redacted]"',
      stack: expect.stringContaining('invalid input syntax for type uuid: "[redacted]"'),
    });
    expect(JSON.stringify(out)).not.toMatch(/ann@|a\*\*\*@/);
  });

  it('follows causes and aggregated errors the same way, to a bounded depth', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', address: '127.0.0.1' });
    const aggregate = Object.assign(new AggregateError([refused, refused], ''), { code: 'ECONNREFUSED' });
    const wrapped = new Error('could not load', { cause: aggregate });
    expect(serializeError(wrapped)).toMatchObject({
      message: 'could not load',
      cause: { type: 'AggregateError', code: 'ECONNREFUSED', errors: [{ code: 'ECONNREFUSED', message: refused.message }, { code: 'ECONNREFUSED' }] },
    });

    const looped = new Error('one');
    (looped as { cause?: unknown }).cause = looped;
    let depth = 0;
    for (let node = serializeError(looped) as { cause?: unknown }; typeof node === 'object'; node = node.cause as { cause?: unknown }) depth++;
    expect(depth).toBe(5);
  });

  it('masks strings, passes other values through, and never throws', () => {
    expect(serializeError('failed for bob@example.org')).toBe('failed for b***@example.org');
    expect(serializeError(undefined)).toBeUndefined();
    expect(serializeError(42)).toBe(42);
    const hostile = Object.defineProperty(new Error('x'), 'code', {
      get() {
        throw new Error('no');
      },
    });
    expect(serializeError(hostile)).toEqual({ type: 'Error', message: '[error could not be serialized]' });
  });

  it('returns what it already serialized unchanged', () => {
    const once = serializeError(new Error('x'));
    expect(serializeError(once)).toBe(once);
  });
});
