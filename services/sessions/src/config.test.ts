import { ConfigError } from '@parley/config';
import { describe, expect, it } from 'vitest';
import { loadConfig, sessionsEnv } from './config.js';

const required = { NATS_URL: 'nats://127.0.0.1:4222', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/parley', REDIS_URL: 'redis://127.0.0.1:6379' };

/** The variables a ConfigError names, or what else was thrown. */
function refusedVariables(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...required, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((problem) => problem.variable);
    throw error;
  }
  return [];
}

describe('sessions configuration', () => {
  it('an escalation waits 120 s before the operators are mailed, unless ESCALATION_NOTIFY_AFTER_SECONDS says otherwise', () => {
    expect(loadConfig(required).escalations).toEqual({ notifyAfterSeconds: 120, assignmentTimeoutSeconds: 60 });
    expect(loadConfig({ ...required, ESCALATION_NOTIFY_AFTER_SECONDS: '300' }).escalations).toEqual({ notifyAfterSeconds: 300, assignmentTimeoutSeconds: 60 });
    // Set but empty counts as unset, as for every variable.
    expect(loadConfig({ ...required, ESCALATION_NOTIFY_AFTER_SECONDS: '' }).escalations).toEqual({ notifyAfterSeconds: 120, assignmentTimeoutSeconds: 60 });
    // The one-process mode reads the same variable with the same default.
    expect(sessionsEnv.shape.ESCALATION_NOTIFY_AFTER_SECONDS.parse(undefined)).toBe(120);
  });

  it('an offer not accepted in 60 s moves on, unless ASSIGNMENT_TIMEOUT_SECONDS says otherwise', () => {
    expect(loadConfig({ ...required, ASSIGNMENT_TIMEOUT_SECONDS: '20' }).escalations.assignmentTimeoutSeconds).toBe(20);
    for (const bad of ['0', '-5', '1.5', 'soon']) expect(refusedVariables({ ASSIGNMENT_TIMEOUT_SECONDS: bad })).toEqual(['ASSIGNMENT_TIMEOUT_SECONDS']);
  });

  it('prices LLM calls by LLM_PRICES (USD per million tokens by model), none when unset, and refuses any other shape naming the variable', () => {
    expect(loadConfig(required).llmPrices).toEqual({});
    expect(loadConfig({ ...required, LLM_PRICES: '{"gpt-4o-mini": {"input": 0.15, "output": 0.6}}' }).llmPrices).toEqual({
      'gpt-4o-mini': { input: 0.15, output: 0.6 },
    });
    for (const bad of [
      'gpt-4o-mini=0.15',
      '[]',
      '{"m": {"input": 1}}',
      '{"m": {"input": -1, "output": 1}}',
      '{"m": {"input": "1", "output": 1}}',
      '{"m": {"input": 1, "output": 1, "cached": 0.5}}',
    ]) {
      expect(refusedVariables({ LLM_PRICES: bad }), `LLM_PRICES=${bad}`).toEqual(['LLM_PRICES']);
    }
  });

  it('refuses a value that is not a positive whole number of seconds, naming ESCALATION_NOTIFY_AFTER_SECONDS', () => {
    for (const bad of ['0', '-120', '1.5', 'two minutes', '2m']) {
      expect(refusedVariables({ ESCALATION_NOTIFY_AFTER_SECONDS: bad }), `ESCALATION_NOTIFY_AFTER_SECONDS=${JSON.stringify(bad)}`).toEqual([
        'ESCALATION_NOTIFY_AFTER_SECONDS',
      ]);
    }
  });

  it('keeps 64 MiB of prompt history between turns unless HISTORY_CACHE_MB says otherwise (0: none), refusing what is not a size', () => {
    expect(loadConfig(required).historyCacheBytes).toBe(64 * 1024 * 1024);
    expect(loadConfig({ ...required, HISTORY_CACHE_MB: '0' }).historyCacheBytes).toBe(0);
    expect(loadConfig({ ...required, HISTORY_CACHE_MB: '256' }).historyCacheBytes).toBe(256 * 1024 * 1024);
    expect(sessionsEnv.shape.HISTORY_CACHE_MB.parse(undefined)).toBe(64);
    for (const bad of ['-1', '1.5', 'lots', '70000']) {
      expect(refusedVariables({ HISTORY_CACHE_MB: bad }), `HISTORY_CACHE_MB=${JSON.stringify(bad)}`).toEqual(['HISTORY_CACHE_MB']);
    }
  });

  it('reports every wrong variable at once', () => {
    expect(refusedVariables({ ESCALATION_NOTIFY_AFTER_SECONDS: 'soon', RUNNER_ATTEMPTS: '0' }).sort()).toEqual([
      'ESCALATION_NOTIFY_AFTER_SECONDS',
      'RUNNER_ATTEMPTS',
    ]);
  });
});
