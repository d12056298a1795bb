import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const base = {
  ADMIN_API_KEY: 'admin-key-0123456789abcdef',
  CHAT_API_SECRET: 'chat-secret-0123456789abcdef',
  NATS_URL: 'nats://127.0.0.1:4222',
  REDIS_URL: 'redis://127.0.0.1:6379',
};

describe('the public edge variables', () => {
  it('trust no proxy and keep the documented limits by default', () => {
    const { gateway } = loadConfig(base);
    expect(gateway.trustProxy).toEqual([]);
    expect(gateway.publicLimits).toEqual({ perIpPerMinute: 30, perSessionPerMinute: 20, perEmailPerMinute: 20, invalidTokensPerIpPerMinute: 20 });
    expect(gateway.mail.smtpUrl).toBeUndefined();
  });

  it('put no ceiling over all public messages unless PUBLIC_GLOBAL_RATE_LIMIT_PER_SECOND sets one, and name a bad value', () => {
    expect(loadConfig(base).gateway.publicGlobalPerSecond).toBe(0);
    expect(loadConfig({ ...base, PUBLIC_GLOBAL_RATE_LIMIT_PER_SECOND: '0' }).gateway.publicGlobalPerSecond).toBe(0);
    expect(loadConfig({ ...base, PUBLIC_GLOBAL_RATE_LIMIT_PER_SECOND: '250' }).gateway.publicGlobalPerSecond).toBe(250);
    for (const bad of ['-1', '1.5', 'many']) {
      expect(() => loadConfig({ ...base, PUBLIC_GLOBAL_RATE_LIMIT_PER_SECOND: bad })).toThrow(/PUBLIC_GLOBAL_RATE_LIMIT_PER_SECOND/);
    }
  });

  it('read TRUST_PROXY as a list of addresses and CIDR blocks, and name a bad entry', () => {
    expect(loadConfig({ ...base, TRUST_PROXY: '10.0.0.0/8, 2001:db8::1' }).gateway.trustProxy).toEqual(['10.0.0.0/8', '2001:db8::1']);
    expect(() => loadConfig({ ...base, TRUST_PROXY: '10.0.0.0/8, loadbalancer' })).toThrow(/TRUST_PROXY/);
  });

  it('cap transcript mails per client address, recipient, link and platform (5, 5 a day, 100, 1000 by default), and name a bad value', () => {
    expect(loadConfig(base).gateway.transcriptMails).toEqual({ perIpPer10Minutes: 5, perRecipientPerDay: 5, perLinkPerHour: 100, perHour: 1_000 });
    const set = loadConfig({
      ...base,
      TRANSCRIPT_MAILS_PER_IP_PER_10_MINUTES: '2',
      TRANSCRIPT_MAILS_PER_RECIPIENT_PER_DAY: '3',
      TRANSCRIPT_MAILS_PER_LINK_PER_HOUR: '40',
      TRANSCRIPT_MAILS_PER_HOUR: '400',
    });
    expect(set.gateway.transcriptMails).toEqual({ perIpPer10Minutes: 2, perRecipientPerDay: 3, perLinkPerHour: 40, perHour: 400 });
    for (const name of [
      'TRANSCRIPT_MAILS_PER_IP_PER_10_MINUTES',
      'TRANSCRIPT_MAILS_PER_RECIPIENT_PER_DAY',
      'TRANSCRIPT_MAILS_PER_LINK_PER_HOUR',
      'TRANSCRIPT_MAILS_PER_HOUR',
    ]) {
      for (const bad of ['0', '-1', '1.5', 'many']) expect(() => loadConfig({ ...base, [name]: bad })).toThrow(new RegExp(name));
    }
  });

  it('cap the inbox streams of one management credential (10 by default), and name a bad value', () => {
    expect(loadConfig(base).gateway.inboxStreamsPerCredential).toBe(10);
    expect(loadConfig({ ...base, INBOX_STREAMS_PER_CREDENTIAL: '3' }).gateway.inboxStreamsPerCredential).toBe(3);
    for (const bad of ['0', '1.5', 'lots']) expect(() => loadConfig({ ...base, INBOX_STREAMS_PER_CREDENTIAL: bad })).toThrow(/INBOX_STREAMS_PER_CREDENTIAL/);
  });

  it('read MCP_ALLOWED_ORIGINS as a list of origins, and name a bad entry', () => {
    expect(loadConfig(base).gateway.mcpAllowedOrigins).toEqual([]);
    expect(loadConfig({ ...base, MCP_ALLOWED_ORIGINS: 'https://a.example, http://localhost:6274' }).gateway.mcpAllowedOrigins).toEqual([
      'https://a.example',
      'http://localhost:6274',
    ]);
    expect(() => loadConfig({ ...base, MCP_ALLOWED_ORIGINS: 'https://a.example/path' })).toThrow(/MCP_ALLOWED_ORIGINS/);
  });

  it('take an smtp:// or smtps:// SMTP_URL only', () => {
    expect(loadConfig({ ...base, SMTP_URL: 'smtps://user:pass@mail.example.com:465' }).gateway.mail.smtpUrl).toBe('smtps://user:pass@mail.example.com:465');
    expect(() => loadConfig({ ...base, SMTP_URL: 'https://mail.example.com' })).toThrow(/SMTP_URL/);
  });

  it('bound the request time and the heartbeat in whole seconds, and name a bad value', () => {
    const { gateway } = loadConfig({ ...base, REQUEST_TIMEOUT_SECONDS: '5', SSE_HEARTBEAT_SECONDS: '2' });
    expect(gateway.requestTimeoutMs).toBe(5_000);
    expect(gateway.sseHeartbeatMs).toBe(2_000);
    for (const bad of ['0', '-1', '1.5', 'soon']) {
      expect(() => loadConfig({ ...base, SSE_HEARTBEAT_SECONDS: bad })).toThrow(/SSE_HEARTBEAT_SECONDS/);
      expect(() => loadConfig({ ...base, REQUEST_TIMEOUT_SECONDS: bad })).toThrow(/REQUEST_TIMEOUT_SECONDS/);
    }
  });

  it("time the widget WebSocket's pings and its silent-client drop in whole seconds (20 and 30 by default)", () => {
    expect(loadConfig(base).gateway.webSocket).toEqual({ pingMs: 20_000, idleMs: 30_000 });
    expect(loadConfig({ ...base, WS_PING_SECONDS: '5', WS_IDLE_SECONDS: '12' }).gateway.webSocket).toEqual({ pingMs: 5_000, idleMs: 12_000 });
    for (const bad of ['0', '1.5', 'often']) {
      expect(() => loadConfig({ ...base, WS_PING_SECONDS: bad })).toThrow(/WS_PING_SECONDS/);
      expect(() => loadConfig({ ...base, WS_IDLE_SECONDS: bad })).toThrow(/WS_IDLE_SECONDS/);
    }
  });
});

describe('the access log', () => {
  it('is on by default, off with ACCESS_LOG=off, false or 0, and any other value is refused by name', () => {
    expect(loadConfig(base).gateway.accessLog).toBe(true);
    for (const off of ['off', 'false', '0']) expect(loadConfig({ ...base, ACCESS_LOG: off }).gateway.accessLog, off).toBe(false);
    expect(loadConfig({ ...base, ACCESS_LOG: 'on' }).gateway.accessLog).toBe(true);
    expect(() => loadConfig({ ...base, ACCESS_LOG: 'quiet' })).toThrow(/ACCESS_LOG: must be on or off/);
  });
});

describe('console sign-in with SSO', () => {
  const oidc = { OIDC_ISSUER_URL: 'https://id.example.com/realms/staff', OIDC_CLIENT_ID: 'parley', OIDC_CLIENT_SECRET: 's3cret' };

  it('is off without the OIDC variables, and on with all three', () => {
    expect(loadConfig(base).gateway.oidc).toBeUndefined();
    expect(loadConfig({ ...base, ...oidc }).gateway.oidc).toEqual({ issuerUrl: oidc.OIDC_ISSUER_URL, clientId: 'parley', clientSecret: 's3cret' });
  });

  it('names the missing variable when only some are set', () => {
    expect(() => loadConfig({ ...base, OIDC_ISSUER_URL: oidc.OIDC_ISSUER_URL })).toThrow(
      /OIDC_CLIENT_ID[\s\S]*OIDC_CLIENT_SECRET|OIDC_CLIENT_SECRET[\s\S]*OIDC_CLIENT_ID/,
    );
  });

  it('speaks to the issuer over TLS unless it is on this host', () => {
    expect(() => loadConfig({ ...base, ...oidc, OIDC_ISSUER_URL: 'http://id.example.com' })).toThrow(/OIDC_ISSUER_URL/);
    expect(loadConfig({ ...base, ...oidc, OIDC_ISSUER_URL: 'http://127.0.0.1:9000' }).gateway.oidc?.issuerUrl).toBe('http://127.0.0.1:9000');
  });
});
