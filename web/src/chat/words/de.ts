import type { Translation } from '../../i18n/translator';
import type { en } from './en';

/** German (Sie-Form, as a shop or service speaks to its customers). */
const de: Translation<typeof en> = {
  'page.chat': 'Chat',
  'page.logo': 'Logo von {name}',
  'page.agentFallback': 'Der Assistent',

  'connection.connecting': 'Verbindung wird hergestellt…',
  'connection.live': 'Verbunden',
  'connection.reconnecting': 'Verbindung wird wiederhergestellt…',
  'connection.closed': 'Nicht verbunden',

  'status.thinking': '{agent} denkt nach…',
  'status.typing': '{agent} schreibt…',

  'composer.label': 'Nachricht',
  'composer.placeholder': 'Nachricht eingeben',
  'composer.send': 'Senden',

  'conversation.label': 'Unterhaltung',
  'conversation.youSaid': 'Sie schrieben:',
  'conversation.notice': 'Hinweis:',
  'conversation.agentSaid': '{agent} schrieb:',
  'conversation.operatorFallback': 'Support',
  'conversation.sending': 'Wird gesendet…',
  'conversation.ended': 'Diese Unterhaltung ist beendet.',
  'conversation.earlier': 'Frühere Unterhaltungen',
  'conversation.untitled': 'Unterhaltung',

  'notice.nobodyAvailable': 'Gerade ist niemand erreichbar. Ein Mensch antwortet Ihnen hier, sobald es geht.',
  'notice.nobodyAvailableEmail':
    'Gerade ist niemand erreichbar. Ein Mensch antwortet Ihnen hier, sobald es geht. Wir sagen Ihnen zusätzlich per E-Mail Bescheid.',
  'notice.everyoneBusy': 'Gerade sind alle beschäftigt. Sie behalten Ihren Platz in der Warteschlange, und ein Mensch antwortet Ihnen hier, sobald es geht.',
  'notice.everyoneBusyEmail':
    'Gerade sind alle beschäftigt. Sie behalten Ihren Platz in der Warteschlange, und ein Mensch antwortet Ihnen hier, sobald es geht. Wir sagen Ihnen zusätzlich per E-Mail Bescheid.',
  'notice.budgetExhausted': 'Dieser Chat hat sein Limit für heute erreicht. Bitte kommen Sie morgen wieder.',

  'sources.title': 'Quellen',
  'sources.newTab': '(öffnet sich in einem neuen Tab)',

  'time.minutes': { one: '{count} Min.', other: '{count} Min.' },

  'person.ask': 'Mit einem Menschen sprechen',
  'person.talkingWith': 'Sie sprechen mit {name}.',
  'person.someone': 'einem Menschen',
  'person.waiting': 'Warten auf einen Menschen…',
  'person.waitingAt': 'Warten auf einen Menschen. {place}.',
  'person.waitingAtFor': 'Warten auf einen Menschen. {place} · {wait}.',
  'person.next': 'Sie sind als Nächstes dran',
  'person.position': 'Sie sind Nummer {position} in der Warteschlange',
  'person.lessThanMinute': 'weniger als eine Minute',
  'person.aboutMinutes': 'etwa {minutes}',
  'person.waitingTeam': 'Warten auf {team}…',
  'person.waitingTeamAt': 'Warten auf {team}. {place}.',
  'person.waitingTeamAtFor': 'Warten auf {team}. {place} · {wait}.',
  'person.assigned': '{name} antwortet Ihnen gleich.',

  'offline.title': 'Nachricht hinterlassen',
  'offline.closed': 'Wir haben gerade geschlossen.',
  'offline.nobody': 'Gerade ist niemand erreichbar.',
  'offline.intro': 'Hinterlassen Sie Ihre Nachricht und Ihre E-Mail-Adresse, dann antwortet Ihnen ein Mensch per E-Mail.',
  'offline.opensAt': 'Wir sind wieder da: {time}.',
  'offline.instead': 'Keine Zeit zu warten? Nachricht und E-Mail-Adresse hinterlassen',
  'offline.email': 'Ihre E-Mail-Adresse',
  'offline.message': 'Ihre Nachricht',
  'offline.send': 'Nachricht senden',
  'offline.sent': 'Danke. Ihre Nachricht ist bei uns, die Antwort kommt an {email}.',
  'offline.failed': 'Ihre Nachricht konnte nicht gesendet werden. Versuchen Sie es erneut.',
  'transcript.ask': 'Verlauf per E-Mail senden',
  'transcript.email': 'E-Mail-Adresse für den Verlauf',
  'transcript.send': 'Verlauf senden',
  'transcript.atEnd': 'Der Verlauf wird an {email} gesendet, wenn dieses Gespräch endet.',
  'transcript.sent': 'Der Verlauf ist unterwegs an {email}.',
  'transcript.already': 'Der Verlauf dieses Gesprächs wurde bereits per E-Mail gesendet.',
  'transcript.failed': 'Der Verlauf konnte nicht angefordert werden. Versuchen Sie es erneut.',

  'delete.ask': 'Diese Unterhaltung löschen',
  'delete.question': 'Diese Unterhaltung mit allem, was darin steht, löschen? Das lässt sich nicht rückgängig machen.',
  'delete.confirm': 'Löschen',
  'delete.busy': 'Wird gelöscht…',
  'delete.keep': 'Behalten',

  'error.generic': 'Etwas ist schiefgelaufen. Versuchen Sie es erneut.',
  'error.unreachable': 'Der Server ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  'error.messageLimit': 'Diese Unterhaltung hat ihre Nachrichtengrenze erreicht.',
  'error.tooMany': {
    one: 'Zu viele Nachrichten. Versuchen Sie es in {count} Sekunde erneut.',
    other: 'Zu viele Nachrichten. Versuchen Sie es in {count} Sekunden erneut.',
  },
  'error.contentBlocked':
    'Diese Nachricht kann nicht gesendet werden: Sie enthält etwas, das dieser Chat nicht annimmt. Bearbeiten Sie sie und senden Sie sie erneut.',
  'error.agentUnavailable': 'Der Assistent konnte gerade nicht antworten. Versuchen Sie es erneut.',
  'error.offlineQueued': 'Nicht verbunden. Ihre Nachricht wird gesendet, sobald die Verbindung wieder steht.',

  'widget.close': 'Chat schließen',
  'widget.dialog': 'Chat: {title}',
  'widget.unavailable': 'Dieser Chat ist nicht verfügbar.',
  'widget.expired': 'Dieser Chat ist abgelaufen.',
  'widget.inactive': 'Dieser Chat wurde abgeschaltet.',
  'widget.needsPage': 'Dieser Chat verlangt einen Schritt, den das Widget nicht anbietet.',
  'widget.signedInOnly': 'Dieser Chat ist nur für angemeldete Nutzer.',

  'upload.attach': 'Dateien anhängen',
  'upload.chosen': 'Zu sendende Dateien',
  'upload.progress': '{name} wird hochgeladen',
  'upload.remove': '{name} entfernen',
  'upload.retry': 'Erneut versuchen',
  'upload.drop': 'Dateien hier ablegen, um sie anzuhängen',
  'upload.tooLarge': '{name} ist zu groß: Dateien dürfen höchstens {max} groß sein.',
  'upload.wrongType': '{name} ist kein Dateityp, den dieser Chat annimmt. Möglich sind {types}.',
  'upload.failed': '{name} konnte nicht hochgeladen werden. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  'upload.noMore': 'Diese Unterhaltung kann keine weiteren Dateien aufnehmen.',
  'upload.fewer': { one: 'Eine Nachricht kann {count} Datei enthalten.', other: 'Eine Nachricht kann höchstens {count} Dateien enthalten.' },

  'feedback.label': 'War diese Antwort hilfreich?',
  'feedback.up': 'Hilfreich',
  'feedback.down': 'Nicht hilfreich',
  'feedback.comment': 'Was hat nicht gepasst? (optional)',
  'feedback.send': 'Senden',
  'feedback.thanks': 'Danke für Ihre Rückmeldung.',
  'feedback.failed': 'Ihre Rückmeldung konnte nicht gesendet werden. Versuchen Sie es erneut.',

  'rating.question': 'Wie bewerten Sie diese Unterhaltung?',
  'rating.stars': { one: '{count} Stern', other: '{count} Sterne' },
  'rating.comment': 'Möchten Sie noch etwas hinzufügen? (optional)',
  'rating.send': 'Bewertung senden',
  'rating.skip': 'Überspringen',
  'rating.thanks': 'Danke, dass Sie diese Unterhaltung bewertet haben.',
  'rating.failed': 'Ihre Bewertung konnte nicht gesendet werden. Versuchen Sie es erneut.',
};
export default de;
