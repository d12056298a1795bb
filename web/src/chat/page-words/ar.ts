import type { Translation } from '../../i18n/translator';
import type { pageEn } from './en';

/**
 * Arabic (Modern Standard), written right to left. Counts take Arabic's six plural forms: zero,
 * one, two, few (3–10), many (11–99) and other.
 */
const ar: Translation<typeof pageEn> = {
  'page.loading': 'جارٍ التحميل…',

  'gone.expired.title': 'انتهت صلاحية رابط المحادثة هذا',
  'gone.expired.text': 'كان الرابط صالحًا لمدة محدودة وقد انتهت. اطلب رابطًا جديدًا ممن شاركه معك.',
  'gone.inactive.title': 'تم إيقاف رابط المحادثة هذا',
  'gone.inactive.text': 'أوقفه مالكه، فلم يعد يبدأ محادثات أو يتابعها. اطلب رابطًا جديدًا ممن شاركه معك.',
  'gone.notFound.title': 'رابط المحادثة هذا غير موجود',
  'gone.notFound.text': 'تأكد من أن العنوان كامل ومطابق تمامًا لما وصلك. ربما حُذف الرابط أيضًا.',

  'connection.polling': 'متصل (استعلام دوري)',

  'conversation.new': 'محادثة جديدة',
  'conversation.startNew': 'ابدأ محادثة جديدة',
  'conversation.deleted': 'حُذفت المحادثة. ما تكتبه الآن يبدأ محادثة جديدة.',

  'limits.messagesLeft': {
    zero: 'لم تتبقَّ أي رسالة',
    one: 'تتبقّى رسالة واحدة',
    two: 'تتبقّى رسالتان',
    few: 'تتبقّى {count} رسائل',
    many: 'تتبقّى {count} رسالة',
    other: 'تتبقّى {count} رسالة',
  },
  'limits.endsSoon': 'تنتهي خلال أقل من دقيقة',
  'limits.endsIn': 'تنتهي بعد {minutes} من عدم النشاط',

  'passcode.label': 'رمز المرور',
  'passcode.required': 'أدخل رمز المرور للبدء.',
  'passcode.wrong': 'رمز المرور غير صحيح.',
  'passcode.wrongLeft': {
    zero: 'رمز المرور غير صحيح (لم تتبقَّ محاولات).',
    one: 'رمز المرور غير صحيح (تتبقّى محاولة واحدة).',
    two: 'رمز المرور غير صحيح (تتبقّى محاولتان).',
    few: 'رمز المرور غير صحيح (تتبقّى {count} محاولات).',
    many: 'رمز المرور غير صحيح (تتبقّى {count} محاولة).',
    other: 'رمز المرور غير صحيح (تتبقّى {count} محاولة).',
  },

  'verify.intro': 'أكّد عنوان بريدك الإلكتروني للبدء. سنرسل إليك رمزًا من 6 أرقام.',
  'verify.email': 'البريد الإلكتروني',
  'verify.send': 'إرسال الرمز',
  'verify.sent': 'أرسلنا رمزًا إلى {email}. وهو صالح لمدة 10 دقائق.',
  'verify.code': 'الرمز المكوّن من 6 أرقام',
  'verify.confirm': 'تأكيد',
  'verify.again': 'استخدم عنوانًا آخر أو اطلب رمزًا جديدًا',
  'verify.wrongCode': {
    zero: 'هذا الرمز غير صحيح (لم تتبقَّ محاولات).',
    one: 'هذا الرمز غير صحيح (تتبقّى محاولة واحدة).',
    two: 'هذا الرمز غير صحيح (تتبقّى محاولتان).',
    few: 'هذا الرمز غير صحيح (تتبقّى {count} محاولات).',
    many: 'هذا الرمز غير صحيح (تتبقّى {count} محاولة).',
    other: 'هذا الرمز غير صحيح (تتبقّى {count} محاولة).',
  },
  'verify.codeExpired': 'لم يعد هذا الرمز صالحًا. اطلب رمزًا جديدًا.',
  'verify.passcodeWrong': 'رمز المرور مفقود أو غير صحيح.',
  'verify.tooManyCodes': {
    one: 'طُلبت رموز كثيرة. حاول مجددًا بعد دقيقة.',
    two: 'طُلبت رموز كثيرة. حاول مجددًا بعد دقيقتين.',
    few: 'طُلبت رموز كثيرة. حاول مجددًا بعد {count} دقائق.',
    other: 'طُلبت رموز كثيرة. حاول مجددًا بعد {count} دقيقة.',
  },
  'verify.enterCode': 'أدخل الرمز المكوّن من 6 أرقام الوارد في الرسالة.',
  'verify.enterEmail': 'أدخل عنوان بريد إلكتروني صالحًا.',
  'verify.notSent': 'تعذّر إرسال الرمز الآن. حاول مجددًا.',

  'error.chatNotLoaded': 'تعذّر تحميل المحادثة.',
  'error.conversationNotLoaded': 'تعذّر تحميل هذه المحادثة.',
  'error.endedGoOn': 'انتهت هذه المحادثة. ابدأ محادثة جديدة للمتابعة.',
  'error.messagesUsed': 'أرسلت كل الرسائل التي تسمح بها هذه المحادثة. ابدأ محادثة جديدة للمتابعة.',
  'error.noMoreConversations': 'لا يمكن بدء محادثات أخرى من هذا الرابط.',
  'error.sessionGone': 'لم تعد هذه المحادثة متاحة. أرسل رسالتك مرة أخرى لبدء محادثة جديدة.',
  'error.requestNotSent': 'تعذّر إرسال طلبك. حاول مجددًا.',
  'error.notDeleted': 'تعذّر حذف المحادثة. حاول مجددًا.',
};
export default ar;
