/** Arabic (and English) copy for support: reasons, priority names, first-response drafts. */
import type { Priority } from './priorities.js';

export const PRIORITY_TEXT: Record<Priority, { label_ar: string; meaning_ar: string; meaning_en: string }> = {
  P0: {
    label_ar: 'حرج',
    meaning_ar: 'حرج: أمان أو تسريب بيانات، إرسال خاطئ أو بدون موافقة، خصم بدون موافقة، أو توقف كامل',
    meaning_en: 'Critical: security, data leak, wrong or unapproved send, unapproved charge, total outage',
  },
  P1: { label_ar: 'عالي', meaning_ar: 'خدمة مهمة متعطلة', meaning_en: 'An important service is broken' },
  P2: {
    label_ar: 'متوسط',
    meaning_ar: 'مشكلة في ربط إحدى القنوات أو تأخر الـ Proof Pack',
    meaning_en: 'A connector problem, or a Proof Pack is late',
  },
  P3: { label_ar: 'عادي', meaning_ar: 'سؤال أو اقتراح تحسين', meaning_en: 'A question or an improvement' },
};

/** Why a rule fired, in the words an operator reads on the ticket. */
export const RULE_REASON: Record<string, { reason_ar: string; reason_en: string }> = {
  data_leak: { reason_ar: 'بلاغ عن تسريب أو كشف بيانات', reason_en: 'Reports a data leak or exposure' },
  account_compromise: {
    reason_ar: 'اشتباه في اختراق الحساب أو دخول غير مصرّح',
    reason_en: 'Suspected account compromise or unauthorised access',
  },
  secret_exposed: {
    reason_ar: 'مفتاح أو بيانات دخول سرية ظاهرة',
    reason_en: 'A secret key or credential is exposed',
  },
  account_tampering: {
    reason_ar: 'تغيير في الحساب ما سواه العميل',
    reason_en: 'Account changes the customer did not make',
  },
  data_exposed_to_other_party: {
    reason_ar: 'بيانات العميل ظاهرة لطرف ثاني',
    reason_en: "The customer's data is visible to another party",
  },
  unapproved_send: {
    reason_ar: 'إرسال بدون موافقة العميل',
    reason_en: 'Something was sent without the customer approving it',
  },
  rejected_but_sent: { reason_ar: 'رسالة مرفوضة انرسلت', reason_en: 'A rejected draft was sent' },
  wrong_send: {
    reason_ar: 'رسالة راحت للشخص الغلط أو بمحتوى غلط',
    reason_en: 'A message went to the wrong recipient or with the wrong content',
  },
  unapproved_charge: {
    reason_ar: 'خصم مبلغ بدون موافقة أو مكرر',
    reason_en: 'An unapproved or duplicate charge',
  },
  total_outage: { reason_ar: 'توقف كامل للمنصة عند الجميع', reason_en: 'Total outage affecting everyone' },
  proof_pack_missing: { reason_ar: 'الـ Proof Pack مفقود', reason_en: 'A Proof Pack is missing' },
  service_broken: { reason_ar: 'خدمة مهمة متعطلة', reason_en: 'An important service is broken' },
  platform_degraded: {
    reason_ar: 'المنصة متعطلة لهذا العميل',
    reason_en: 'The platform is failing for this customer',
  },
  proof_pack_late: { reason_ar: 'الـ Proof Pack متأخر عن موعده', reason_en: 'A Proof Pack is late' },
  connector_problem: { reason_ar: 'مشكلة في ربط إحدى القنوات', reason_en: 'A connector problem' },
  model: {
    reason_ar: 'يشبه بلاغات سابقة بنفس الأولوية — أكثر الكلمات دلالة',
    reason_en: 'Reads like earlier tickets of this priority — the telling words',
  },
  default: {
    reason_ar: 'سؤال أو طلب تحسين — لا توجد مؤشرات عطل أو خطر',
    reason_en: 'A question or an improvement — no sign of failure or risk',
  },
  empty: { reason_ar: 'نص فارغ — يُعامل كسؤال عادي', reason_en: 'Empty text — treated as a question' },
  hypothetical: {
    reason_ar: 'سؤال افتراضي أو استفسار عن السياسة، ما فيه حادثة فعلية',
    reason_en: 'A hypothetical or policy question; no actual incident reported',
  },
};

/** First-response drafts. Never sent automatically: a human approves each one. */
export const FIRST_RESPONSE: Record<Priority, string> = {
  P0: 'أهلاً {name}، وصلنا بلاغكم وصنّفناه حرجاً. المؤسس وفريق المناوبة يشتغلون عليه الحين، وبنرد عليكم بتحديث واضح خلال 30 دقيقة. أوقفنا احتياطياً أي إجراء حي مرتبط بالقناة المعنية لين نتأكد. إذا عندكم أي تفاصيل إضافية (وقت، لقطة شاشة، اسم المستلم) أرسلوها على نفس المحادثة.',
  P1: 'أهلاً {name}، وصلنا بلاغكم عن تعطل الخدمة، ومسؤول المناوبة استلمه. بنرجع لكم خلال ساعتين بالتشخيص والخطوة الجاية، وهدفنا نرجّع الخدمة خلال 24 ساعة.',
  P2: 'أهلاً {name}، شكراً على التنبيه. استلمنا مشكلة الربط / التأخير وبنرد عليكم خلال 8 ساعات عمل (الأحد–الخميس، 9 الصباح إلى 5 المساء بتوقيت الرياض). في الغالب نحلها خلال 3 أيام عمل، وبنحدّثكم أول بأول.',
  P3: 'أهلاً {name}، شكراً على تواصلكم. استلمنا سؤالكم وبنرد عليكم خلال يوم عمل (ساعات العمل: الأحد–الخميس، 9 الصباح إلى 5 المساء بتوقيت الرياض). إذا الموضوع عاجل أو فيه خطر على بياناتكم أو رسائلكم، اكتبوا لنا كلمة "حرج" ونرفع الأولوية فوراً.',
};
export const DEFAULT_NAME_AR = 'فريقنا العزيز';
