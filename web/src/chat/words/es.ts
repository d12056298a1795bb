import type { Translation } from '../../i18n/translator';
import type { en } from './en';

/** Spanish (usted, neutral across regions). */
const es: Translation<typeof en> = {
  'page.chat': 'Chat',
  'page.logo': 'Logotipo de {name}',
  'page.agentFallback': 'El asistente',

  'connection.connecting': 'Conectando…',
  'connection.live': 'Conectado',
  'connection.reconnecting': 'Reconectando…',
  'connection.closed': 'Sin conexión',

  'status.thinking': '{agent} está pensando…',
  'status.typing': '{agent} está escribiendo…',

  'composer.label': 'Mensaje',
  'composer.placeholder': 'Escriba un mensaje',
  'composer.send': 'Enviar',

  'conversation.label': 'Conversación',
  'conversation.youSaid': 'Usted escribió:',
  'conversation.notice': 'Aviso:',
  'conversation.agentSaid': '{agent} escribió:',
  'conversation.operatorFallback': 'Soporte',
  'conversation.sending': 'Enviando…',
  'conversation.ended': 'Esta conversación ha terminado.',
  'conversation.earlier': 'Conversaciones anteriores',
  'conversation.untitled': 'Conversación',

  'time.minutes': { one: '{count} min', other: '{count} min' },

  'person.ask': 'Hablar con una persona',
  'person.talkingWith': 'Está hablando con {name}.',
  'person.someone': 'una persona',
  'person.waiting': 'Esperando a una persona…',
  'person.waitingAt': 'Esperando a una persona. {place}.',
  'person.waitingAtFor': 'Esperando a una persona. {place} · {wait}.',
  'person.next': 'Es el siguiente',
  'person.position': 'Es el número {position} en la fila',
  'person.lessThanMinute': 'menos de un minuto',
  'person.aboutMinutes': 'unos {minutes}',

  'delete.ask': 'Eliminar esta conversación',
  'delete.question': '¿Eliminar esta conversación y todo su contenido? No se puede deshacer.',
  'delete.confirm': 'Eliminar',
  'delete.busy': 'Eliminando…',
  'delete.keep': 'Conservarla',

  'error.generic': 'Algo ha salido mal. Inténtelo de nuevo.',
  'error.unreachable': 'No se puede conectar con el servidor. Compruebe su conexión e inténtelo de nuevo.',
  'error.messageLimit': 'Esta conversación ha alcanzado su límite de mensajes.',
  'error.tooMany': { one: 'Demasiados mensajes. Inténtelo de nuevo en {count} segundo.', other: 'Demasiados mensajes. Inténtelo de nuevo en {count} segundos.' },
  'error.contentBlocked': 'No se puede enviar este mensaje: contiene algo que este chat no acepta. Edítalo y vuelve a enviarlo.',
  'error.agentUnavailable': 'El asistente no ha podido responder en este momento. Inténtelo de nuevo.',
  'error.offlineQueued': 'Sin conexión. Su mensaje se enviará cuando vuelva la conexión.',

  'widget.close': 'Cerrar el chat',
  'widget.dialog': 'Chat: {title}',
  'widget.unavailable': 'Este chat no está disponible.',
  'widget.expired': 'Este chat ha caducado.',
  'widget.inactive': 'Este chat se ha desactivado.',
  'widget.needsPage': 'Este chat requiere un paso que el widget no ofrece.',
  'widget.signedInOnly': 'Este chat es solo para usuarios que han iniciado sesión.',

  'upload.attach': 'Adjuntar archivos',
  'upload.chosen': 'Archivos para enviar',
  'upload.progress': 'Subiendo {name}',
  'upload.remove': 'Quitar {name}',
  'upload.retry': 'Reintentar',
  'upload.drop': 'Suelte aquí los archivos para adjuntarlos',
  'upload.tooLarge': '{name} es demasiado grande: los archivos pueden ocupar como máximo {max}.',
  'upload.wrongType': '{name} no es un tipo de archivo que este chat acepte. Se aceptan {types}.',
  'upload.failed': 'No se ha podido subir {name}. Compruebe su conexión e inténtelo de nuevo.',
  'upload.noMore': 'Esta conversación no admite más archivos.',
  'upload.fewer': { one: 'Un mensaje puede llevar {count} archivo.', other: 'Un mensaje puede llevar hasta {count} archivos.' },

  'feedback.label': '¿Le ha resultado útil esta respuesta?',
  'feedback.up': 'Útil',
  'feedback.down': 'No útil',
  'feedback.comment': '¿Qué ha fallado? (opcional)',
  'feedback.send': 'Enviar',
  'feedback.thanks': 'Gracias por su opinión.',
  'feedback.failed': 'No se ha podido enviar su opinión. Inténtelo de nuevo.',

  'rating.question': '¿Cómo valoraría esta conversación?',
  'rating.stars': { one: '{count} estrella', other: '{count} estrellas' },
  'rating.comment': '¿Quiere añadir algo? (opcional)',
  'rating.send': 'Enviar valoración',
  'rating.skip': 'Omitir',
  'rating.thanks': 'Gracias por valorar esta conversación.',
  'rating.failed': 'No se ha podido enviar su valoración. Inténtelo de nuevo.',
};
export default es;
