/**
 * What the chat page and the widget both say to visitors, in English: the catalog every other
 * language follows key for key (`Translation<typeof en>`), and the one bundled with them (the
 * others load on demand). What only the chat page says is in ../page-words, so the widget does not
 * carry it. The link's own texts – title, welcome message, the agent's replies – are never here:
 * they stay as their owner wrote them.
 */
export const en = {
  'page.chat': 'Chat',
  'page.logo': '{name} logo',
  'page.agentFallback': 'The agent',

  'connection.connecting': 'Connecting…',
  'connection.live': 'Connected',
  'connection.reconnecting': 'Reconnecting…',
  'connection.closed': 'Not connected',

  'status.thinking': '{agent} is thinking…',
  'status.typing': '{agent} is typing…',

  'composer.label': 'Message',
  'composer.placeholder': 'Type a message',
  'composer.send': 'Send',

  'conversation.label': 'Conversation',
  'conversation.youSaid': 'You said:',
  'conversation.notice': 'Notice:',
  'conversation.agentSaid': '{agent} said:',
  'conversation.operatorFallback': 'Support',
  'conversation.sending': 'Sending…',
  'conversation.ended': 'This conversation has ended.',
  'conversation.earlier': 'Earlier conversations',
  'conversation.untitled': 'Conversation',

  'time.minutes': { one: '{count} min', other: '{count} min' },

  'person.ask': 'Talk to a person',
  'person.talkingWith': 'You are talking with {name}.',
  'person.someone': 'a person',
  'person.waiting': 'Waiting for a person…',
  'person.waitingAt': 'Waiting for a person. {place}.',
  'person.waitingAtFor': 'Waiting for a person. {place} · {wait}.',
  'person.next': 'You are next',
  'person.position': 'You are number {position} in line',
  'person.lessThanMinute': 'less than a minute',
  'person.aboutMinutes': 'about {minutes}',

  'delete.ask': 'Delete this conversation',
  'delete.question': 'Delete this conversation and everything in it? This cannot be undone.',
  'delete.confirm': 'Delete',
  'delete.busy': 'Deleting…',
  'delete.keep': 'Keep it',

  'error.generic': 'Something went wrong. Try again.',
  'error.unreachable': 'The server could not be reached. Check your connection and try again.',
  'error.messageLimit': 'This conversation has reached its message limit.',
  'error.tooMany': { one: 'Too many messages. Try again in {count} second.', other: 'Too many messages. Try again in {count} seconds.' },
  'error.agentUnavailable': 'The agent could not answer just now. Try again.',
  'error.offlineQueued': 'Not connected. Your message will be sent when the connection is back.',

  'widget.close': 'Close chat',
  'widget.dialog': 'Chat: {title}',
  'widget.unavailable': 'This chat is not available.',
  'widget.expired': 'This chat has expired.',
  'widget.inactive': 'This chat has been turned off.',
  'widget.needsPage': 'This chat needs a step the widget does not offer.',
  'widget.signedInOnly': 'This chat is for signed-in users.',
} as const;
