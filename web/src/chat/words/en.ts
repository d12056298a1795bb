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

  // The platform's own words in a conversation, by their `notice` code (docs/public-chat-api.md "Notices").
  'notice.nobodyAvailable': 'Nobody is available right now. A person will answer here as soon as they can.',
  'notice.nobodyAvailableEmail': 'Nobody is available right now. A person will answer here as soon as they can. We will also tell you by email.',
  'notice.everyoneBusy': 'Everyone is busy right now. You keep your place in line, and a person will answer here as soon as they can.',
  'notice.everyoneBusyEmail':
    'Everyone is busy right now. You keep your place in line, and a person will answer here as soon as they can. We will also tell you by email.',
  'notice.budgetExhausted': 'This chat has reached its limit for today. Please come back tomorrow.',

  // The documents an answer from knowledge cited, listed under it.
  'sources.title': 'Sources',
  'sources.newTab': '(opens in a new tab)',

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
  'person.waitingTeam': 'Waiting for {team}…',
  'person.waitingTeamAt': 'Waiting for {team}. {place}.',
  'person.waitingTeamAtFor': 'Waiting for {team}. {place} · {wait}.',
  'person.assigned': '{name} will answer you in a moment.',

  'offline.title': 'Leave a message',
  'offline.closed': 'We are closed right now.',
  'offline.nobody': 'Nobody is available right now.',
  'offline.intro': 'Leave your message and your email, and a person will answer you by email.',
  'offline.opensAt': 'We are back {time}.',
  'offline.instead': 'Can’t wait? Leave a message and your email',
  'offline.email': 'Your email',
  'offline.message': 'Your message',
  'offline.send': 'Send message',
  'offline.sent': 'Thank you. Your message is with us, and the answer will come to {email}.',
  'offline.failed': 'Your message could not be sent. Try again.',
  'transcript.ask': 'Email me the transcript',
  'transcript.email': 'Email address for the transcript',
  'transcript.send': 'Send transcript',
  'transcript.atEnd': 'The transcript will be emailed to {email} when this conversation ends.',
  'transcript.sent': 'The transcript is on its way to {email}.',
  'transcript.already': 'The transcript of this conversation has been emailed already.',
  'transcript.failed': 'The transcript could not be requested. Try again.',

  'delete.ask': 'Delete this conversation',
  'delete.question': 'Delete this conversation and everything in it? This cannot be undone.',
  'delete.confirm': 'Delete',
  'delete.busy': 'Deleting…',
  'delete.keep': 'Keep it',

  'error.generic': 'Something went wrong. Try again.',
  'error.unreachable': 'The server could not be reached. Check your connection and try again.',
  'error.messageLimit': 'This conversation has reached its message limit.',
  'error.tooMany': { one: 'Too many messages. Try again in {count} second.', other: 'Too many messages. Try again in {count} seconds.' },
  'error.contentBlocked': 'This message can’t be sent: it contains something this chat doesn’t accept. Edit it and send it again.',
  'error.agentUnavailable': 'The agent could not answer just now. Try again.',
  'error.offlineQueued': 'Not connected. Your message will be sent when the connection is back.',

  'widget.close': 'Close chat',
  'widget.dialog': 'Chat: {title}',
  'widget.unavailable': 'This chat is not available.',
  'widget.expired': 'This chat has expired.',
  'widget.inactive': 'This chat has been turned off.',
  'widget.needsPage': 'This chat needs a step the widget does not offer.',
  'widget.signedInOnly': 'This chat is for signed-in users.',

  'upload.attach': 'Attach files',
  'upload.chosen': 'Files to send',
  'upload.progress': 'Uploading {name}',
  'upload.remove': 'Remove {name}',
  'upload.retry': 'Try again',
  'upload.drop': 'Drop files here to attach them',
  'upload.tooLarge': '{name} is too large: files can be up to {max}.',
  'upload.wrongType': '{name} is not a type of file this chat accepts. It accepts {types}.',
  'upload.failed': '{name} could not be uploaded. Check your connection and try again.',
  'upload.noMore': 'This conversation cannot take any more files.',
  'upload.fewer': { one: 'A message can carry {count} file.', other: 'A message can carry up to {count} files.' },

  'feedback.label': 'Was this answer helpful?',
  'feedback.up': 'Helpful',
  'feedback.down': 'Not helpful',
  'feedback.comment': 'What was wrong? (optional)',
  'feedback.send': 'Send',
  'feedback.thanks': 'Thank you for your feedback.',
  'feedback.failed': 'Your feedback could not be sent. Try again.',

  'rating.question': 'How would you rate this conversation?',
  'rating.stars': { one: '{count} star', other: '{count} stars' },
  'rating.comment': 'Anything you would like to add? (optional)',
  'rating.send': 'Send rating',
  'rating.skip': 'Skip',
  'rating.thanks': 'Thank you for rating this conversation.',
  'rating.failed': 'Your rating could not be sent. Try again.',
} as const;
