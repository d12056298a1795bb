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
  'error.agentUnavailable': 'ただいまアシスタントが応答できませんでした。もう一度お試しください。',
  'error.offlineQueued': '接続されていません。接続が回復しだいメッセージを送信します。',

  'widget.close': 'チャットを閉じる',
  'widget.dialog': 'チャット：{title}',
  'widget.unavailable': 'このチャットはご利用いただけません。',
  'widget.expired': 'このチャットは有効期限が切れています。',
  'widget.inactive': 'このチャットは無効になっています。',
  'widget.needsPage': 'このチャットには、ウィジェットでは行えない手順が必要です。',
  'widget.signedInOnly': 'このチャットはログインしたユーザー専用です。',
};
export default ja;
