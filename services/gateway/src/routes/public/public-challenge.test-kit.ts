import type { ProofOfWorkChallenge } from '@parley/contracts';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { expect } from 'vitest';
import type { GatewayHarness } from '../../../test/gateway-harness.js';
import { type ServedGateway, serveGateway } from '../../../test/served-gateway.js';

/** Small, so a test solves a challenge in milliseconds; the default is docs/api.md's. */
export const TEST_MAX_NUMBER = 2_000;

/** The gateway's config for these tests: a proxy on loopback tells each visitor's address, so tests keep to their own limits. */
export const challengeConfig = {
  trustProxy: ['127.0.0.1'],
  publicChallenge: { maxNumber: TEST_MAX_NUMBER },
  publicLimits: { perIpPerMinute: 20, perSessionPerMinute: 1_000, perEmailPerMinute: 1_000, invalidTokensPerIpPerMinute: 1_000 },
};

export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: answers are read loosely in tests, as the harness's are.
  body: any;
  headers: Headers;
  text: string;
}

/** A visitor of the served gateway over real HTTP, from an address of its own (X-Forwarded-For, believed from loopback). */
export interface Visitor {
  get(path: string): Promise<Answer>;
  post(path: string, body: unknown): Promise<Answer>;
  /** A new challenge of the link, solved: the base64 payload for `challenge_solution`. */
  solution(token: string): Promise<string>;
}

let addresses = 0;

export async function servedVisitors(h: GatewayHarness): Promise<{ served: ServedGateway; visitor(): Visitor }> {
  const served = await serveGateway(h);
  const visitor = (): Visitor => {
    const n = ++addresses;
    const address = `198.51.${Math.floor(n / 250)}.${(n % 250) + 1}`;
    const send = async (method: string, path: string, body?: unknown): Promise<Answer> => {
      const response = await fetch(`${served.url}${path}`, {
        method,
        headers: { 'x-forwarded-for': address, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : undefined };
    };
    const self: Visitor = {
      get: (path) => send('GET', path),
      post: (path, body) => send('POST', path, body),
      async solution(token) {
        const answer = await self.get(`/api/public/links/${token}/challenge`);
        expect(answer.status, answer.text).toBe(200);
        return solve(answer.body);
      },
    };
    return self;
  };
  return { served, visitor };
}

/** Solves a challenge with altcha-lib's own solver: what an ALTCHA client sends. */
export async function solve(challenge: ProofOfWorkChallenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('no solution found');
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

/** A payload's JSON, changed by `edit` and encoded again: what a visitor who tampers with it sends. */
// biome-ignore lint/suspicious/noExplicitAny: a tamperer edits the decoded JSON as they please.
export function tampered(payload: string, edit: (decoded: any) => void): string {
  const decoded = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
  edit(decoded);
  return Buffer.from(JSON.stringify(decoded)).toString('base64');
}

/** A refusal for the proof of work: 403 `forbidden`, `details.reason` `challenge`, and why. */
export function expectChallengeRefused(answer: Answer, why: 'missing' | 'invalid' | 'expired' | 'used'): void {
  expect(answer.status, answer.text).toBe(403);
  expect(answer.body.error).toMatchObject({ code: 'forbidden', details: { reason: 'challenge', challenge: why } });
  expect(answer.body.error.request_id).toBe(answer.headers.get('x-request-id'));
}
