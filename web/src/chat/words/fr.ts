import type { Translation } from '../../i18n/translator';
import type { en } from './en';

/** French (vouvoiement). */
const fr: Translation<typeof en> = {
  'page.chat': 'Discussion',
  'page.logo': 'Logo de {name}',
  'page.agentFallback': 'L’assistant',

  'connection.connecting': 'Connexion…',
  'connection.live': 'Connecté',
  'connection.reconnecting': 'Reconnexion…',
  'connection.closed': 'Non connecté',

  'status.thinking': '{agent} réfléchit…',
  'status.typing': '{agent} écrit…',

  'composer.label': 'Message',
  'composer.placeholder': 'Écrivez un message',
  'composer.send': 'Envoyer',

  'conversation.label': 'Conversation',
  'conversation.youSaid': 'Vous avez écrit :',
  'conversation.notice': 'Information :',
  'conversation.agentSaid': '{agent} a écrit :',
  'conversation.operatorFallback': 'Assistance',
  'conversation.sending': 'Envoi…',
  'conversation.ended': 'Cette conversation est terminée.',
  'conversation.earlier': 'Conversations précédentes',
  'conversation.untitled': 'Conversation',

  'time.minutes': { one: '{count} min', other: '{count} min' },

  'person.ask': 'Parler à quelqu’un',
  'person.talkingWith': 'Vous discutez avec {name}.',
  'person.someone': 'un conseiller',
  'person.waiting': 'En attente d’un conseiller…',
  'person.waitingAt': 'En attente d’un conseiller. {place}.',
  'person.waitingAtFor': 'En attente d’un conseiller. {place} · {wait}.',
  'person.next': 'Vous êtes le prochain',
  'person.position': 'Vous êtes en position {position} dans la file',
  'person.lessThanMinute': 'moins d’une minute',
  'person.aboutMinutes': 'environ {minutes}',

  'delete.ask': 'Supprimer cette conversation',
  'delete.question': 'Supprimer cette conversation et tout son contenu ? Cette action est irréversible.',
  'delete.confirm': 'Supprimer',
  'delete.busy': 'Suppression…',
  'delete.keep': 'La garder',

  'error.generic': 'Un problème est survenu. Réessayez.',
  'error.unreachable': 'Impossible de joindre le serveur. Vérifiez votre connexion et réessayez.',
  'error.messageLimit': 'Cette conversation a atteint sa limite de messages.',
  'error.tooMany': { one: 'Trop de messages. Réessayez dans {count} seconde.', other: 'Trop de messages. Réessayez dans {count} secondes.' },
  'error.agentUnavailable': 'L’assistant n’a pas pu répondre pour le moment. Réessayez.',
  'error.offlineQueued': 'Non connecté. Votre message sera envoyé dès le retour de la connexion.',

  'widget.close': 'Fermer la discussion',
  'widget.dialog': 'Discussion : {title}',
  'widget.unavailable': 'Cette discussion n’est pas disponible.',
  'widget.expired': 'Cette discussion a expiré.',
  'widget.inactive': 'Cette discussion a été désactivée.',
  'widget.needsPage': 'Cette discussion demande une étape que le widget ne propose pas.',
  'widget.signedInOnly': 'Cette discussion est réservée aux utilisateurs connectés.',
};
export default fr;
