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
