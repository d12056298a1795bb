import { loadConfig as loadRunnerConfig } from '@parley/agent-runner';
import { loadConfig as loadCleanupConfig } from '@parley/cleanup';
import { loadConfig as loadGatewayConfig } from '@parley/gateway';
import { loadConfig as loadSessionsConfig } from '@parley/sessions';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, commonEnv, type Env, loadStandaloneEnv, parseEnv, vars } from './index.js';

const NATS_URL = 'nats://127.0.0.1:4222';
const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/parley';

/** The error a config function throws; fails the test if it returns. */
function configError(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError, but the configuration was accepted');
}

const problemsOf = (error: ConfigError) => Object.fromEntries(error.problems.map((p) => [p.variable, p.message]));

const serviceSchema = z.object({ ...commonEnv, NATS_URL: vars.natsUrl, PORT: vars.port.default(8080), API_SECRET: vars.secret });

describe('parseEnv', () => {
  it('reports every problem at once, each naming its variable', () => {
    const error = configError(() => parseEnv(serviceSchema, { PORT: 'abc', LOG_LEVEL: 'loud', API_SECRET: 'short' }));
    expect(Object.keys(problemsOf(error)).sort()).toEqual(['API_SECRET', 'LOG_LEVEL', 'NATS_URL', 'PORT']);
    expect(problemsOf(error)).toMatchObject({ NATS_URL: 'is required', API_SECRET: 'must be at least 16 characters' });
    for (const variable of ['NATS_URL', 'PORT', 'LOG_LEVEL', 'API_SECRET']) expect(error.message).toContain(`${variable}: `);
    // The values themselves are not repeated: a secret given by mistake stays out of the logs.
    expect(error.message).not.toContain('short');
  });

  it('counts empty strings as unset: required ones are missing, optional ones take their default', () => {
    const error = configError(() => parseEnv(serviceSchema, { NATS_URL: '', API_SECRET: '' }));
    expect(problemsOf(error)).toEqual({ NATS_URL: 'is required', API_SECRET: 'is required' });

    const parsed = parseEnv(serviceSchema, { NATS_URL, API_SECRET: 'a-secret-of-16-chars', PORT: '', LOG_LEVEL: '', BUS_NAMESPACE: '' });
    expect(parsed).toMatchObject({ PORT: 8080, LOG_LEVEL: 'info', BUS_NAMESPACE: 'parley' });
  });

  it('applies defaults and coerces numbers and booleans', () => {
    const parsed = parseEnv(z.object({ ...commonEnv, FLAG: vars.boolean.default(false), PORT: vars.port }), { PORT: '9090', FLAG: 'yes' });
    expect(parsed).toEqual({
      LOG_LEVEL: 'info',
      BUS_NAMESPACE: 'parley',
      NATS_REPLICAS: 1,
      SHUTDOWN_DELAY_SECONDS: 0,
      SHUTDOWN_TIMEOUT_SECONDS: 10,
      ACCESS_LOG: true,
      FLAG: true,
      PORT: 9090,
    });
  });

  it('refuses URLs of the wrong kind, naming the variable and the expected form', () => {
    const schema = z.object({ DATABASE_URL: vars.databaseUrl, REDIS_URL: vars.redisUrl, NATS_URL: vars.natsUrl });
    const error = configError(() => parseEnv(schema, { DATABASE_URL: 'mysql://db:3306/x', REDIS_URL: 'localhost:6379', NATS_URL: 'http://nats:4222' }));
    expect(problemsOf(error)).toEqual({
      DATABASE_URL: expect.stringContaining('postgres://'),
      REDIS_URL: expect.stringContaining('redis://'),
      NATS_URL: expect.stringContaining('nats://'),
    });
    // A list of NATS servers, with or without the scheme, is fine.
    expect(parseEnv(schema, { DATABASE_URL, REDIS_URL: 'redis://cache:6379', NATS_URL: 'nats://a:4222,b:4222' }).NATS_URL).toBe('nats://a:4222,b:4222');
  });
});

describe('loadStandaloneEnv', () => {
  const extra = z.object({ PORT: vars.port.default(8080), RETRIES: vars.positiveInt.default(3) });
  const load = (env: Env, needsDatabase = true) => loadStandaloneEnv({ defaultHealthPort: 8083, needsDatabase, extra }, env);

  it('reports the common and the service’s own problems together', () => {
    const error = configError(() => load({ PORT: 'abc', LOG_LEVEL: 'loud', RETRIES: '0' }));
    expect(Object.keys(problemsOf(error)).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'NATS_URL', 'PORT', 'RETRIES']);
    expect(problemsOf(error)).toMatchObject({ NATS_URL: 'is required', DATABASE_URL: 'is required' });
    expect(error.message).toMatch(/NATS_URL: is required/);
    expect(error.message).toMatch(/PORT: /);
    expect(error.message).toMatch(/LOG_LEVEL: /);
  });

  it('needs DATABASE_URL only for services that own tables', () => {
    expect(load({ NATS_URL }, false).standalone).toEqual({
      logLevel: 'info',
      namespace: 'parley',
      natsUrl: NATS_URL,
      natsReplicas: 1,
      healthPort: 8083,
      shutdownDelaySeconds: 0,
      shutdownTimeoutSeconds: 10,
      accessLog: true,
      workQueues: { enabled: true, maxMessages: 10_000, storage: 'memory', direct: true },
    });
    expect(problemsOf(configError(() => load({ NATS_URL })))).toEqual({ DATABASE_URL: 'is required' });
  });

  it('migrates at start-up unless DATABASE_MIGRATE=false (a least-privilege role may not change the schema), and refuses another value by name', () => {
    expect(load({ NATS_URL, DATABASE_URL, DATABASE_MIGRATE: 'false' }).standalone.migrate).toBe(false);
    expect(load({ NATS_URL, DATABASE_URL, DATABASE_MIGRATE: 'true' }).standalone.migrate).toBe(true);
    expect(Object.keys(problemsOf(configError(() => load({ NATS_URL, DATABASE_URL, DATABASE_MIGRATE: 'never' }))))).toEqual(['DATABASE_MIGRATE']);
  });

  it('keeps one copy of each JetStream stream unless NATS_REPLICAS says how many (1 to 5), and refuses another count by name', () => {
    expect(load({ NATS_URL, DATABASE_URL, NATS_REPLICAS: '5' }).standalone.natsReplicas).toBe(5);
    for (const bad of ['0', '6', '2.5', 'three']) {
      expect(Object.keys(problemsOf(configError(() => load({ NATS_URL, DATABASE_URL, NATS_REPLICAS: bad })))), bad).toEqual(['NATS_REPLICAS']);
    }
  });

  it('keeps the turn queue in memory unless RUNNER_QUEUE_STORAGE says file, and refuses any other storage by name', () => {
    expect(load({ NATS_URL, DATABASE_URL, RUNNER_QUEUE_STORAGE: 'file' }).standalone.workQueues.storage).toBe('file');
    for (const bad of ['disk', 'FILE', 'memory,file']) {
      expect(Object.keys(problemsOf(configError(() => load({ NATS_URL, DATABASE_URL, RUNNER_QUEUE_STORAGE: bad })))), bad).toEqual(['RUNNER_QUEUE_STORAGE']);
    }
  });

  it('writes the access log unless ACCESS_LOG says off, false or 0, and refuses any other value by name', () => {
    expect(load({ NATS_URL, DATABASE_URL }).standalone.accessLog).toBe(true);
    for (const on of ['on', 'true', '1', 'ON']) expect(load({ NATS_URL, DATABASE_URL, ACCESS_LOG: on }).standalone.accessLog, on).toBe(true);
    for (const off of ['off', 'false', '0', 'Off']) expect(load({ NATS_URL, DATABASE_URL, ACCESS_LOG: off }).standalone.accessLog, off).toBe(false);
    for (const bad of ['no-thanks', 'disabled', '2']) {
      expect(problemsOf(configError(() => load({ NATS_URL, DATABASE_URL, ACCESS_LOG: bad }))), bad).toEqual({
        ACCESS_LOG: 'must be on or off (also true/false, 1/0)',
      });
    }
  });

  it('applies defaults and reads every given value', () => {
    expect(load({ NATS_URL, DATABASE_URL })).toEqual({
      standalone: {
        logLevel: 'info',
        namespace: 'parley',
        natsUrl: NATS_URL,
        natsReplicas: 1,
        databaseUrl: DATABASE_URL,
        migrate: true,
        healthPort: 8083,
        shutdownDelaySeconds: 0,
        shutdownTimeoutSeconds: 10,
        accessLog: true,
        workQueues: { enabled: true, maxMessages: 10_000, storage: 'memory', direct: true },
      },
      env: { PORT: 8080, RETRIES: 3 },
    });
    const given = load({
      NATS_URL,
      NATS_REPLICAS: '3',
      DATABASE_URL,
      HEALTH_PORT: '9000',
      LOG_LEVEL: 'debug',
      BUS_NAMESPACE: 'staging',
      SHUTDOWN_DELAY_SECONDS: '4',
      SHUTDOWN_TIMEOUT_SECONDS: '3',
      ACCESS_LOG: 'off',
      RUNNER_QUEUE: 'false',
      RUNNER_QUEUE_MAX: '50',
      RUNNER_QUEUE_STORAGE: 'file',
      RUNNER_QUEUE_DIRECT: 'false',
      PORT: '81',
      RETRIES: '5',
    });
    expect(given).toEqual({
      standalone: {
        logLevel: 'debug',
        namespace: 'staging',
        natsUrl: NATS_URL,
        natsReplicas: 3,
        databaseUrl: DATABASE_URL,
        migrate: true,
        healthPort: 9000,
        shutdownDelaySeconds: 4,
        shutdownTimeoutSeconds: 3,
        accessLog: false,
        workQueues: { enabled: false, maxMessages: 50, storage: 'file', direct: false },
      },
      env: { PORT: 81, RETRIES: 5 },
    });
  });
});

describe("the services' real loadConfig", () => {
  it('sessions: a bad DATABASE_URL is refused by name, with every other problem', () => {
    const error = configError(() => loadSessionsConfig({ NATS_URL, DATABASE_URL: 'not a url', RUNNER_ATTEMPTS: 'many' }));
    // REDIS_URL too: the sessions service writes the conversations' live events there.
    expect(Object.keys(problemsOf(error)).sort()).toEqual(['DATABASE_URL', 'REDIS_URL', 'RUNNER_ATTEMPTS']);
    expect(error.message).toContain('DATABASE_URL: must be a URL like postgres://');
    const REDIS_URL = 'redis://127.0.0.1:6379';
    expect(loadSessionsConfig({ NATS_URL, DATABASE_URL, REDIS_URL })).toMatchObject({
      natsUrl: NATS_URL,
      databaseUrl: DATABASE_URL,
      runnerAttempts: 3,
      healthPort: 8083,
    });
  });

  it('cleanup: names each of its variables and converts minutes', () => {
    const error = configError(() => loadCleanupConfig({ DATABASE_URL: 'mysql://db/x', SESSION_TIMEOUT_SECONDS: '-5', CLEANUP_INTERVAL_MINUTES: 'often' }));
    expect(Object.keys(problemsOf(error)).sort()).toEqual(['CLEANUP_INTERVAL_MINUTES', 'DATABASE_URL', 'NATS_URL', 'SESSION_TIMEOUT_SECONDS']);
    expect(loadCleanupConfig({ NATS_URL, DATABASE_URL, CLEANUP_INTERVAL_MINUTES: '2' }).cleanup).toEqual({
      sessionTimeoutSeconds: 1800,
      cleanupIntervalMs: 120_000,
      partitionMonthsAhead: 3,
      retentionDays: 90,
      scheduleCatchUpMinutes: 60,
    });
  });

  it('gateway: short secrets and a missing REDIS_URL are named', () => {
    const error = configError(() => loadGatewayConfig({ NATS_URL, ADMIN_API_KEY: 'short', CHAT_API_SECRET: '', PORT: '70000' }));
    expect(problemsOf(error)).toEqual({
      ADMIN_API_KEY: 'must be at least 16 characters',
      CHAT_API_SECRET: 'is required',
      PORT: expect.any(String),
      REDIS_URL: 'is required (or REDIS_SENTINELS with REDIS_SENTINEL_NAME)',
    });
  });

  it('gateway: /readyz and /metrics on HEALTH_PORT (8081), apart from PORT; one port for both is refused by name', () => {
    const env = { NATS_URL, REDIS_URL: 'redis://127.0.0.1:6379', ADMIN_API_KEY: 'admin-key-0123456789', CHAT_API_SECRET: 'chat-secret-0123456789' };
    expect(loadGatewayConfig(env)).toMatchObject({ healthPort: 8081, shutdownDelaySeconds: 0, gateway: { port: 8080 } });
    expect(loadGatewayConfig({ ...env, SHUTDOWN_DELAY_SECONDS: '5' }).shutdownDelaySeconds).toBe(5);
    expect(problemsOf(configError(() => loadGatewayConfig({ ...env, PORT: '9000', HEALTH_PORT: '9000' })))).toEqual({
      HEALTH_PORT: 'must differ from PORT (9000)',
    });
    expect(problemsOf(configError(() => loadGatewayConfig({ ...env, SHUTDOWN_DELAY_SECONDS: '-1' })))).toEqual({
      SHUTDOWN_DELAY_SECONDS: expect.any(String),
    });
  });
});

describe('Redis through Sentinel (REDIS_SENTINELS, REDIS_SENTINEL_NAME)', () => {
  const gateway = { NATS_URL, ADMIN_API_KEY: 'admin-key-0123456789', CHAT_API_SECRET: 'chat-secret-0123456789' };
  const loaders = {
    gateway: (env: Env) => loadGatewayConfig({ ...gateway, ...env }).redis,
    sessions: (env: Env) => loadSessionsConfig({ NATS_URL, DATABASE_URL, ...env }).redis,
    'agent-runner': (env: Env) => loadRunnerConfig({ NATS_URL, ...env }).redis,
  };
  const group = { REDIS_SENTINELS: 'sentinel-a:26379, sentinel-b:26380,[fd00::3]:26381', REDIS_SENTINEL_NAME: 'parley' };

  it.each(Object.entries(loaders))('%s: a sentinel group stands in for REDIS_URL, and wins over it when both are set', (_service, load) => {
    const sentinels = [
      { host: 'sentinel-a', port: 26379 },
      { host: 'sentinel-b', port: 26380 },
      { host: 'fd00::3', port: 26381 },
    ];
    expect(load(group)).toEqual({ sentinels, name: 'parley' });
    expect(load({ ...group, REDIS_URL: 'redis://cache:6379' })).toMatchObject({ sentinels, name: 'parley' });
    expect(load({ ...group, REDIS_PASSWORD: 'primary-secret', REDIS_SENTINEL_PASSWORD: 'sentinel-secret' })).toEqual({
      sentinels,
      name: 'parley',
      password: 'primary-secret',
      sentinelPassword: 'sentinel-secret',
    });
    expect(load({ REDIS_URL: 'redis://cache:6379' })).toBe('redis://cache:6379');
  });

  it.each(Object.entries(loaders))('%s: a half-set group is refused by name, with every other problem', (_service, load) => {
    expect(problemsOf(configError(() => load({ REDIS_SENTINELS: group.REDIS_SENTINELS, REDIS_URL: 'redis://cache:6379' })))).toEqual({
      REDIS_SENTINEL_NAME: 'is required with REDIS_SENTINELS',
    });
    expect(problemsOf(configError(() => load({ REDIS_SENTINEL_NAME: 'parley', LOG_LEVEL: 'loud' })))).toEqual({
      REDIS_SENTINELS: 'is required with REDIS_SENTINEL_NAME',
      LOG_LEVEL: expect.any(String),
    });
  });

  it('names the entry of REDIS_SENTINELS that is not a host:port, unless it may hold a secret', () => {
    for (const [list, named] of [
      ['sentinel-a:26379,sentinel-b', '"sentinel-b"'],
      ['sentinel-a', '"sentinel-a"'],
      ['sentinel-a:70000', '"sentinel-a:70000"'],
      ['sentinel-a:26379,,sentinel-b:26379', 'entry 2'],
      ['redis://:hunter2-password@sentinel-a:26379', 'entry 1'],
    ] as const) {
      const problems = problemsOf(configError(() => loaders.gateway({ ...group, REDIS_SENTINELS: list })));
      expect(problems, list).toEqual({ REDIS_SENTINELS: `must be host:port,host:port,… (${named} is not a host:port)` });
    }
  });

  it('keeps the passwords out of every message, and refuses them without REDIS_SENTINELS (a REDIS_URL carries its own)', () => {
    const secrets = { REDIS_PASSWORD: 'primary-secret', REDIS_SENTINEL_PASSWORD: 'sentinel-secret' };
    const error = configError(() => loaders.sessions({ REDIS_URL: 'redis://cache:6379', ...secrets }));
    expect(problemsOf(error)).toEqual({
      REDIS_PASSWORD: 'is read only with REDIS_SENTINELS (a REDIS_URL carries its password)',
      REDIS_SENTINEL_PASSWORD: 'is read only with REDIS_SENTINELS (a REDIS_URL carries its password)',
    });
    const halfSet = configError(() => loaders.gateway({ REDIS_SENTINELS: 'sentinel-a', ...secrets }));
    for (const message of [error.message, halfSet.message]) {
      expect(message).not.toContain('primary-secret');
      expect(message).not.toContain('sentinel-secret');
    }
  });
});
