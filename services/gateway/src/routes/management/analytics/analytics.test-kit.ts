import { createHmac } from 'node:crypto';
import type { AnalyticsAnswer } from '@parley/contracts';
import { waitFor } from '@parley/testing';
import { expect } from 'vitest';
import type { GatewayHarness } from '../../../../test/gateway-harness.js';
import { helpDeskAgent } from '../../../../test/public-link-fixtures.js';

/** Asks, answers, ends on "bye", hands over on "human": every outcome a history needs, without an LLM. */
export const frontDeskAgent = helpDeskAgent({ farewell: 'Bye.' });

/** Addresses whose countries the offline table knows. */
export const ADDRESSES = { us1: '8.8.8.8', us2: '8.8.4.4', gb: '81.2.69.142', de: '5.9.1.1', jp: '1.0.16.1', jp2: '1.0.16.2', denied: '203.0.113.5' };

/** A visitor's POST from an address (as the client socket's; no proxy in front). */
export function visit(h: GatewayHarness, url: string, body: unknown, from: string, headers: Record<string, string> = {}) {
  return h.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body), remoteAddress: from });
}

export const signedUser = (secret: string, userId: string) => ({ user_id: userId, user_hash: createHmac('sha256', secret).update(userId).digest('hex') });

/** Polls an analytics route until `done` holds of its answer (the rollups follow the events). */
export async function analyticsWhen(h: GatewayHarness, url: string, tenantId: string, done: (body: AnalyticsAnswer) => boolean): Promise<AnalyticsAnswer> {
  let body: AnalyticsAnswer | undefined;
  await waitFor(
    async () => {
      const answer = await h.admin('GET', url, undefined, tenantId);
      expect(answer.status, answer.text).toBe(200);
      body = answer.body as AnalyticsAnswer;
      return done(body);
    },
    { timeoutMs: 10_000 },
  );
  return body as AnalyticsAnswer;
}
