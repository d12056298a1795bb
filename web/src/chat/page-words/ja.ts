import type { Translation } from '../../i18n/translator';
import type { pageEn } from './en';

/** Japanese (polite です・ます form). Japanese has one plural form: `other`. */
const ja: Translation<typeof pageEn> = {
  'page.loading': '読み込み中…',

  'gone.expired.title': 'このチャットリンクは有効期限が切れています',
  'gone.expired.text': 'このリンクの有効期間は終了しました。共有した方に新しいリンクをお求めください。',
  'gone.inactive.title': 'このチャットリンクは無効になっています',
  'gone.inactive.text': '所有者がこのリンクを無効にしたため、会話を始めることも続けることもできません。共有した方に新しいリンクをお求めください。',
  'gone.notFound.title': 'このチャットリンクは存在しません',
  'gone.notFound.text': 'アドレスが欠けておらず、受け取ったとおりであることをご確認ください。リンクが削除された可能性もあります。',

  'connection.polling': '接続済み（ポーリング）',

  'conversation.new': '新しい会話',
  'conversation.startNew': '新しい会話を始める',
  'conversation.deleted': '会話を削除しました。これから書くメッセージで新しい会話が始まります。',

  'limits.messagesLeft': { other: '残り{count}件のメッセージ' },
  'limits.endsSoon': 'まもなく終了します',
  'limits.endsIn': '操作がなければ{minutes}後に終了します',

  'passcode.label': 'パスコード',
  'passcode.required': '始めるにはパスコードを入力してください。',
  'passcode.wrong': 'パスコードが違います。',
  'passcode.wrongLeft': { other: 'パスコードが違います（残り{count}回）。' },

  'verify.intro': '始める前にメールアドレスを確認してください。6桁のコードをお送りします。',
  'verify.email': 'メールアドレス',
  'verify.send': 'コードを送信',
  'verify.sent': '{email} にコードを送信しました。有効期間は10分です。',
  'verify.code': '6桁のコード',
  'verify.confirm': '確認',
  'verify.again': '別のアドレスを使う、または新しいコードを受け取る',
  'verify.wrongCode': { other: 'コードが正しくありません（残り{count}回）。' },
  'verify.codeExpired': 'このコードはもう使えません。新しいコードをお求めください。',
  'verify.passcodeWrong': 'パスコードが入力されていないか、間違っています。',
  'verify.tooManyCodes': { other: 'コードの要求が多すぎます。{count}分後にもう一度お試しください。' },
  'verify.enterCode': 'メールに記載された6桁のコードを入力してください。',
  'verify.enterEmail': '有効なメールアドレスを入力してください。',
  'verify.notSent': 'ただいまコードを送信できませんでした。もう一度お試しください。',

  'error.chatNotLoaded': 'チャットを読み込めませんでした。',
  'error.conversationNotLoaded': '会話を読み込めませんでした。',
  'error.endedGoOn': 'この会話は終了しました。続けるには新しい会話を始めてください。',
  'error.messagesUsed': 'この会話で送信できるメッセージはすべて送信済みです。続けるには新しい会話を始めてください。',
  'error.noMoreConversations': 'このリンクではこれ以上会話を始められません。',
  'error.sessionGone': 'この会話はもう利用できません。新しい会話を始めるには、メッセージをもう一度送信してください。',
  'error.requestNotSent': 'リクエストを送信できませんでした。もう一度お試しください。',
  'error.notDeleted': '会話を削除できませんでした。もう一度お試しください。',
};
export default ja;
