import { randomUUID } from 'node:crypto';
import type { EscalationEvent } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { renderBody, slackMessage, teamsMessage, unlinked } from './payloads.js';
import { escalationChanged, feedbackReceived } from './webhook-events.js';

/** What a visitor may write to get a link, formatting or a mention into the tenant's channel. */
const ATTACKS = [
  '[Sign in again](https://evil.example)',
  '**urgent** _now_ ~gone~ `code` # Heading > quote',
  '<https://evil.example|Sign in again> <!channel> &amp;',
  'please log in at https://evil.example/signin or www.evil.example',
];

const names = {
  agentName: async () => 'support',
  link: async () => null,
};

const reasonEvent = (reason: string): EscalationEvent => ({
  eventId: randomUUID(),
  escalationId: 'esc_AAAAAAAAAAAAAAAA',
  tenantId: 'ten_1',
  conversationId: 'conv-1',
  agentId: 'agt_1',
  agentName: 'support',
  channel: 'link',
  linkId: null,
  state: 'waiting',
  reason,
  operator: null,
  at: '2026-03-01T10:00:00.000Z',
});

const feedbackEvent = (comment: string) => ({
  eventId: randomUUID(),
  tenantId: 'ten_1',
  agentId: 'agt_1',
  conversationId: 'conv-1',
  linkId: null,
  comment,
  at: '2026-03-01T10:00:00.000Z',
  feedback: { kind: 'rating' as const, score: 1, previous: null },
});

type Json = unknown;

/** Every string in a JSON value, wherever it is. */
function strings(value: Json): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** Every object of a JSON value with its path, to look for elements by type. */
function objects(value: Json): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap(objects);
  if (value && typeof value === 'object') return [value as Record<string, unknown>, ...Object.values(value).flatMap(objects)];
  return [];
}

describe('Slack and Teams messages show what visitors wrote as text', () => {
  it('Teams: title and sentence are TextRuns (no Markdown), the only link is the button', () => {
    const card = teamsMessage({
      title: '**Title** [x](https://evil.example)',
      text: ATTACKS[0]!,
      link: { url: 'https://chat.example/l/abc', label: 'Open the chat' },
    });
    const content = card.attachments[0]!.content;
    expect(content.body).toEqual([
      { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: '**Title** [x](https://evil.example)', weight: 'Bolder', size: 'Medium' }] },
      { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: '[Sign in again](https://evil.example)' }] },
    ]);
    // No element that reads Markdown, and no action but the button.
    expect(objects(card).some((element) => element.type === 'TextBlock')).toBe(false);
    expect(objects(card).filter((element) => 'url' in element)).toEqual([
      { type: 'Action.OpenUrl', title: 'Open the chat', url: 'https://chat.example/l/abc' },
    ]);
  });

  it('Slack: header and sections are plain_text, the notification text is not mrkdwn, & < > escaped everywhere', () => {
    const message = slackMessage({ title: 'Escalation *waiting*', text: ATTACKS[2]! });
    expect(message).toEqual({
      text: '&lt;https://evil.example|Sign in again&gt; &lt;!channel&gt; &amp;amp;',
      mrkdwn: false,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Escalation *waiting*' } },
        { type: 'section', text: { type: 'plain_text', text: '&lt;https://evil.example|Sign in again&gt; &lt;!channel&gt; &amp;amp;' } },
      ],
    });
    // Nothing is read as mrkdwn: no text object of that type, and no `<` left to open a link or mention.
    expect(objects(message).some((element) => element.type === 'mrkdwn')).toBe(false);
    expect(strings(message).some((text) => text.includes('<'))).toBe(false);
  });

  it('Slack: formatting characters reach Slack as typed, in plain_text', () => {
    const message = slackMessage({ title: 'Feedback received', text: ATTACKS[1]! });
    expect(message.blocks[1]).toEqual({ type: 'section', text: { type: 'plain_text', text: '**urgent** _now_ ~gone~ `code` # Heading &gt; quote' } });
  });

  it('Slack: a long text goes on in further sections (3,000 characters each, escapes never cut), a long title is cut', () => {
    const text = `${'a'.repeat(2_998)}&${'b'.repeat(10)}`;
    const message = slackMessage({ title: 't'.repeat(200), text, link: { url: 'https://chat.example/l/abc', label: 'Open the chat' } });
    expect(message.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: `${'t'.repeat(149)}…` } },
      {
        type: 'section',
        text: { type: 'plain_text', text: 'a'.repeat(2_998) },
        accessory: { type: 'button', text: { type: 'plain_text', text: 'Open the chat' }, url: 'https://chat.example/l/abc' },
      },
      { type: 'section', text: { type: 'plain_text', text: `&amp;${'b'.repeat(10)}` } },
    ]);
    expect(slackMessage({ title: '', text: '' }).blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: ' ' } },
      { type: 'section', text: { type: 'plain_text', text: ' ' } },
    ]);
  });

  it('web addresses and host names a visitor wrote are made unclickable, readable; other dots stay', () => {
    expect(unlinked('[Sign in again](https://evil.example)')).toBe('[Sign in again](https[:]//evil[.]example)');
    expect(unlinked('log in at www.evil.example/signin, or mail me@evil.co.uk')).toBe('log in at www[.]evil[.]example/signin, or mail me@evil[.]co[.]uk');
    expect(unlinked('ftp://files.example.org and HTTP://X.EXAMPLE')).toBe('ftp[:]//files[.]example[.]org and HTTP[:]//X[.]EXAMPLE');
    expect(unlinked('пример.рф')).toBe('пример[.]рф');
    expect(unlinked('version 1.2.3, e.g. 3.14 – thanks. Bye.')).toBe('version 1.2.3, e.g. 3.14 – thanks. Bye.');
  });

  it('an escalation reason: the Teams card and the Slack message show it as text, with no link in it', async () => {
    const reason = `${ATTACKS[0]} ${ATTACKS[3]}`;
    const event = await escalationChanged('escalation.created', reasonEvent(reason)).build(names);
    const sentence =
      'Escalation waiting: [Sign in again](https[:]//evil[.]example) please log in at https[:]//evil[.]example/signin or www[.]evil[.]example (agent support, conversation conv-1)';
    const teams = JSON.parse(renderBody('teams', event));
    expect(teams.attachments[0].content.body[1]).toEqual({ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: sentence }] });
    expect(teams.attachments[0].content.actions).toBeUndefined();
    const slack = JSON.parse(renderBody('slack', event));
    expect(slack.blocks[1]).toEqual({ type: 'section', text: { type: 'plain_text', text: sentence } });
    for (const text of [...strings(teams), ...strings(slack)]) expect(text).not.toMatch(/https?:\/\/evil|evil\.example/i);
    // The standard format's data keeps the visitor's words as written: the receiver's own code reads them.
    expect(JSON.parse(renderBody('standard', event)).data.reason).toBe(reason);
  });

  it('a feedback comment: the same, quoted in the sentence', async () => {
    const event = await feedbackReceived(feedbackEvent(`${ATTACKS[0]} ${ATTACKS[2]}`)).build(names);
    const slack = JSON.parse(renderBody('slack', event));
    expect(slack.blocks[1].text).toEqual({
      type: 'plain_text',
      text: 'A visitor gave a rating of 1/5 (agent support, conversation conv-1): “[Sign in again](https[:]//evil[.]example) &lt;https[:]//evil[.]example|Sign in again&gt; &lt;!channel&gt; &amp;amp;”',
    });
    const teams = JSON.parse(renderBody('teams', event));
    expect(teams.attachments[0].content.body[1].inlines[0].text).toBe(
      'A visitor gave a rating of 1/5 (agent support, conversation conv-1): “[Sign in again](https[:]//evil[.]example) <https[:]//evil[.]example|Sign in again> <!channel> &amp;”',
    );
    for (const text of [...strings(teams), ...strings(slack)]) expect(text).not.toMatch(/https?:\/\/evil|evil\.example/i);
    expect(JSON.parse(renderBody('standard', event)).data.comment).toBe(`${ATTACKS[0]} ${ATTACKS[2]}`);
  });
});
