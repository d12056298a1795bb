import { pageWords } from '../words';

/** The webhooks page's words, in English: loaded with the page, beside the console's own. */
export const webhooksEn = {
  'webhooks.intro':
    'Each event is POSTed to every webhook subscribed to it: signed JSON (Standard Webhooks), or a readable message for a Slack or Teams incoming webhook. A failed delivery is tried again for about a day.',
  'webhooks.new': 'New webhook',
  'webhooks.newTitle': 'New webhook',
  'webhooks.url': 'URL',
  'webhooks.urlHint': 'An http or https address whose host is public, e.g. https://example.com/hooks/parley.',
  'webhooks.format': 'Format',
  'webhooks.standard': 'Standard Webhooks (signed JSON)',
  'webhooks.slack': 'Slack message',
  'webhooks.teams': 'Teams message',
  'webhooks.events': 'Events',
  'webhooks.allEvents': 'All events',
  'webhooks.create': 'Create webhook',
  'webhooks.noneYet': 'No webhooks yet. A webhook tells another system what happens here as it happens.',
  'webhooks.webhook': 'Webhook',
  'webhooks.created': 'Created',
  'webhooks.deliveries': 'Deliveries',
  'webhooks.ready': 'The webhook to {url} is ready',
  'webhooks.secretOnce':
    'Copy its signing secret now: it is shown only once. Receivers check each delivery’s webhook-signature with it (any Standard Webhooks library does).',
  'webhooks.secret': 'Signing secret',
  'webhooks.copySecret': 'Copy secret',
  'webhooks.deleted': 'The webhook to {url} is deleted, with its pending deliveries and their history.',
  'webhooks.deliveriesOf': 'Deliveries to {url}',
  'webhooks.deliveriesIntro': 'Every attempt, newest first; the list refreshes by itself.',
  'webhooks.noDeliveries': 'Nothing delivered yet: the next event it is subscribed to will show here.',
  'webhooks.when': 'When',
  'webhooks.event': 'Event',
  'webhooks.attempt': 'Attempt',
  'webhooks.status': 'Status',
  'webhooks.response': 'Answer',
  'webhooks.succeeded': 'succeeded',
  'webhooks.failed': 'failed',
  'webhooks.pending': 'due',
  'webhooks.noAnswer': 'no answer',
  'webhooks.ms': '{ms} ms',
  'webhooks.close': 'Close',
} as const;

export const t = pageWords(webhooksEn);
