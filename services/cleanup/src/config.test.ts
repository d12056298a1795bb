import { ConfigError } from '@parley/config';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const base = { NATS_URL: 'nats://127.0.0.1:4222', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' };

describe('cleanup config: RETENTION_DAYS', () => {
  it('keeps ended public conversations 90 days unless told otherwise', () => {
    expect(loadConfig(base).cleanup.retentionDays).toBe(90);
    expect(loadConfig({ ...base, RETENTION_DAYS: '30' }).cleanup.retentionDays).toBe(30);
  });

  it.each(['0', '-1', '1.5', 'forever', '36501'])('refuses RETENTION_DAYS=%s by name', (value) => {
    let error: unknown;
    try {
      loadConfig({ ...base, RETENTION_DAYS: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/RETENTION_DAYS: /);
  });
});

describe('cleanup config: SCHEDULE_CATCH_UP_MINUTES', () => {
  it('catches up link schedule slots missed by up to 60 minutes unless told otherwise; 0 runs none late', () => {
    expect(loadConfig(base).cleanup.scheduleCatchUpMinutes).toBe(60);
    expect(loadConfig({ ...base, SCHEDULE_CATCH_UP_MINUTES: '15' }).cleanup.scheduleCatchUpMinutes).toBe(15);
    expect(loadConfig({ ...base, SCHEDULE_CATCH_UP_MINUTES: '0' }).cleanup.scheduleCatchUpMinutes).toBe(0);
  });

  it.each(['-1', '1.5', 'an hour', '10081'])('refuses SCHEDULE_CATCH_UP_MINUTES=%s by name', (value) => {
    expect(() => loadConfig({ ...base, SCHEDULE_CATCH_UP_MINUTES: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, SCHEDULE_CATCH_UP_MINUTES: value })).toThrow(/SCHEDULE_CATCH_UP_MINUTES: /);
  });
});
