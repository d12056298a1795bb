import { commonEnv, type Env, mailEnv, parseEnv, redisEnv, redisTargetCheck, requiredRedisTarget, vars } from '@parley/config';
import { cidr, origin } from '@parley/contracts';
import { serviceUploadStoreFromEnv } from '@parley/uploads';
import { z } from 'zod';

/** `10.0.0.0/8, 2001:db8::1`: the proxies whose X-Forwarded-For is believed. */
const addressList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== ''),
  )
  .pipe(z.array(cidr));

/** `https://a.example, https://b.example`: origins, each scheme, host and optional port. */
const originList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== ''),
  )
  .pipe(z.array(origin));

/** The gateway's own variables, shared by its standalone process and the one-process mode. */
export const gatewayEnv = {
  /** Where the gateway listens. */
  PORT: vars.port.default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** The internal port of /readyz and /metrics (and /healthz): not for the internet, unlike PORT. */
  HEALTH_PORT: vars.port.default(8081),
  /** Platform admin bearer key: acts on any tenant with X-Tenant-Id. */
  ADMIN_API_KEY: vars.secret,
  /** HMAC secret of the Text Chat API. */
  CHAT_API_SECRET: vars.secret,
  /** The origin used in links handed out; default http://HOST:PORT. */
  PUBLIC_BASE_URL: vars.url.optional(),
  /** Largest request body accepted, in bytes; larger ones get 413. */
  BODY_LIMIT_BYTES: vars.positiveInt.default(262_144),
  /** Seconds a client has to send a whole request (headers and body); slower ones get 408. */
  REQUEST_TIMEOUT_SECONDS: vars.positiveInt.default(30),
  /** Management API requests one client address may make per minute. */
  MANAGEMENT_RATE_LIMIT_PER_MINUTE: vars.positiveInt.default(600),
  /** Requests for routes that do not exist one client address may make per minute (no probing). */
  NOT_FOUND_RATE_LIMIT_PER_MINUTE: vars.positiveInt.default(120),
  /**
   * Addresses or CIDR blocks of the reverse proxies in front of the gateway. Only requests from
   * them have their X-Forwarded-For believed for the client address (IP rules, rate limits);
   * unset: the socket's address is the client's, whatever the header says.
   */
  TRUST_PROXY: addressList.optional(),
  /** Public-link messages one client address may send per minute, across links. */
  PUBLIC_RATE_LIMIT_PER_IP_PER_MINUTE: vars.positiveInt.default(30),
  /** Messages one public session may send per minute. */
  PUBLIC_RATE_LIMIT_PER_SESSION_PER_MINUTE: vars.positiveInt.default(20),
  /** Messages one verified email may send per minute, across its sessions. */
  PUBLIC_RATE_LIMIT_PER_EMAIL_PER_MINUTE: vars.positiveInt.default(20),
  /**
   * The platform's ceiling on public messages per second, across all links and gateway replicas
   * (counted in Redis): past it messages are refused (429) before any LLM call. 0 or unset: none.
   */
  PUBLIC_GLOBAL_RATE_LIMIT_PER_SECOND: vars.nonNegativeInt.optional(),
  /** Unknown or malformed link tokens one client address may try per minute (no enumeration). */
  PUBLIC_INVALID_TOKENS_PER_IP_PER_MINUTE: vars.positiveInt.default(20),
  /**
   * The largest counter a proof-of-work challenge hides (docs/public-chat-api.md "Proof of work"): a visitor's
   * browser tries half of it on average, one SHA-256 each – 20000 is about half a second on a phone.
   */
  PUBLIC_CHALLENGE_MAX_NUMBER: vars.positiveInt.min(1_000).max(10_000_000).default(20_000),
  /** Verification mails one client address may ask for per 10 minutes, whatever the emails (no spamming strangers). */
  VERIFICATION_MAILS_PER_IP_PER_10_MINUTES: vars.positiveInt.default(5),
  /** Verification mails one link may send per hour, from all addresses (a spammer rotating addresses). */
  VERIFICATION_MAILS_PER_LINK_PER_HOUR: vars.positiveInt.default(50),
  /** Verification mails the platform sends per hour across links: keeps the mail server's reputation. */
  VERIFICATION_MAILS_PER_HOUR: vars.positiveInt.default(500),
  /** Transcript mails one client address may ask for per 10 minutes, whatever the addresses mailed (no spamming strangers). */
  TRANSCRIPT_MAILS_PER_IP_PER_10_MINUTES: vars.positiveInt.default(5),
  /** Transcript mails one email address may be sent per day, across links and client addresses (no mailing one person over and over). */
  TRANSCRIPT_MAILS_PER_RECIPIENT_PER_DAY: vars.positiveInt.default(5),
  /** Transcript mails visitors of one link may ask for per hour, from all addresses (a spammer rotating addresses). */
  TRANSCRIPT_MAILS_PER_LINK_PER_HOUR: vars.positiveInt.default(100),
  /** Transcript mails visitors may ask for per hour across links: keeps the mail server's reputation. */
  TRANSCRIPT_MAILS_PER_HOUR: vars.positiveInt.default(1_000),
  ...mailEnv,
  /** Seconds between the comment lines that keep an idle SSE stream open through proxies. */
  SSE_HEARTBEAT_SECONDS: vars.positiveInt.default(15),
  /** Seconds between the pings the gateway sends on each widget WebSocket. */
  WS_PING_SECONDS: vars.positiveInt.default(20),
  /** Live streams (SSE and WebSocket together) one public session may hold open: each costs the gateway a connection. */
  LIVE_STREAMS_PER_SESSION: vars.positiveInt.default(5),
  /** Live streams one client address may hold open across sessions and gateways (many sessions from one address). */
  LIVE_STREAMS_PER_ADDRESS: vars.positiveInt.default(30),
  /** Inbox event streams (`GET /api/inbox/events`) one management credential – a key, or a member's console session – may hold open. */
  INBOX_STREAMS_PER_CREDENTIAL: vars.positiveInt.default(10),
  /** Browser origins besides PUBLIC_BASE_URL's that may call /mcp (a request with another Origin gets 403). */
  MCP_ALLOWED_ORIGINS: originList.optional(),
  /** An MCP session (Mcp-Session-Id) unused this many minutes is closed; the client then initializes again. */
  MCP_SESSION_IDLE_MINUTES: vars.positiveInt.default(30),
  /** A WebSocket client silent this many seconds (no pong, no frame) is dropped. */
  WS_IDLE_SECONDS: vars.positiveInt.default(30),
  /**
   * Console sign-in with an OpenID Connect provider (docs/management-api.md, "Signing in to the console with
   * SSO"): its issuer (https, or http on a loopback host for a local provider), and this client's
   * id and secret there. All three or none; the redirect URI is PUBLIC_BASE_URL/auth/oidc/callback.
   */
  OIDC_ISSUER_URL: vars.url.optional(),
  OIDC_CLIENT_ID: z.string().min(1).max(500).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).max(2_000).optional(),
};

/** The verification mail ceilings when no variable sets them. */
export const defaultVerificationMails = { perIpPer10Minutes: 5, perLinkPerHour: 50, perHour: 500 } as const;

/** The transcript mail ceilings when no variable sets them. */
export const defaultTranscriptMails = { perIpPer10Minutes: 5, perRecipientPerDay: 5, perLinkPerHour: 100, perHour: 1_000 } as const;

export interface GatewayConfig {
  port: number;
  host: string;
  adminApiKey: string;
  chatApiSecret: string;
  publicBaseUrl: string;
  bodyLimitBytes: number;
  requestTimeoutMs: number;
  managementRateLimitPerMinute: number;
  notFoundRateLimitPerMinute: number;
  /** Empty: X-Forwarded-For is ignored. */
  trustProxy: string[];
  publicLimits: { perIpPerMinute: number; perSessionPerMinute: number; perEmailPerMinute: number; invalidTokensPerIpPerMinute: number };
  /** Proof-of-work challenges of links with `challenge: "pow"`: the largest counter hidden (PUBLIC_CHALLENGE_MAX_NUMBER). */
  publicChallenge: { maxNumber: number };
  /** Public messages per second across all links and replicas (PUBLIC_GLOBAL_RATE_LIMIT_PER_SECOND); 0: no ceiling. */
  publicGlobalPerSecond: number;
  /** Ceilings on verification mails, checked before a code is made (VERIFICATION_MAILS_*). */
  verificationMails: { perIpPer10Minutes: number; perLinkPerHour: number; perHour: number };
  /** Ceilings on the transcript mails visitors ask for, checked when they ask (TRANSCRIPT_MAILS_*). */
  transcriptMails: { perIpPer10Minutes: number; perRecipientPerDay: number; perLinkPerHour: number; perHour: number };
  mail: { smtpUrl: string | undefined; from: string };
  sseHeartbeatMs: number;
  /** The widget's WebSocket: ping interval, and how long a silent client is kept. */
  webSocket: { pingMs: number; idleMs: number };
  /** Live streams open at once per public session and per client address (LIVE_STREAMS_PER_*). */
  liveStreamCaps: { perSession: number; perAddress: number };
  /** Inbox event streams open at once per management credential (INBOX_STREAMS_PER_CREDENTIAL). */
  inboxStreamsPerCredential: number;
  /** Origins besides PUBLIC_BASE_URL's a browser may call /mcp from (MCP_ALLOWED_ORIGINS). */
  mcpAllowedOrigins: string[];
  mcpSessionIdleMs: number;
  /** Console sign-in with SSO (OIDC_*); undefined: only keys sign in. */
  oidc: { issuerUrl: string; clientId: string; clientSecret: string } | undefined;
  /** One info line per request served (ACCESS_LOG). */
  accessLog: boolean;
}

export function gatewayConfigFrom(env: {
  PORT: number;
  HOST: string;
  ADMIN_API_KEY: string;
  CHAT_API_SECRET: string;
  PUBLIC_BASE_URL?: string | undefined;
  BODY_LIMIT_BYTES: number;
  REQUEST_TIMEOUT_SECONDS?: number;
  MANAGEMENT_RATE_LIMIT_PER_MINUTE?: number;
  NOT_FOUND_RATE_LIMIT_PER_MINUTE?: number;
  TRUST_PROXY?: string[] | undefined;
  PUBLIC_RATE_LIMIT_PER_IP_PER_MINUTE?: number;
  PUBLIC_RATE_LIMIT_PER_SESSION_PER_MINUTE?: number;
  PUBLIC_RATE_LIMIT_PER_EMAIL_PER_MINUTE?: number;
  PUBLIC_INVALID_TOKENS_PER_IP_PER_MINUTE?: number;
  PUBLIC_CHALLENGE_MAX_NUMBER?: number;
  PUBLIC_GLOBAL_RATE_LIMIT_PER_SECOND?: number | undefined;
  VERIFICATION_MAILS_PER_IP_PER_10_MINUTES?: number;
  VERIFICATION_MAILS_PER_LINK_PER_HOUR?: number;
  VERIFICATION_MAILS_PER_HOUR?: number;
  TRANSCRIPT_MAILS_PER_IP_PER_10_MINUTES?: number;
  TRANSCRIPT_MAILS_PER_RECIPIENT_PER_DAY?: number;
  TRANSCRIPT_MAILS_PER_LINK_PER_HOUR?: number;
  TRANSCRIPT_MAILS_PER_HOUR?: number;
  SMTP_URL?: string | undefined;
  MAIL_FROM?: string;
  SSE_HEARTBEAT_SECONDS?: number;
  WS_PING_SECONDS?: number;
  WS_IDLE_SECONDS?: number;
  LIVE_STREAMS_PER_SESSION?: number;
  LIVE_STREAMS_PER_ADDRESS?: number;
  INBOX_STREAMS_PER_CREDENTIAL?: number;
  MCP_ALLOWED_ORIGINS?: string[] | undefined;
  MCP_SESSION_IDLE_MINUTES?: number;
  OIDC_ISSUER_URL?: string | undefined;
  OIDC_CLIENT_ID?: string | undefined;
  OIDC_CLIENT_SECRET?: string | undefined;
  ACCESS_LOG?: boolean;
}): GatewayConfig {
  const shownHost = env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST;
  return {
    port: env.PORT,
    host: env.HOST,
    adminApiKey: env.ADMIN_API_KEY,
    chatApiSecret: env.CHAT_API_SECRET,
    publicBaseUrl: env.PUBLIC_BASE_URL ?? `http://${shownHost}:${env.PORT}`,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    requestTimeoutMs: (env.REQUEST_TIMEOUT_SECONDS ?? 30) * 1000,
    managementRateLimitPerMinute: env.MANAGEMENT_RATE_LIMIT_PER_MINUTE ?? 600,
    notFoundRateLimitPerMinute: env.NOT_FOUND_RATE_LIMIT_PER_MINUTE ?? 120,
    trustProxy: env.TRUST_PROXY ?? [],
    publicLimits: {
      perIpPerMinute: env.PUBLIC_RATE_LIMIT_PER_IP_PER_MINUTE ?? 30,
      perSessionPerMinute: env.PUBLIC_RATE_LIMIT_PER_SESSION_PER_MINUTE ?? 20,
      perEmailPerMinute: env.PUBLIC_RATE_LIMIT_PER_EMAIL_PER_MINUTE ?? 20,
      invalidTokensPerIpPerMinute: env.PUBLIC_INVALID_TOKENS_PER_IP_PER_MINUTE ?? 20,
    },
    publicChallenge: { maxNumber: env.PUBLIC_CHALLENGE_MAX_NUMBER ?? 20_000 },
    publicGlobalPerSecond: env.PUBLIC_GLOBAL_RATE_LIMIT_PER_SECOND ?? 0,
    verificationMails: {
      perIpPer10Minutes: env.VERIFICATION_MAILS_PER_IP_PER_10_MINUTES ?? defaultVerificationMails.perIpPer10Minutes,
      perLinkPerHour: env.VERIFICATION_MAILS_PER_LINK_PER_HOUR ?? defaultVerificationMails.perLinkPerHour,
      perHour: env.VERIFICATION_MAILS_PER_HOUR ?? defaultVerificationMails.perHour,
    },
    transcriptMails: {
      perIpPer10Minutes: env.TRANSCRIPT_MAILS_PER_IP_PER_10_MINUTES ?? defaultTranscriptMails.perIpPer10Minutes,
      perRecipientPerDay: env.TRANSCRIPT_MAILS_PER_RECIPIENT_PER_DAY ?? defaultTranscriptMails.perRecipientPerDay,
      perLinkPerHour: env.TRANSCRIPT_MAILS_PER_LINK_PER_HOUR ?? defaultTranscriptMails.perLinkPerHour,
      perHour: env.TRANSCRIPT_MAILS_PER_HOUR ?? defaultTranscriptMails.perHour,
    },
    mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM ?? 'Parley <no-reply@localhost>' },
    sseHeartbeatMs: (env.SSE_HEARTBEAT_SECONDS ?? 15) * 1000,
    webSocket: { pingMs: (env.WS_PING_SECONDS ?? 20) * 1000, idleMs: (env.WS_IDLE_SECONDS ?? 30) * 1000 },
    liveStreamCaps: { perSession: env.LIVE_STREAMS_PER_SESSION ?? 5, perAddress: env.LIVE_STREAMS_PER_ADDRESS ?? 30 },
    inboxStreamsPerCredential: env.INBOX_STREAMS_PER_CREDENTIAL ?? 10,
    mcpAllowedOrigins: env.MCP_ALLOWED_ORIGINS ?? [],
    mcpSessionIdleMs: (env.MCP_SESSION_IDLE_MINUTES ?? 30) * 60_000,
    oidc:
      env.OIDC_ISSUER_URL && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET
        ? { issuerUrl: env.OIDC_ISSUER_URL, clientId: env.OIDC_CLIENT_ID, clientSecret: env.OIDC_CLIENT_SECRET }
        : undefined,
    accessLog: env.ACCESS_LOG ?? true,
  };
}

/** Two listeners on one fixed port would fail at start-up with EADDRINUSE: say which variable instead. */
export function refuseSharedPort(env: { PORT: number; HEALTH_PORT: number }, context: z.RefinementCtx): void {
  if (env.PORT !== 0 && env.PORT === env.HEALTH_PORT) {
    context.addIssue({ code: 'custom', path: ['HEALTH_PORT'], message: `must differ from PORT (${env.PORT})` });
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * SSO is configured whole or not at all (a half-set one would fail only when someone signs in),
 * and its issuer is spoken to over TLS unless it runs on this host.
 */
export function refuseHalfOidc(
  env: { OIDC_ISSUER_URL?: string | undefined; OIDC_CLIENT_ID?: string | undefined; OIDC_CLIENT_SECRET?: string | undefined },
  context: z.RefinementCtx,
): void {
  const names = ['OIDC_ISSUER_URL', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const;
  const set = names.filter((name) => env[name] !== undefined);
  if (set.length > 0 && set.length < names.length) {
    for (const name of names.filter((name) => env[name] === undefined)) {
      context.addIssue({ code: 'custom', path: [name], message: `is required with ${set.join(' and ')}` });
    }
  }
  if (env.OIDC_ISSUER_URL !== undefined) {
    const issuer = new URL(env.OIDC_ISSUER_URL);
    if (issuer.protocol !== 'https:' && !LOOPBACK_HOSTS.has(issuer.hostname)) {
      context.addIssue({ code: 'custom', path: ['OIDC_ISSUER_URL'], message: 'must be https:// (http:// only on a loopback host)' });
    }
  }
}

/** The standalone gateway: NATS and Redis are required (replicas share replay protection). */
export function loadConfig(env: Env = process.env) {
  const schema = z
    .object({ ...commonEnv, ...gatewayEnv, NATS_URL: vars.natsUrl, ...redisEnv })
    .check(redisTargetCheck({ required: true }))
    .superRefine(refuseSharedPort)
    .superRefine(refuseHalfOidc);
  const parsed = parseEnv(schema, env);
  return {
    logLevel: parsed.LOG_LEVEL,
    namespace: parsed.BUS_NAMESPACE,
    natsUrl: parsed.NATS_URL,
    natsReplicas: parsed.NATS_REPLICAS,
    /** REDIS_URL, or the primary behind REDIS_SENTINELS. */
    redis: requiredRedisTarget(parsed),
    healthPort: parsed.HEALTH_PORT,
    shutdownDelaySeconds: parsed.SHUTDOWN_DELAY_SECONDS,
    shutdownTimeoutSeconds: parsed.SHUTDOWN_TIMEOUT_SECONDS,
    gateway: gatewayConfigFrom(parsed),
    /** Visitors' files and knowledge documents' files: S3_BUCKET or UPLOADS_DIR (docs/operations.md); undefined: both answer 503. */
    uploads: serviceUploadStoreFromEnv(env),
  };
}
