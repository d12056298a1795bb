import { saveScreenshot, seriousViolations, watchPage } from '@parley/testing';
import { samplePdf, samplePng } from '@parley/uploads/test-files';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedbackLink, lastOf, rate, startChat, thumb } from '../src/routes/public/feedback/public-feedback.test-kit.js';
import { type ConsoleHarness, startConsoleHarness } from './console-harness.js';
import { visitorPost } from './public-link-fixtures.js';
import { uploadRequest, uploadsOn } from './upload-fixtures.js';

/** What the operator sees of a visitor's opinion: a thumb on each answer they judged, and the score of the conversation. */
describe('feedback in the console’s conversation view, in Chromium', () => {
  let served: ConsoleHarness;

  beforeAll(async () => {
    served = await startConsoleHarness({ live: {} });
  });
  afterAll(async () => served?.close());

  it('shows the visitor’s thumbs (named for screen readers) with their comments, and “Rated 4/5” with the score’s comment', async () => {
    const { h, browser, base } = served;
    const link = await feedbackLink(h);
    const { session, conversationId } = await startChat(h, link.token, 'I want a human');
    const operatorKey = (await h.admin('POST', `/api/tenants/${link.tenantId}/keys`, { name: 'Maria' })).body.key as string;
    const [item] = (await h.withKey(operatorKey, 'GET', '/api/inbox?state=waiting')).body.items as { escalation_id: string; conversation_id: string }[];
    expect(item?.conversation_id).toBe(conversationId);
    expect((await h.withKey(operatorKey, 'POST', `/api/inbox/${item!.escalation_id}/claim`)).status).toBe(200);
    expect((await h.withKey(operatorKey, 'POST', `/api/inbox/${item!.escalation_id}/messages`, { content: 'Maria here: bring it in tomorrow.' })).status).toBe(
      201,
    );
    const handoff = await lastOf(h, link.token, session, 'assistant');
    const answer = await lastOf(h, link.token, session, 'operator');
    expect((await thumb(h, link.token, handoff.id, { session, rating: 'down' })).status).toBe(204);
    expect((await thumb(h, link.token, answer.id, { session, rating: 'up', comment: 'Fast and friendly' })).status).toBe(204);
    expect((await rate(h, link.token, { session, score: 4, comment: 'Sorted in a day' })).status).toBe(204);

    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(`${base}/console/inbox`);
    await page.getByLabel('API key').fill(operatorKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.inbox-list a', { hasText: 'asked for a human' }).click();

    const operatorLine = page.locator('.history .bubble.operator', { hasText: 'bring it in tomorrow' });
    await operatorLine.getByRole('img', { name: 'The visitor found this helpful' }).waitFor();
    await expect(operatorLine.locator('.feedback').textContent()).resolves.toContain('Fast and friendly');
    await page
      .locator('.history .bubble.assistant', { hasText: 'Let me get a colleague.' })
      .getByRole('img', { name: 'The visitor found this unhelpful' })
      .waitFor();
    // The visitor's own message carries none.
    await expect(page.locator('.history .bubble.user .feedback').count()).resolves.toBe(0);
    await expect(page.locator('.history .rating').textContent()).resolves.toBe('Rated 4/5 Sorted in a day');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-conversation-feedback');
    expect(problems.filter((p) => !/Failed to load resource|net::ERR/.test(p))).toEqual([]);
    await context.close();
  });

  it('shows the files a visitor attached: an image as a thumbnail, each downloadable with the operator’s own key', async () => {
    const { h, browser, base } = served;
    const link = await feedbackLink(h, { uploads: uploadsOn() });
    // The session starts without a message, so the first one – with the files – asks for a person.
    const started = await h.inject(visitorPost(`/api/public/sessions/${link.token}`, {}));
    expect(started.status, started.text).toBe(201);
    const { session, conversation_id: conversationId } = started.body as { session: string; conversation_id: string };
    const png = samplePng();
    const image = await h.inject(uploadRequest(link.token, session, { filename: 'kettle.png', type: 'image/png', data: png }));
    expect(image.status, image.text).toBe(201);
    const receipt = await h.inject(uploadRequest(link.token, session, { filename: 'receipt.pdf', type: 'application/pdf', data: samplePdf() }));
    expect(receipt.status, receipt.text).toBe(201);
    const sent = await h.inject(
      visitorPost(`/api/public/chat/${link.token}`, {
        session,
        content: 'I want a human, here is the kettle',
        attachments: [image.body.upload_id, receipt.body.upload_id],
      }),
    );
    expect(sent.status, sent.text).toBe(200);
    const operatorKey = (await h.admin('POST', `/api/tenants/${link.tenantId}/keys`, { name: 'Maria' })).body.key as string;

    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(`${base}/console/inbox`);
    await page.getByLabel('API key').fill(operatorKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.inbox-list a', { hasText: 'asked for a human' }).click();

    const files = page.locator('.history .bubble.user').getByRole('list', { name: 'Attached files' });
    // The thumbnail is the image itself, fetched with the key (a plain <img src> could not send it).
    const thumbnail = files.getByRole('img', { name: 'kettle.png' });
    await thumbnail.waitFor();
    await expect(
      thumbnail.evaluate(
        (img) => (img as unknown as { complete: boolean; naturalWidth: number }).complete && (img as unknown as { naturalWidth: number }).naturalWidth > 0,
      ),
    ).resolves.toBe(true);
    await expect(files.getByRole('button', { name: /receipt\.pdf/ }).textContent()).resolves.toMatch(/receipt\.pdf \(\d+ kB\)/);
    const [download] = await Promise.all([page.waitForEvent('download'), files.getByRole('button', { name: /kettle\.png/ }).click()]);
    expect(download.suggestedFilename()).toBe('kettle.png');
    const saved = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of saved) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(png)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-conversation-attachments');
    expect(problems.filter((p) => !/Failed to load resource|net::ERR/.test(p))).toEqual([]);
    expect(conversationId).toBe(sent.body.conversation_id);
    await context.close();
  });
});
