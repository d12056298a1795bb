import type { Translation } from '../../i18n/translator';
import type { pageEn } from './en';

/** German (Sie-Form, as a shop or service speaks to its customers). */
const de: Translation<typeof pageEn> = {
  'page.loading': 'Wird geladen…',

  'gone.expired.title': 'Dieser Chat-Link ist abgelaufen',
  'gone.expired.text': 'Der Link war nur für eine begrenzte Zeit gültig, und diese ist vorbei. Bitten Sie die Person, die ihn geteilt hat, um einen neuen.',
  'gone.inactive.title': 'Dieser Chat-Link wurde abgeschaltet',
  'gone.inactive.text':
    'Sein Inhaber hat ihn deaktiviert, daher beginnt oder führt er keine Unterhaltungen mehr. Bitten Sie die Person, die ihn geteilt hat, um einen neuen.',
  'gone.notFound.title': 'Diesen Chat-Link gibt es nicht',
  'gone.notFound.text': 'Prüfen Sie, ob die Adresse vollständig ist und genau so lautet, wie Sie sie erhalten haben. Der Link kann auch gelöscht worden sein.',

  'connection.polling': 'Verbunden (Abfrage)',

  'conversation.new': 'Neue Unterhaltung',
  'conversation.startNew': 'Neue Unterhaltung beginnen',
  'conversation.deleted': 'Die Unterhaltung wurde gelöscht. Was Sie jetzt schreiben, beginnt eine neue.',

  'limits.messagesLeft': { one: 'noch {count} Nachricht', other: 'noch {count} Nachrichten' },
  'limits.endsSoon': 'endet in weniger als einer Minute',
  'limits.endsIn': 'endet nach {minutes} ohne Aktivität',

  'passcode.label': 'Zugangscode',
  'passcode.required': 'Geben Sie den Zugangscode ein, um zu beginnen.',
  'passcode.wrong': 'Falscher Zugangscode.',
  'passcode.wrongLeft': { one: 'Falscher Zugangscode (noch {count} Versuch).', other: 'Falscher Zugangscode (noch {count} Versuche).' },

  'verify.intro': 'Bestätigen Sie zunächst Ihre E-Mail-Adresse. Wir senden Ihnen einen 6-stelligen Code.',
  'verify.email': 'E-Mail-Adresse',
  'verify.send': 'Code senden',
  'verify.sent': 'Wir haben einen Code an {email} gesendet. Er ist 10 Minuten lang gültig.',
  'verify.code': '6-stelliger Code',
  'verify.confirm': 'Bestätigen',
  'verify.again': 'Andere Adresse verwenden oder neuen Code anfordern',
  'verify.wrongCode': { one: 'Dieser Code stimmt nicht (noch {count} Versuch).', other: 'Dieser Code stimmt nicht (noch {count} Versuche).' },
  'verify.codeExpired': 'Dieser Code gilt nicht mehr. Fordern Sie einen neuen an.',
  'verify.passcodeWrong': 'Der Zugangscode fehlt oder ist falsch.',
  'verify.tooManyCodes': {
    one: 'Zu viele Codes angefordert. Versuchen Sie es in {count} Minute erneut.',
    other: 'Zu viele Codes angefordert. Versuchen Sie es in {count} Minuten erneut.',
  },
  'verify.enterCode': 'Geben Sie den 6-stelligen Code aus der E-Mail ein.',
  'verify.enterEmail': 'Geben Sie eine gültige E-Mail-Adresse ein.',
  'verify.notSent': 'Der Code konnte gerade nicht gesendet werden. Versuchen Sie es erneut.',

  'error.chatNotLoaded': 'Der Chat konnte nicht geladen werden.',
  'error.conversationNotLoaded': 'Die Unterhaltung konnte nicht geladen werden.',
  'error.endedGoOn': 'Diese Unterhaltung ist beendet. Beginnen Sie eine neue, um weiterzuschreiben.',
  'error.messagesUsed': 'Sie haben alle Nachrichten gesendet, die diese Unterhaltung erlaubt. Beginnen Sie eine neue, um weiterzuschreiben.',
  'error.noMoreConversations': 'Über diesen Link können keine weiteren Unterhaltungen beginnen.',
  'error.sessionGone': 'Diese Unterhaltung ist nicht mehr verfügbar. Senden Sie Ihre Nachricht erneut, um eine neue zu beginnen.',
  'error.requestNotSent': 'Ihre Anfrage konnte nicht gesendet werden. Versuchen Sie es erneut.',
  'error.notDeleted': 'Die Unterhaltung konnte nicht gelöscht werden. Versuchen Sie es erneut.',
};
export default de;
