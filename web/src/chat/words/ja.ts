import type { Translation } from '../../i18n/translator';
import type { en } from './en';

/** Japanese (polite です・ます form). Japanese has one plural form: `other`. */
const ja: Translation<typeof en> = {
  'page.chat': 'チャット',
  'page.logo': '{name}のロゴ',
  'page.agentFallback': 'アシスタント',

  'connection.connecting': '接続中…',
  'connection.live': '接続済み',
  'connection.reconnecting': '再接続中…',
  'connection.closed': '未接続',

  'status.thinking': '{agent}が考えています…',
  'status.typing': '{agent}が入力しています…',

  'composer.label': 'メッセージ',
  'composer.placeholder': 'メッセージを入力',
  'composer.send': '送信',

  'conversation.label': '会話',
  'conversation.youSaid': 'あなたのメッセージ：',
  'conversation.notice': 'お知らせ：',
  'conversation.agentSaid': '{agent}のメッセージ：',
  'conversation.operatorFallback': 'サポート',
  'conversation.sending': '送信中…',
  'conversation.ended': 'この会話は終了しました。',
  'conversation.earlier': '以前の会話',
  'conversation.untitled': '会話',

  'time.minutes': { other: '{count}分' },

  'person.ask': '担当者と話す',
  'person.talkingWith': '{name}が対応しています。',
  'person.someone': '担当者',
  'person.waiting': '担当者を待っています…',
  'person.waitingAt': '担当者を待っています。{place}。',
  'person.waitingAtFor': '担当者を待っています。{place}・{wait}。',
  'person.next': '次にご案内します',
  'person.position': '順番は{position}番目です',
  'person.lessThanMinute': '1分以内',
  'person.aboutMinutes': '約{minutes}',

  'delete.ask': 'この会話を削除',
  'delete.question': 'この会話とその内容をすべて削除しますか？元に戻すことはできません。',
  'delete.confirm': '削除',
  'delete.busy': '削除中…',
  'delete.keep': '残す',

  'error.generic': '問題が発生しました。もう一度お試しください。',
  'error.unreachable': 'サーバーに接続できません。接続を確認して、もう一度お試しください。',
  'error.messageLimit': 'この会話はメッセージの上限に達しました。',
  'error.tooMany': { other: 'メッセージが多すぎます。{count}秒後にもう一度お試しください。' },
  'error.contentBlocked': 'このメッセージは送信できません。このチャットで受け付けない内容が含まれています。編集してからもう一度送信してください。',
  'error.agentUnavailable': 'ただいまアシスタントが応答できませんでした。もう一度お試しください。',
  'error.offlineQueued': '接続されていません。接続が回復しだいメッセージを送信します。',

  'widget.close': 'チャットを閉じる',
  'widget.dialog': 'チャット：{title}',
  'widget.unavailable': 'このチャットはご利用いただけません。',
  'widget.expired': 'このチャットは有効期限が切れています。',
  'widget.inactive': 'このチャットは無効になっています。',
  'widget.needsPage': 'このチャットには、ウィジェットでは行えない手順が必要です。',
  'widget.signedInOnly': 'このチャットはログインしたユーザー専用です。',

  'upload.attach': 'ファイルを添付',
  'upload.chosen': '送信するファイル',
  'upload.progress': '{name}をアップロード中',
  'upload.remove': '{name}を削除',
  'upload.retry': '再試行',
  'upload.drop': 'ここにファイルをドロップして添付',
  'upload.tooLarge': '{name}は大きすぎます。ファイルの上限は{max}です。',
  'upload.wrongType': '{name}はこのチャットで受け付けていない種類のファイルです。受け付けるのは{types}です。',
  'upload.failed': '{name}をアップロードできませんでした。接続を確認して、もう一度お試しください。',
  'upload.noMore': 'この会話にはこれ以上ファイルを追加できません。',
  'upload.fewer': { other: '1つのメッセージに添付できるファイルは{count}個までです。' },

  'feedback.label': 'この回答は役に立ちましたか？',
  'feedback.up': '役に立った',
  'feedback.down': '役に立たなかった',
  'feedback.comment': '何が問題でしたか？（任意）',
  'feedback.send': '送信',
  'feedback.thanks': 'ご意見ありがとうございます。',
  'feedback.failed': 'ご意見を送信できませんでした。もう一度お試しください。',

  'rating.question': 'この会話を評価してください',
  'rating.stars': { other: '星{count}つ' },
  'rating.comment': 'ほかにご意見があればどうぞ（任意）',
  'rating.send': '評価を送信',
  'rating.skip': 'スキップ',
  'rating.thanks': '評価をありがとうございました。',
  'rating.failed': '評価を送信できませんでした。もう一度お試しください。',
};
export default ja;
