import type { VisitorLanguage } from './public-links.js';

/**
 * What the platform's mails say to visitors, in each language the chat page and the widget speak
 * (docs/public-chat-api.md "Visitors' language and look"): the verification code, the transcript,
 * "a person will answer you soon" and an operator's answer to a message left for later. English
 * is the catalog every other language follows key for key; `{name}` is filled in by visitorMail
 * (visitor-mails.ts). The notices are the chat page's own words for the same codes
 * (docs/public-chat-api.md "Notices"), so a transcript says what the page said. What operators
 * read (their copy of a transcript, their notices) stays English.
 */
const en = {
  'verification.subject': 'Your verification code: {code}',
  'verification.intro': 'Your verification code for "{title}" is:',
  'verification.use': 'Enter it in the chat to continue. It is valid until {until} and can be used once.',
  'verification.ignore': 'If you did not ask for it, ignore this mail.',

  'transcript.subject': 'Your conversation with {agent}',
  'transcript.heading': '{title} – conversation with {agent}',
  'transcript.started': 'Started {start}.',
  'transcript.startedEnded': 'Started {start}, ended {end}.',
  'transcript.you': 'You',
  'transcript.person': '{name} (a person)',
  'transcript.support': 'Support',
  'transcript.notice': 'Notice',
  'transcript.agentFallback': 'The agent',
  'transcript.titleFallback': 'Chat',
  'transcript.file': '(file: {name}, {type}, {size} – not attached to this mail)',
  'transcript.empty': '(no messages)',
  'transcript.why': 'You asked for this transcript in the chat.',

  'notice.nobody_available': 'Nobody is available right now. A person will answer here as soon as they can.',
  'notice.nobody_available_email': 'Nobody is available right now. A person will answer here as soon as they can. We will also tell you by email.',
  'notice.everyone_busy': 'Everyone is busy right now. You keep your place in line, and a person will answer here as soon as they can.',
  'notice.everyone_busy_email':
    'Everyone is busy right now. You keep your place in line, and a person will answer here as soon as they can. We will also tell you by email.',
  'notice.budget_exhausted': 'This chat has reached its limit for today. Please come back tomorrow.',

  'waiting.subject': 'A person will answer you soon',
  'waiting.busy': 'You asked to talk to a person. Everyone is busy right now, but your conversation keeps its place in the queue.',
  'waiting.nobody': 'You asked to talk to a person. Nobody is available right now, but your conversation is in the queue.',
  'waiting.where': 'A person will answer in the same chat as soon as they can: open it again to read the answer.',
  'invitation.greeting': 'Hello {name},',
  'invitation.greetingNoName': 'Hello,',
  'invitation.intro': 'You are invited to a chat: {title}',
  'invitation.open': 'Open it here: {url}',
  'invitation.button': 'Open the chat',
  'invitation.copy': 'Or copy this address into your browser:',
  'invitation.personal': 'The link is meant for you: whoever has it can use it.',

  'answer.subject': '{operator} answered your message',
  'answer.subjectFrom': '{operator} of {tenant} answered your message',
  'answer.intro': '{operator} answered the message you left in the chat:',
  'answer.where': 'You can also read it in the chat, on the device where you left your message, while the conversation is open.',
};

export type VisitorMailKey = keyof typeof en;

const de: Record<VisitorMailKey, string> = {
  'verification.subject': 'Ihr Bestätigungscode: {code}',
  'verification.intro': 'Ihr Bestätigungscode für „{title}“ lautet:',
  'verification.use': 'Geben Sie ihn im Chat ein, um fortzufahren. Er gilt bis {until} und kann einmal verwendet werden.',
  'verification.ignore': 'Wenn Sie ihn nicht angefordert haben, ignorieren Sie diese E-Mail.',

  'transcript.subject': 'Ihr Gespräch mit {agent}',
  'transcript.heading': '{title} – Gespräch mit {agent}',
  'transcript.started': 'Begonnen: {start}.',
  'transcript.startedEnded': 'Begonnen: {start}, beendet: {end}.',
  'transcript.you': 'Sie',
  'transcript.person': '{name} (ein Mensch)',
  'transcript.support': 'Support',
  'transcript.notice': 'Hinweis',
  'transcript.agentFallback': 'Der Assistent',
  'transcript.titleFallback': 'Chat',
  'transcript.file': '(Datei: {name}, {type}, {size} – nicht an diese E-Mail angehängt)',
  'transcript.empty': '(keine Nachrichten)',
  'transcript.why': 'Sie haben diesen Verlauf im Chat angefordert.',

  'notice.nobody_available': 'Gerade ist niemand erreichbar. Ein Mensch antwortet Ihnen hier, sobald es geht.',
  'notice.nobody_available_email':
    'Gerade ist niemand erreichbar. Ein Mensch antwortet Ihnen hier, sobald es geht. Wir sagen Ihnen zusätzlich per E-Mail Bescheid.',
  'notice.everyone_busy': 'Gerade sind alle beschäftigt. Sie behalten Ihren Platz in der Warteschlange, und ein Mensch antwortet Ihnen hier, sobald es geht.',
  'notice.everyone_busy_email':
    'Gerade sind alle beschäftigt. Sie behalten Ihren Platz in der Warteschlange, und ein Mensch antwortet Ihnen hier, sobald es geht. Wir sagen Ihnen zusätzlich per E-Mail Bescheid.',
  'notice.budget_exhausted': 'Dieser Chat hat sein Limit für heute erreicht. Bitte kommen Sie morgen wieder.',

  'waiting.subject': 'Ein Mensch antwortet Ihnen bald',
  'waiting.busy': 'Sie wollten mit einem Menschen sprechen. Gerade sind alle beschäftigt, aber Ihr Gespräch behält seinen Platz in der Warteschlange.',
  'waiting.nobody': 'Sie wollten mit einem Menschen sprechen. Gerade ist niemand erreichbar, aber Ihr Gespräch steht in der Warteschlange.',
  'waiting.where': 'Ein Mensch antwortet Ihnen im selben Chat, sobald es geht: Öffnen Sie ihn wieder, um die Antwort zu lesen.',
  'invitation.greeting': 'Hallo {name},',
  'invitation.greetingNoName': 'Hallo,',
  'invitation.intro': 'Sie sind zu einem Chat eingeladen: {title}',
  'invitation.open': 'Hier öffnen Sie ihn: {url}',
  'invitation.button': 'Chat öffnen',
  'invitation.copy': 'Oder kopieren Sie diese Adresse in Ihren Browser:',
  'invitation.personal': 'Der Link ist für Sie bestimmt: Wer ihn hat, kann ihn nutzen.',

  'answer.subject': '{operator} hat auf Ihre Nachricht geantwortet',
  'answer.subjectFrom': '{operator} von {tenant} hat auf Ihre Nachricht geantwortet',
  'answer.intro': '{operator} hat auf die Nachricht geantwortet, die Sie im Chat hinterlassen haben:',
  'answer.where': 'Sie können die Antwort auch im Chat lesen, auf dem Gerät, auf dem Sie Ihre Nachricht hinterlassen haben, solange das Gespräch offen ist.',
};

const fr: Record<VisitorMailKey, string> = {
  'verification.subject': 'Votre code de vérification : {code}',
  'verification.intro': 'Votre code de vérification pour « {title} » est :',
  'verification.use': 'Saisissez-le dans la discussion pour continuer. Il est valable jusqu’au {until} et ne peut servir qu’une fois.',
  'verification.ignore': 'Si vous ne l’avez pas demandé, ignorez cet e-mail.',

  'transcript.subject': 'Votre conversation avec {agent}',
  'transcript.heading': '{title} – conversation avec {agent}',
  'transcript.started': 'Début : {start}.',
  'transcript.startedEnded': 'Début : {start}, fin : {end}.',
  'transcript.you': 'Vous',
  'transcript.person': '{name} (conseiller)',
  'transcript.support': 'Assistance',
  'transcript.notice': 'Information',
  'transcript.agentFallback': 'L’assistant',
  'transcript.titleFallback': 'Discussion',
  'transcript.file': '(fichier : {name}, {type}, {size} – non joint à cet e-mail)',
  'transcript.empty': '(aucun message)',
  'transcript.why': 'Vous avez demandé cette transcription dans la discussion.',

  'notice.nobody_available': 'Personne n’est disponible pour le moment. Un conseiller vous répondra ici dès que possible.',
  'notice.nobody_available_email':
    'Personne n’est disponible pour le moment. Un conseiller vous répondra ici dès que possible. Nous vous préviendrons aussi par e-mail.',
  'notice.everyone_busy':
    'Tous nos conseillers sont occupés pour le moment. Vous gardez votre place dans la file d’attente, et un conseiller vous répondra ici dès que possible.',
  'notice.everyone_busy_email':
    'Tous nos conseillers sont occupés pour le moment. Vous gardez votre place dans la file d’attente, et un conseiller vous répondra ici dès que possible. Nous vous préviendrons aussi par e-mail.',
  'notice.budget_exhausted': 'Cette discussion a atteint sa limite pour aujourd’hui. Merci de revenir demain.',

  'waiting.subject': 'Un conseiller va bientôt vous répondre',
  'waiting.busy':
    'Vous avez demandé à parler à quelqu’un. Tous nos conseillers sont occupés pour le moment, mais votre conversation garde sa place dans la file d’attente.',
  'waiting.nobody': 'Vous avez demandé à parler à quelqu’un. Personne n’est disponible pour le moment, mais votre conversation est dans la file d’attente.',
  'waiting.where': 'Un conseiller vous répondra dans la même discussion dès que possible : rouvrez-la pour lire sa réponse.',
  'invitation.greeting': 'Bonjour {name},',
  'invitation.greetingNoName': 'Bonjour,',
  'invitation.intro': 'Vous êtes invité à une discussion : {title}',
  'invitation.open': 'Ouvrez-la ici : {url}',
  'invitation.button': 'Ouvrir la discussion',
  'invitation.copy': 'Ou copiez cette adresse dans votre navigateur :',
  'invitation.personal': 'Ce lien vous est destiné : toute personne qui l’a peut l’utiliser.',

  'answer.subject': '{operator} a répondu à votre message',
  'answer.subjectFrom': '{operator} de {tenant} a répondu à votre message',
  'answer.intro': '{operator} a répondu au message que vous avez laissé dans la discussion :',
  'answer.where':
    'Vous pouvez aussi lire cette réponse dans la discussion, sur l’appareil depuis lequel vous avez laissé votre message, tant que la conversation est ouverte.',
};

const es: Record<VisitorMailKey, string> = {
  'verification.subject': 'Su código de verificación: {code}',
  'verification.intro': 'Su código de verificación para «{title}» es:',
  'verification.use': 'Introdúzcalo en el chat para continuar. Es válido hasta el {until} y solo puede usarse una vez.',
  'verification.ignore': 'Si no lo ha solicitado, ignore este correo.',

  'transcript.subject': 'Su conversación con {agent}',
  'transcript.heading': '{title} – conversación con {agent}',
  'transcript.started': 'Inicio: {start}.',
  'transcript.startedEnded': 'Inicio: {start}; fin: {end}.',
  'transcript.you': 'Usted',
  'transcript.person': '{name} (una persona)',
  'transcript.support': 'Soporte',
  'transcript.notice': 'Aviso',
  'transcript.agentFallback': 'El asistente',
  'transcript.titleFallback': 'Chat',
  'transcript.file': '(archivo: {name}, {type}, {size}; no se adjunta a este correo)',
  'transcript.empty': '(sin mensajes)',
  'transcript.why': 'Solicitó esta transcripción en el chat.',

  'notice.nobody_available': 'Ahora mismo no hay nadie disponible. Una persona le responderá aquí en cuanto pueda.',
  'notice.nobody_available_email':
    'Ahora mismo no hay nadie disponible. Una persona le responderá aquí en cuanto pueda. También le avisaremos por correo electrónico.',
  'notice.everyone_busy': 'Ahora mismo todos están ocupados. Conserva su lugar en la cola y una persona le responderá aquí en cuanto pueda.',
  'notice.everyone_busy_email':
    'Ahora mismo todos están ocupados. Conserva su lugar en la cola y una persona le responderá aquí en cuanto pueda. También le avisaremos por correo electrónico.',
  'notice.budget_exhausted': 'Este chat ha alcanzado su límite de hoy. Vuelva mañana, por favor.',

  'waiting.subject': 'Una persona le responderá pronto',
  'waiting.busy': 'Pidió hablar con una persona. Ahora mismo todos están ocupados, pero su conversación conserva su lugar en la cola.',
  'waiting.nobody': 'Pidió hablar con una persona. Ahora mismo no hay nadie disponible, pero su conversación está en la cola.',
  'waiting.where': 'Una persona le responderá en el mismo chat en cuanto pueda: vuelva a abrirlo para leer la respuesta.',
  'invitation.greeting': 'Hola, {name}:',
  'invitation.greetingNoName': 'Hola:',
  'invitation.intro': 'Le invitamos a un chat: {title}',
  'invitation.open': 'Ábralo aquí: {url}',
  'invitation.button': 'Abrir el chat',
  'invitation.copy': 'O copie esta dirección en su navegador:',
  'invitation.personal': 'El enlace es para usted: cualquiera que lo tenga puede usarlo.',

  'answer.subject': '{operator} ha respondido a su mensaje',
  'answer.subjectFrom': '{operator}, de {tenant}, ha respondido a su mensaje',
  'answer.intro': '{operator} ha respondido al mensaje que dejó en el chat:',
  'answer.where': 'También puede leer la respuesta en el chat, en el dispositivo desde el que dejó su mensaje, mientras la conversación siga abierta.',
};

const ja: Record<VisitorMailKey, string> = {
  'verification.subject': '確認コード：{code}',
  'verification.intro': '「{title}」の確認コードは次のとおりです。',
  'verification.use': 'チャットにこのコードを入力して続行してください。有効期限は{until}までで、使用できるのは1回だけです。',
  'verification.ignore': 'お心当たりがない場合は、このメールを無視してください。',

  'transcript.subject': '{agent}との会話',
  'transcript.heading': '{title} – {agent}との会話',
  'transcript.started': '開始：{start}',
  'transcript.startedEnded': '開始：{start}、終了：{end}',
  'transcript.you': 'あなた',
  'transcript.person': '{name}（担当者）',
  'transcript.support': 'サポート',
  'transcript.notice': 'お知らせ',
  'transcript.agentFallback': 'アシスタント',
  'transcript.titleFallback': 'チャット',
  'transcript.file': '（ファイル：{name}、{type}、{size}。このメールには添付されていません）',
  'transcript.empty': '（メッセージはありません）',
  'transcript.why': 'この記録は、チャットでのご依頼によりお送りしています。',

  'notice.nobody_available': '現在対応できる担当者がいません。担当者が対応でき次第、こちらでお返事します。',
  'notice.nobody_available_email': '現在対応できる担当者がいません。担当者が対応でき次第、こちらでお返事します。メールでもお知らせします。',
  'notice.everyone_busy': '現在、担当者が全員対応中です。順番はそのまま保たれますので、担当者が対応でき次第、こちらでお返事します。',
  'notice.everyone_busy_email':
    '現在、担当者が全員対応中です。順番はそのまま保たれますので、担当者が対応でき次第、こちらでお返事します。メールでもお知らせします。',
  'notice.budget_exhausted': 'このチャットは本日の利用上限に達しました。明日またお越しください。',

  'waiting.subject': 'まもなく担当者がお返事します',
  'waiting.busy': '担当者との会話をご希望いただきました。現在、担当者が全員対応中ですが、順番はそのまま保たれています。',
  'waiting.nobody': '担当者との会話をご希望いただきました。現在対応できる担当者がいませんが、会話は順番待ちに入っています。',
  'waiting.where': '担当者が対応でき次第、同じチャットでお返事します。チャットをもう一度開いてご確認ください。',
  'invitation.greeting': '{name} 様',
  'invitation.greetingNoName': 'こんにちは。',
  'invitation.intro': 'チャットへのご招待です：{title}',
  'invitation.open': 'こちらから開けます：{url}',
  'invitation.button': 'チャットを開く',
  'invitation.copy': 'または、このアドレスをブラウザーにコピーしてください：',
  'invitation.personal': 'このリンクはあなた専用です。リンクを知っている人は誰でも使用できます。',

  'answer.subject': '{operator}がメッセージにお返事しました',
  'answer.subjectFrom': '{tenant}の{operator}がメッセージにお返事しました',
  'answer.intro': 'チャットに残していただいたメッセージに、{operator}がお返事しました。',
  'answer.where': '会話が開いている間は、メッセージを残した端末のチャットでもお返事をご覧いただけます。',
};

const ar: Record<VisitorMailKey, string> = {
  'verification.subject': 'رمز التحقق الخاص بك: {code}',
  'verification.intro': 'رمز التحقق الخاص بك لـ«{title}» هو:',
  'verification.use': 'أدخله في المحادثة للمتابعة. وهو صالح حتى {until} ويمكن استخدامه مرة واحدة فقط.',
  'verification.ignore': 'إذا لم تطلب هذا الرمز، فتجاهل هذه الرسالة.',

  'transcript.subject': 'محادثتك مع {agent}',
  'transcript.heading': '{title} – محادثة مع {agent}',
  'transcript.started': 'بدأت في {start}.',
  'transcript.startedEnded': 'بدأت في {start} وانتهت في {end}.',
  'transcript.you': 'أنت',
  'transcript.person': '{name} (أحد الموظفين)',
  'transcript.support': 'الدعم',
  'transcript.notice': 'تنبيه',
  'transcript.agentFallback': 'المساعد',
  'transcript.titleFallback': 'محادثة',
  'transcript.file': '(ملف: {name}، {type}، {size} – غير مرفق بهذه الرسالة)',
  'transcript.empty': '(لا توجد رسائل)',
  'transcript.why': 'وصلك نص هذه المحادثة لأنك طلبته في المحادثة.',

  'notice.nobody_available': 'لا يوجد أحد متاح الآن. سيرد عليك أحد الموظفين هنا في أقرب وقت ممكن.',
  'notice.nobody_available_email': 'لا يوجد أحد متاح الآن. سيرد عليك أحد الموظفين هنا في أقرب وقت ممكن. وسنبلغك أيضًا عبر البريد الإلكتروني.',
  'notice.everyone_busy': 'جميع الموظفين مشغولون الآن. ستحتفظ بدورك في قائمة الانتظار، وسيرد عليك أحد الموظفين هنا في أقرب وقت ممكن.',
  'notice.everyone_busy_email':
    'جميع الموظفين مشغولون الآن. ستحتفظ بدورك في قائمة الانتظار، وسيرد عليك أحد الموظفين هنا في أقرب وقت ممكن. وسنبلغك أيضًا عبر البريد الإلكتروني.',
  'notice.budget_exhausted': 'وصلت هذه المحادثة إلى حدها المسموح به لهذا اليوم. يُرجى العودة غدًا.',

  'waiting.subject': 'سيرد عليك أحد الموظفين قريبًا',
  'waiting.busy': 'طلبتَ التحدث إلى شخص. جميع الموظفين مشغولون الآن، لكن محادثتك تحتفظ بدورها في قائمة الانتظار.',
  'waiting.nobody': 'طلبتَ التحدث إلى شخص. لا يوجد أحد متاح الآن، لكن محادثتك في قائمة الانتظار.',
  'waiting.where': 'سيرد عليك أحد الموظفين في المحادثة نفسها في أقرب وقت ممكن: افتحها مجددًا لقراءة الرد.',
  'invitation.greeting': 'مرحبًا {name}،',
  'invitation.greetingNoName': 'مرحبًا،',
  'invitation.intro': 'أنت مدعو إلى محادثة: {title}',
  'invitation.open': 'افتحها من هنا: {url}',
  'invitation.button': 'فتح المحادثة',
  'invitation.copy': 'أو انسخ هذا العنوان في متصفحك:',
  'invitation.personal': 'هذا الرابط مخصص لك: يمكن لأي شخص لديه الرابط استخدامه.',

  'answer.subject': 'ردّ {operator} على رسالتك',
  'answer.subjectFrom': 'ردّ {operator} من {tenant} على رسالتك',
  'answer.intro': 'ردّ {operator} على الرسالة التي تركتها في المحادثة:',
  'answer.where': 'يمكنك أيضًا قراءة الرد في المحادثة، على الجهاز الذي تركت منه رسالتك، ما دامت المحادثة مفتوحة.',
};

export const VISITOR_MAIL_WORDS: Record<VisitorLanguage, Record<VisitorMailKey, string>> = { en, de, fr, es, ja, ar };
