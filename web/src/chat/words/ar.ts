import type { Translation } from '../../i18n/translator';
import type { en } from './en';

/**
 * Arabic (Modern Standard), written right to left. Counts take Arabic's six plural forms: zero,
 * one, two, few (3–10), many (11–99) and other.
 */
const ar: Translation<typeof en> = {
  'page.chat': 'محادثة',
  'page.logo': 'شعار {name}',
  'page.agentFallback': 'المساعد',

  'connection.connecting': 'جارٍ الاتصال…',
  'connection.live': 'متصل',
  'connection.reconnecting': 'جارٍ إعادة الاتصال…',
  'connection.closed': 'غير متصل',

  'status.thinking': '{agent} يفكّر…',
  'status.typing': '{agent} يكتب…',

  'composer.label': 'الرسالة',
  'composer.placeholder': 'اكتب رسالة',
  'composer.send': 'إرسال',

  'conversation.label': 'المحادثة',
  'conversation.youSaid': 'كتبتَ:',
  'conversation.notice': 'تنبيه:',
  'conversation.agentSaid': 'كتب {agent}:',
  'conversation.operatorFallback': 'الدعم',
  'conversation.sending': 'جارٍ الإرسال…',
  'conversation.ended': 'انتهت هذه المحادثة.',
  'conversation.earlier': 'المحادثات السابقة',
  'conversation.untitled': 'محادثة',

  'time.minutes': { zero: '{count} دقيقة', one: 'دقيقة واحدة', two: 'دقيقتين', few: '{count} دقائق', many: '{count} دقيقة', other: '{count} دقيقة' },

  'person.ask': 'التحدث إلى شخص',
  'person.talkingWith': 'أنت تتحدث مع {name}.',
  'person.someone': 'أحد الموظفين',
  'person.waiting': 'في انتظار أحد الموظفين…',
  'person.waitingAt': 'في انتظار أحد الموظفين. {place}.',
  'person.waitingAtFor': 'في انتظار أحد الموظفين. {place} · {wait}.',
  'person.next': 'دورك هو التالي',
  'person.position': 'ترتيبك في الانتظار {position}',
  'person.lessThanMinute': 'أقل من دقيقة',
  'person.aboutMinutes': 'نحو {minutes}',

  'delete.ask': 'حذف هذه المحادثة',
  'delete.question': 'هل تريد حذف هذه المحادثة وكل ما فيها؟ لا يمكن التراجع عن ذلك.',
  'delete.confirm': 'حذف',
  'delete.busy': 'جارٍ الحذف…',
  'delete.keep': 'الإبقاء عليها',

  'error.generic': 'حدث خطأ ما. حاول مجددًا.',
  'error.unreachable': 'تعذّر الوصول إلى الخادم. تحقّق من اتصالك وحاول مجددًا.',
  'error.messageLimit': 'بلغت هذه المحادثة الحد الأقصى للرسائل.',
  'error.tooMany': {
    one: 'رسائل كثيرة جدًا. حاول مجددًا بعد ثانية.',
    two: 'رسائل كثيرة جدًا. حاول مجددًا بعد ثانيتين.',
    few: 'رسائل كثيرة جدًا. حاول مجددًا بعد {count} ثوانٍ.',
    other: 'رسائل كثيرة جدًا. حاول مجددًا بعد {count} ثانية.',
  },
  'error.contentBlocked': 'لا يمكن إرسال هذه الرسالة: فهي تحتوي على ما لا تقبله هذه المحادثة. عدّلها ثم أرسلها مرة أخرى.',
  'error.agentUnavailable': 'تعذّر على المساعد الرد الآن. حاول مجددًا.',
  'error.offlineQueued': 'غير متصل. ستُرسل رسالتك عند عودة الاتصال.',

  'widget.close': 'إغلاق المحادثة',
  'widget.dialog': 'محادثة: {title}',
  'widget.unavailable': 'هذه المحادثة غير متاحة.',
  'widget.expired': 'انتهت صلاحية هذه المحادثة.',
  'widget.inactive': 'تم إيقاف هذه المحادثة.',
  'widget.needsPage': 'تتطلب هذه المحادثة خطوة لا توفرها الأداة المضمّنة.',
  'widget.signedInOnly': 'هذه المحادثة للمستخدمين المسجّلين فقط.',

  'upload.attach': 'إرفاق ملفات',
  'upload.chosen': 'الملفات المراد إرسالها',
  'upload.progress': 'جارٍ رفع {name}',
  'upload.remove': 'إزالة {name}',
  'upload.retry': 'إعادة المحاولة',
  'upload.drop': 'أفلت الملفات هنا لإرفاقها',
  'upload.tooLarge': 'الملف {name} كبير جدًا: الحد الأقصى لحجم الملف {max}.',
  'upload.wrongType': 'الملف {name} من نوع لا تقبله هذه المحادثة. الأنواع المقبولة: {types}.',
  'upload.failed': 'تعذّر رفع {name}. تحقّق من اتصالك وحاول مجددًا.',
  'upload.noMore': 'لا تقبل هذه المحادثة مزيدًا من الملفات.',
  'upload.fewer': {
    one: 'يمكن أن تحمل الرسالة ملفًا واحدًا.',
    two: 'يمكن أن تحمل الرسالة ملفين على الأكثر.',
    few: 'يمكن أن تحمل الرسالة {count} ملفات على الأكثر.',
    other: 'يمكن أن تحمل الرسالة {count} ملفًا على الأكثر.',
  },

  'feedback.label': 'هل كانت هذه الإجابة مفيدة؟',
  'feedback.up': 'مفيدة',
  'feedback.down': 'غير مفيدة',
  'feedback.comment': 'ما الذي لم يكن صحيحًا؟ (اختياري)',
  'feedback.send': 'إرسال',
  'feedback.thanks': 'شكرًا على ملاحظاتك.',
  'feedback.failed': 'تعذّر إرسال ملاحظاتك. حاول مجددًا.',

  'rating.question': 'كيف تقيّم هذه المحادثة؟',
  'rating.stars': {
    one: 'نجمة واحدة',
    two: 'نجمتان',
    few: '{count} نجوم',
    other: '{count} نجمة',
  },
  'rating.comment': 'هل تود إضافة شيء؟ (اختياري)',
  'rating.send': 'إرسال التقييم',
  'rating.skip': 'تخطي',
  'rating.thanks': 'شكرًا لتقييمك هذه المحادثة.',
  'rating.failed': 'تعذّر إرسال تقييمك. حاول مجددًا.',
};
export default ar;
