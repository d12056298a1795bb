import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator, operatorKey, visitor } from '../../management/escalations/escalation.test-kit.js';
import { type FollowUpHarness, followUpLink, startFollowUpHarness, visit } from './public-follow-up.test-kit.js';

/**
 * The language of a visitor's mails (docs/public-chat-api.md "Visitors' language and look"): the
 * page's own when it says one (the widget's `lang`, as Content-Language), else the link's
 * `locale`, else the browser's.
 */
describe('the language of a visitor’s mails', () => {
  let f: FollowUpHarness;

  beforeAll(async () => {
    f = await startFollowUpHarness();
  });
  afterAll(async () => f?.stop());

  it('a page that says its language (the widget’s lang, as Content-Language) has the mail in it, over the link’s locale and the browser’s', async () => {
    const { h, inbox } = f;
    const { agent, token } = await followUpLink(h, { locale: 'fr' });
    const session = await visit(h, token);
    const left = await h.inject({
      method: 'POST',
      url: `/api/public/chat/${token}/offline-message`,
      headers: { 'content-type': 'application/json', 'accept-language': 'ja-JP,ja;q=0.9', 'content-language': 'de-AT' },
      payload: JSON.stringify({ session, email: 'lena@example.org', content: 'Bitte rufen Sie mich an.' }),
    });
    expect(left.status, left.text).toBe(201);
    const key = await operatorKey(h, agent.tenantId, 'Olga');
    const id = left.body.escalation.id as string;
    expect((await operator(h, key, 'POST', `/api/inbox/${id}/claim`)).status).toBe(200);
    const mails = inbox.mails.length;
    expect((await operator(h, key, 'POST', `/api/inbox/${id}/messages`, { content: 'Wir rufen um 15 Uhr an.' })).status).toBe(201);
    const mail = await inbox.next('lena@example.org', mails);
    expect(mail.headers['content-language']).toBe('de');
    expect(mail.html).toContain('<html lang="de" dir="ltr">');
    // A Content-Language the pages do not speak says nothing: the link's locale chooses.
    const other = await visit(h, token);
    const code = await h.inject({
      method: 'POST',
      url: `/api/public/chat/${token}/transcript`,
      headers: { 'content-type': 'application/json', 'content-language': 'pt-BR' },
      payload: JSON.stringify({ session: other, email: 'joao@example.org' }),
    });
    expect(code.status, code.text).toBe(202);
    const before = inbox.mails.length;
    const ended = await visitor(h, 'POST', `/api/public/chat/${token}`, { session: other, content: 'bye now' });
    expect(ended.body.session_ended).toBe(true);
    expect((await inbox.next('joao@example.org', before)).headers['content-language']).toBe('fr');
  });
});
