import { describe, expect, it } from 'vitest';
import { DEPRECATED_VERSION_OPTION, parseOptions } from './options.js';

const TENANT = '6bc1814c-5705-5b6e-af99-104b91962282';
const AGENT = 'a1b2c3d4-e5f6-4890-abcd-ef1234567890';
const ENV = { CHAT_API_SECRET: 'secret' };
const ids = ['--tenant', TENANT, '--agent', AGENT];

describe('parseOptions', () => {
  it('asks for the version with --version or -V alone, wherever it stands', () => {
    expect(parseOptions(['--version'], {})).toEqual({ kind: 'version' });
    expect(parseOptions(['-V'], {})).toEqual({ kind: 'version' });
    expect(parseOptions([...ids, '--version'], ENV)).toEqual({ kind: 'version' });
  });

  it('pins with --agent-version, without a warning', () => {
    expect(parseOptions([...ids, '--agent-version', '3'], ENV)).toMatchObject({ kind: 'run', options: { agentVersion: 3 }, warnings: [] });
    expect(parseOptions(ids, ENV)).toMatchObject({ kind: 'run', options: { agentVersion: undefined }, warnings: [] });
  });

  it('still pins with --version <n> and --version=<n>, with the deprecation note', () => {
    for (const args of [
      ['--version', '2', ...ids],
      [...ids, '--version=2'],
    ]) {
      expect(parseOptions(args, ENV)).toMatchObject({ kind: 'run', options: { agentVersion: 2 }, warnings: [DEPRECATED_VERSION_OPTION] });
    }
  });

  it('refuses a deprecated --version that is a number but not a version, naming the option used', () => {
    expect(parseOptions([...ids, '--version', '-3'], ENV)).toEqual({
      kind: 'usage-error',
      message: '--version must be a whole number of at least 1, got "-3"',
    });
    expect(parseOptions([...ids, '--version', '1.5'], ENV)).toEqual({
      kind: 'usage-error',
      message: '--version must be a whole number of at least 1, got "1.5"',
    });
    expect(parseOptions([...ids, '--agent-version', 'two'], ENV)).toEqual({
      kind: 'usage-error',
      message: '--agent-version must be a whole number of at least 1, got "two"',
    });
  });

  it('reads a word after --version as a stray argument, not as a version', () => {
    expect(parseOptions([...ids, '--version', 'latest'], ENV)).toMatchObject({ kind: 'usage-error', message: expect.stringContaining("'latest'") });
  });
});
