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
  'error.agentUnavailable': 'El asistente no ha podido responder en este momento. Inténtelo de nuevo.',
  'error.offlineQueued': 'Sin conexión. Su mensaje se enviará cuando vuelva la conexión.',

  'widget.close': 'Cerrar el chat',
  'widget.dialog': 'Chat: {title}',
  'widget.unavailable': 'Este chat no está disponible.',
  'widget.expired': 'Este chat ha caducado.',
  'widget.inactive': 'Este chat se ha desactivado.',
  'widget.needsPage': 'Este chat requiere un paso que el widget no ofrece.',
  'widget.signedInOnly': 'Este chat es solo para usuarios que han iniciado sesión.',
};
export default es;
