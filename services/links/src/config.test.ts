import { ConfigError } from '@parley/config';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const required = {
  NATS_URL: 'nats://127.0.0.1:4222',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/parley',
  AUDIT_KEY: 'audit-key-0123456789abcdef',
  VERIFICATION_KEY: 'verification-key-0123456789',
  SECRETS_KEY: 'secrets-key-0123456789abcdef',
};

describe('links configuration', () => {
  it('webhooks: retries for up to 24 hours after the first attempt and no private addresses by default', () => {
    expect(loadConfig(required).webhooks).toEqual({
      retryDelaysSeconds: [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000],
      retryWindowSeconds: 24 * 3600,
      allowPrivate: false,
    });
  });

  it('reads WEBHOOK_RETRY_DELAYS_SECONDS, WEBHOOK_RETRY_WINDOW_HOURS and WEBHOOK_ALLOW_PRIVATE', () => {
    expect(
      loadConfig({ ...required, WEBHOOK_RETRY_DELAYS_SECONDS: '1, 2,3', WEBHOOK_RETRY_WINDOW_HOURS: '48', WEBHOOK_ALLOW_PRIVATE: 'true' }).webhooks,
    ).toEqual({
      retryDelaysSeconds: [1, 2, 3],
      retryWindowSeconds: 48 * 3600,
      allowPrivate: true,
    });
  });

  it("distribution: the webhooks' retries and private-address switch; mail off without SMTP_URL, from the default sender", () => {
    const config = loadConfig(required);
    expect(config.distribution).toEqual({ retryDelaysSeconds: [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000], allowPrivate: false });
    expect(config.mail).toEqual({ smtpUrl: undefined, from: 'Parley <no-reply@localhost>' });
  });

  it('reads SMTP_URL and MAIL_FROM, and the webhook variables for distribution too', () => {
    const config = loadConfig({
      ...required,
      SMTP_URL: 'smtps://user:pass@mail.example.com:465',
      MAIL_FROM: 'Links <links@example.com>',
      WEBHOOK_RETRY_DELAYS_SECONDS: '1,2',
      WEBHOOK_ALLOW_PRIVATE: 'true',
    });
    expect(config.mail).toEqual({ smtpUrl: 'smtps://user:pass@mail.example.com:465', from: 'Links <links@example.com>' });
    expect(config.distribution).toEqual({ retryDelaysSeconds: [1, 2], allowPrivate: true });
  });

  it('names SMTP_URL and MAIL_FROM when their values are wrong, all at once', () => {
    let caught: unknown;
    try {
      loadConfig({ ...required, SMTP_URL: 'http://mail.example.com', MAIL_FROM: 'x' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems.map((problem) => problem.variable).sort()).toEqual(['MAIL_FROM', 'SMTP_URL']);
  });

  it('needs AUDIT_KEY, VERIFICATION_KEY and SECRETS_KEY of 16 characters or more, and keeps them as keys', () => {
    expect(loadConfig(required).keys).toEqual({
      audit: 'audit-key-0123456789abcdef',
      verification: 'verification-key-0123456789',
      secrets: 'secrets-key-0123456789abcdef',
    });
    let caught: unknown;
    try {
      loadConfig({ NATS_URL: required.NATS_URL, DATABASE_URL: required.DATABASE_URL, AUDIT_KEY: 'short', SECRETS_KEY: 'short too' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems.map((problem) => problem.variable).sort()).toEqual(['AUDIT_KEY', 'SECRETS_KEY', 'VERIFICATION_KEY']);
    // The message names the variable, never the value given.
    expect((caught as ConfigError).message).not.toContain('short');
  });

  it('SMS: none without SMS_ACCOUNT_SID, SMS_AUTH_TOKEN and SMS_FROM; with them, Twilio unless SMS_PROVIDER_URL names another', () => {
    expect(loadConfig(required).sms).toBeUndefined();
    const sms = { SMS_ACCOUNT_SID: 'AC0123', SMS_AUTH_TOKEN: 'token-0123456789', SMS_FROM: '+15005550006' };
    expect(loadConfig({ ...required, ...sms }).sms).toEqual({
      providerUrl: 'https://api.twilio.com',
      accountSid: 'AC0123',
      authToken: 'token-0123456789',
      from: '+15005550006',
      allowPrivate: false,
    });
    expect(loadConfig({ ...required, ...sms, SMS_PROVIDER_URL: 'http://127.0.0.1:4010', SMS_ALLOW_PRIVATE: 'true' }).sms).toMatchObject({
      providerUrl: 'http://127.0.0.1:4010',
      allowPrivate: true,
    });
  });

  it('SMS is configured whole or not at all, over TLS unless on this host – the token never in the message', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig({ ...required, ...env });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).message).not.toContain('token-0123456789');
        return (error as ConfigError).problems;
      }
      return [];
    };
    expect(problems({ SMS_AUTH_TOKEN: 'token-0123456789' })).toEqual([
      { variable: 'SMS_ACCOUNT_SID', message: 'is required with SMS_AUTH_TOKEN' },
      { variable: 'SMS_FROM', message: 'is required with SMS_AUTH_TOKEN' },
    ]);
    const whole = { SMS_ACCOUNT_SID: 'AC0123', SMS_AUTH_TOKEN: 'token-0123456789', SMS_FROM: '+15005550006' };
    expect(problems({ ...whole, SMS_PROVIDER_URL: 'http://sms.example.com' }).map((problem) => problem.variable)).toEqual(['SMS_PROVIDER_URL']);
    expect(problems({ ...whole, SMS_PROVIDER_URL: 'ftp://sms.example.com' }).map((problem) => problem.variable)).toEqual(['SMS_PROVIDER_URL']);
    expect(problems({ ...whole, SMS_PROVIDER_URL: 'not a url' }).map((problem) => problem.variable)).toEqual(['SMS_PROVIDER_URL']);
    expect(problems({ ...whole, SMS_ALLOW_PRIVATE: 'perhaps' }).map((problem) => problem.variable)).toEqual(['SMS_ALLOW_PRIVATE']);
  });

  it('names the variable when a value is wrong', () => {
    for (const [variable, value] of [
      ['WEBHOOK_RETRY_DELAYS_SECONDS', '5,,300'],
      ['WEBHOOK_RETRY_DELAYS_SECONDS', '-5'],
      ['WEBHOOK_RETRY_DELAYS_SECONDS', '1.5'],
      ['WEBHOOK_RETRY_DELAYS_SECONDS', '700000'],
      ['WEBHOOK_RETRY_DELAYS_SECONDS', Array(21).fill('1').join(',')],
      ['WEBHOOK_RETRY_WINDOW_HOURS', '0'],
      ['WEBHOOK_RETRY_WINDOW_HOURS', '-24'],
      ['WEBHOOK_RETRY_WINDOW_HOURS', '1.5'],
      ['WEBHOOK_RETRY_WINDOW_HOURS', 'a day'],
      ['WEBHOOK_RETRY_WINDOW_HOURS', '721'],
      ['WEBHOOK_ALLOW_PRIVATE', 'maybe'],
    ]) {
      let caught: unknown;
      try {
        loadConfig({ ...required, [variable!]: value });
      } catch (error) {
        caught = error;
      }
      expect(caught, `${variable}=${value}`).toBeInstanceOf(ConfigError);
      expect((caught as ConfigError).problems.map((problem) => problem.variable)).toEqual([variable]);
    }
  });
});
