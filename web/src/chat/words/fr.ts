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
  'error.contentBlocked': 'Ce message ne peut pas être envoyé : il contient quelque chose que ce chat n’accepte pas. Modifiez-le et renvoyez-le.',
  'error.agentUnavailable': 'L’assistant n’a pas pu répondre pour le moment. Réessayez.',
  'error.offlineQueued': 'Non connecté. Votre message sera envoyé dès le retour de la connexion.',

  'widget.close': 'Fermer la discussion',
  'widget.dialog': 'Discussion : {title}',
  'widget.unavailable': 'Cette discussion n’est pas disponible.',
  'widget.expired': 'Cette discussion a expiré.',
  'widget.inactive': 'Cette discussion a été désactivée.',
  'widget.needsPage': 'Cette discussion demande une étape que le widget ne propose pas.',
  'widget.signedInOnly': 'Cette discussion est réservée aux utilisateurs connectés.',

  'upload.attach': 'Joindre des fichiers',
  'upload.chosen': 'Fichiers à envoyer',
  'upload.progress': 'Envoi de {name}',
  'upload.remove': 'Retirer {name}',
  'upload.retry': 'Réessayer',
  'upload.drop': 'Déposez des fichiers ici pour les joindre',
  'upload.tooLarge': '{name} est trop volumineux : la taille maximale d’un fichier est de {max}.',
  'upload.wrongType': '{name} n’est pas un type de fichier accepté par ce chat. Types acceptés : {types}.',
  'upload.failed': '{name} n’a pas pu être envoyé. Vérifiez votre connexion et réessayez.',
  'upload.noMore': 'Cette conversation ne peut plus recevoir de fichiers.',
  'upload.fewer': { one: 'Un message peut contenir {count} fichier.', other: 'Un message peut contenir jusqu’à {count} fichiers.' },

  'feedback.label': 'Cette réponse vous a-t-elle aidé ?',
  'feedback.up': 'Utile',
  'feedback.down': 'Pas utile',
  'feedback.comment': 'Qu’est-ce qui n’allait pas ? (facultatif)',
  'feedback.send': 'Envoyer',
  'feedback.thanks': 'Merci pour votre avis.',
  'feedback.failed': 'Votre avis n’a pas pu être envoyé. Réessayez.',

  'rating.question': 'Comment évaluez-vous cette conversation ?',
  'rating.stars': { one: '{count} étoile', other: '{count} étoiles' },
  'rating.comment': 'Souhaitez-vous ajouter quelque chose ? (facultatif)',
  'rating.send': 'Envoyer la note',
  'rating.skip': 'Passer',
  'rating.thanks': 'Merci d’avoir évalué cette conversation.',
  'rating.failed': 'Votre note n’a pas pu être envoyée. Réessayez.',
};
export default fr;
