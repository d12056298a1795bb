import type { Translation } from '../../i18n/translator';
import type { pageEn } from './en';

/** French (vouvoiement). */
const fr: Translation<typeof pageEn> = {
  'page.loading': 'Chargement…',

  'gone.expired.title': 'Ce lien de discussion a expiré',
  'gone.expired.text': 'Ce lien n’était valable que pour une durée limitée, désormais écoulée. Demandez-en un nouveau à la personne qui vous l’a transmis.',
  'gone.inactive.title': 'Ce lien de discussion a été désactivé',
  'gone.inactive.text':
    'Son propriétaire l’a désactivé : il ne permet plus de commencer ni de poursuivre une conversation. Demandez-en un nouveau à la personne qui vous l’a transmis.',
  'gone.notFound.title': 'Ce lien de discussion n’existe pas',
  'gone.notFound.text': 'Vérifiez que l’adresse est complète et identique à celle que vous avez reçue. Le lien a peut-être aussi été supprimé.',

  'connection.polling': 'Connecté (interrogation)',

  'conversation.new': 'Nouvelle conversation',
  'conversation.startNew': 'Commencer une nouvelle conversation',
  'conversation.deleted': 'La conversation a été supprimée. Ce que vous écrivez maintenant en commence une nouvelle.',

  'limits.messagesLeft': { one: '{count} message restant', many: '{count} de messages restants', other: '{count} messages restants' },
  'limits.endsSoon': 'se termine dans moins d’une minute',
  'limits.endsIn': 'se termine dans {minutes} sans activité',

  'passcode.label': 'Code d’accès',
  'passcode.required': 'Saisissez le code d’accès pour commencer.',
  'passcode.wrong': 'Code d’accès incorrect.',
  'passcode.wrongLeft': { one: 'Code d’accès incorrect ({count} essai restant).', other: 'Code d’accès incorrect ({count} essais restants).' },

  'verify.intro': 'Confirmez votre adresse e-mail pour commencer. Nous vous enverrons un code à 6 chiffres.',
  'verify.email': 'Adresse e-mail',
  'verify.send': 'Envoyer le code',
  'verify.sent': 'Nous avons envoyé un code à {email}. Il est valable 10 minutes.',
  'verify.code': 'Code à 6 chiffres',
  'verify.confirm': 'Confirmer',
  'verify.again': 'Utiliser une autre adresse ou recevoir un nouveau code',
  'verify.wrongCode': { one: 'Ce code n’est pas le bon ({count} essai restant).', other: 'Ce code n’est pas le bon ({count} essais restants).' },
  'verify.codeExpired': 'Ce code n’est plus valable. Demandez-en un nouveau.',
  'verify.passcodeWrong': 'Le code d’accès est manquant ou incorrect.',
  'verify.tooManyCodes': {
    one: 'Trop de codes demandés. Réessayez dans {count} minute.',
    other: 'Trop de codes demandés. Réessayez dans {count} minutes.',
  },
  'verify.enterCode': 'Saisissez le code à 6 chiffres reçu par e-mail.',
  'verify.enterEmail': 'Saisissez une adresse e-mail valide.',
  'verify.notSent': 'Le code n’a pas pu être envoyé pour le moment. Réessayez.',

  'error.chatNotLoaded': 'La discussion n’a pas pu être chargée.',
  'error.conversationNotLoaded': 'La conversation n’a pas pu être chargée.',
  'error.endedGoOn': 'Cette conversation est terminée. Commencez-en une nouvelle pour continuer.',
  'error.messagesUsed': 'Vous avez envoyé tous les messages que permet cette conversation. Commencez-en une nouvelle pour continuer.',
  'error.noMoreConversations': 'Ce lien ne permet plus de commencer de conversation.',
  'error.sessionGone': 'Cette conversation n’est plus disponible. Renvoyez votre message pour en commencer une nouvelle.',
  'error.requestNotSent': 'Votre demande n’a pas pu être envoyée. Réessayez.',
  'error.notDeleted': 'La conversation n’a pas pu être supprimée. Réessayez.',
};
export default fr;
