import { createHmac } from 'node:crypto';
import { sha256Hex } from '@parley/auth';
import { linkTestKeys } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VerificationRepository } from '../src/verification/verification.repository.js';
import { VerificationService } from '../src/verification/verification.service.js';
import { type LinksHarness, sayingAgent, startLinksHarness } from './links-harness.js';

describe('stored verification codes', () => {
  let h: LinksHarness;
  let linkId: string;

  beforeAll(async () => {
    h = await startLinksHarness();
    const tenantId = (await h.client.request('links.tenants.create', { name: 'Codes' })).id;
    await h.client.request('links.agents.create', { tenantId, name: 'bot', config: sayingAgent('hi') });
    const link = await h.client.request('links.links.create', {
      tenantId,
      agentName: 'bot',
      settings: { title: 'Verified' } as never,
      publicBaseUrl: 'http://x',
    });
    linkId = link.id;
  });
  afterAll(async () => h?.stop());

  it('are kept as an HMAC under the service’s key: a copy of the table cannot be searched for the code', async () => {
    const email = 'ann@example.com';
    const { code } = await h.client.request('links.verification.start', { linkId, email });
    const row = await h.ctx.db
      .selectFrom('email_verifications')
      .select('code_hash')
      .where('link_id', '=', linkId)
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const input = `${linkId}\n${email}\n${code}`;
    expect(row.code_hash).not.toBe(sha256Hex(input));
    // Without the key, trying all 10^6 codes finds none of them.
    expect(row.code_hash).toBe(createHmac('sha256', linkTestKeys.verification).update(input).digest('hex'));

    // A service with another key does not recognise the code; the one with the key does.
    const otherKey = new VerificationService(new VerificationRepository(h.ctx.db), 'another-verification-key-0123456789');
    expect(await otherKey.confirm(linkId, email, code)).toEqual({ verified: false, attemptsLeft: 4, failure: 'wrong_code' });
    expect(await h.client.request('links.verification.confirm', { linkId, email, code })).toMatchObject({ verified: true });
  });
});
