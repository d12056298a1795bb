import type { Translation } from '../../i18n/translator';
import type { pageEn } from './en';

/** Spanish (usted, neutral across regions). */
const es: Translation<typeof pageEn> = {
  'page.loading': 'Cargando…',

  'gone.expired.title': 'Este enlace de chat ha caducado',
  'gone.expired.text': 'El enlace era válido durante un tiempo limitado y ese plazo ha terminado. Pida uno nuevo a quien se lo compartió.',
  'gone.inactive.title': 'Este enlace de chat se ha desactivado',
  'gone.inactive.text': 'Su propietario lo ha desactivado, así que ya no inicia ni continúa conversaciones. Pida uno nuevo a quien se lo compartió.',
  'gone.notFound.title': 'Este enlace de chat no existe',
  'gone.notFound.text': 'Compruebe que la dirección esté completa y sea exactamente la que recibió. También es posible que el enlace se haya eliminado.',

  'connection.polling': 'Conectado (consulta periódica)',

  'conversation.new': 'Nueva conversación',
  'conversation.startNew': 'Empezar una nueva conversación',
  'conversation.deleted': 'La conversación se ha eliminado. Lo que escriba ahora empezará una nueva.',

  'limits.messagesLeft': { one: 'queda {count} mensaje', many: 'quedan {count} de mensajes', other: 'quedan {count} mensajes' },
  'limits.endsSoon': 'termina en menos de un minuto',
  'limits.endsIn': 'termina en {minutes} sin actividad',

  'passcode.label': 'Código de acceso',
  'passcode.required': 'Introduzca el código de acceso para empezar.',
  'passcode.wrong': 'Código de acceso incorrecto.',
  'passcode.wrongLeft': { one: 'Código de acceso incorrecto (queda {count} intento).', other: 'Código de acceso incorrecto (quedan {count} intentos).' },

  'verify.intro': 'Confirme su dirección de correo electrónico para empezar. Le enviaremos un código de 6 dígitos.',
  'verify.email': 'Correo electrónico',
  'verify.send': 'Enviar el código',
  'verify.sent': 'Hemos enviado un código a {email}. Es válido durante 10 minutos.',
  'verify.code': 'Código de 6 dígitos',
  'verify.confirm': 'Confirmar',
  'verify.again': 'Usar otra dirección o recibir un código nuevo',
  'verify.wrongCode': { one: 'Ese código no es correcto (queda {count} intento).', other: 'Ese código no es correcto (quedan {count} intentos).' },
  'verify.codeExpired': 'Ese código ya no es válido. Pida uno nuevo.',
  'verify.passcodeWrong': 'Falta el código de acceso o es incorrecto.',
  'verify.tooManyCodes': {
    one: 'Se han pedido demasiados códigos. Inténtelo de nuevo en {count} minuto.',
    other: 'Se han pedido demasiados códigos. Inténtelo de nuevo en {count} minutos.',
  },
  'verify.enterCode': 'Introduzca el código de 6 dígitos del correo.',
  'verify.enterEmail': 'Introduzca una dirección de correo válida.',
  'verify.notSent': 'No se ha podido enviar el código en este momento. Inténtelo de nuevo.',

  'error.chatNotLoaded': 'No se ha podido cargar el chat.',
  'error.conversationNotLoaded': 'No se ha podido cargar la conversación.',
  'error.endedGoOn': 'Esta conversación ha terminado. Empiece una nueva para continuar.',
  'error.messagesUsed': 'Ha enviado todos los mensajes que permite esta conversación. Empiece una nueva para continuar.',
  'error.noMoreConversations': 'Este enlace ya no puede iniciar más conversaciones.',
  'error.sessionGone': 'Esta conversación ya no está disponible. Envíe su mensaje de nuevo para empezar otra.',
  'error.requestNotSent': 'No se ha podido enviar su solicitud. Inténtelo de nuevo.',
  'error.notDeleted': 'No se ha podido eliminar la conversación. Inténtelo de nuevo.',
};
export default es;
