/**
 * What only the chat page says, in English (its own words, apart from those it shares with the
 * widget, which never shows them): pages for links that are gone, email verification, passcodes,
 * limits. Other languages follow it key for key; each is a chunk loaded beside the shared one.
 */
export const pageEn = {
  'page.loading': 'Loading…',

  'gone.expired.title': 'This chat link has expired',
  'gone.expired.text': 'The link was valid for a limited time, and that time is over. Ask whoever shared it for a new one.',
  'gone.inactive.title': 'This chat link has been turned off',
  'gone.inactive.text': 'Its owner has deactivated it, so it no longer starts or continues conversations. Ask whoever shared it for a new one.',
  'gone.notFound.title': 'This chat link does not exist',
  'gone.notFound.text': 'Check that the address is complete and exactly as you received it. The link may also have been deleted.',

  'connection.polling': 'Connected (polling)',

  'conversation.new': 'New Conversation',
  'conversation.startNew': 'Start a new conversation',
  'conversation.deleted': 'The conversation was deleted. Anything you write now starts a new one.',

  'limits.messagesLeft': { one: '{count} message left', other: '{count} messages left' },
  'limits.endsSoon': 'ends in under a minute',
  'limits.endsIn': 'ends in {minutes} if idle',

  'passcode.label': 'Passcode',
  'passcode.required': 'Enter the passcode to start.',
  'passcode.wrong': 'Wrong passcode.',
  'passcode.wrongLeft': { one: 'Wrong passcode ({count} attempt left).', other: 'Wrong passcode ({count} attempts left).' },

  'verify.intro': 'Confirm your email address to start. We will send you a 6-digit code.',
  'verify.email': 'Email address',
  'verify.send': 'Send the code',
  'verify.sent': 'We sent a code to {email}. It is valid for 10 minutes.',
  'verify.code': '6-digit code',
  'verify.confirm': 'Confirm',
  'verify.again': 'Use another address or get a new code',
  'verify.wrongCode': { one: 'That code is not right ({count} attempt left).', other: 'That code is not right ({count} attempts left).' },
  'verify.codeExpired': 'That code no longer works. Ask for a new one.',
  'verify.passcodeWrong': 'The passcode is missing or wrong.',
  'verify.tooManyCodes': { one: 'Too many codes asked for. Try again in {count} minute.', other: 'Too many codes asked for. Try again in {count} minutes.' },
  'verify.enterCode': 'Enter the 6-digit code from the email.',
  'verify.enterEmail': 'Enter a valid email address.',
  'verify.notSent': 'The code could not be sent just now. Try again.',

  'error.chatNotLoaded': 'The chat could not be loaded.',
  'error.conversationNotLoaded': 'The conversation could not be loaded.',
  'error.endedGoOn': 'This conversation has ended. Start a new conversation to go on.',
  'error.messagesUsed': 'You have sent all the messages this conversation allows. Start a new conversation to go on.',
  'error.noMoreConversations': 'This link cannot start more conversations.',
  'error.sessionGone': 'This conversation is no longer available. Send your message again to start a new one.',
  'error.requestNotSent': 'Your request could not be sent. Try again.',
  'error.notDeleted': 'The conversation could not be deleted. Try again.',
} as const;
