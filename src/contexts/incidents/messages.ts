/** Arabic copy for incidents: plans, reasons, post-mortem sections, PDPL notice headings. */
export const COMMON_PLAN_AR = [
  'أوقف فوراً الإجراءات الحية على القناة المتأثرة',
  'بلّغ المؤسس ومسؤول المناوبة',
  'افتح قناة للحادثة مع خط زمني موثّق',
  'راجع سجل الإجراءات (Action Ledger) لكل الإجراءات المرتبطة',
  'إذا تسرّبت بيانات: بلّغ العملاء المتأثرين خلال 72 ساعة كحد أقصى (PDPL) — وهدفنا 24 ساعة',
] as const;

export const EXTRA_PLAN_AR = {
  SEV1: [
    'تواصل مباشر مع المؤسس وتشكيل خلية أزمة',
    'تحليل ما بعد الحادثة خلال 24 ساعة',
    'مراجعة قانونية عند الحاجة (DPA و PDPL)',
  ],
  SEV2: ['حدّث العملاء المتأثرين كل 60 دقيقة', 'تحليل ما بعد الحادثة خلال 48 ساعة'],
  SEV3: ['حدّث العميل مع كل خطوة', 'تحليل ما بعد الحادثة اختياري'],
} as const;

export const SEVERITY_TEXT = {
  SEV1: {
    meaning_ar: 'تسريب بيانات، أو إرسال بدون موافقة، أو توقف كامل',
    meaning_en: 'Data leak, unapproved send, total outage',
  },
  SEV2: {
    meaning_ar: 'خدمة مهمة متوقفة عند عدد كبير من العملاء (5 أو أكثر)',
    meaning_en: 'An important service down for many (≥ 5) customers',
  },
  SEV3: { meaning_ar: 'عميل واحد أو أداء متراجع', meaning_en: 'One customer or degraded performance' },
} as const;

export const TRIAGE_REASON = {
  data_leak: 'فيه تسريب بيانات — SEV1 مهما كان عدد العملاء',
  unauthorized_send: 'فيه إرسال بدون موافقة — SEV1 مهما كان عدد العملاء',
  many_customers: 'الخدمة متأثرة عند 5 عملاء أو أكثر',
  few_customers: 'التأثير على عميل واحد أو عدد محدود، أو تراجع في الأداء',
} as const;

export const POSTMORTEM_SECTIONS = [
  { key: 'summary', title_ar: 'الملخص', title_en: 'Summary' },
  { key: 'timeline', title_ar: 'الخط الزمني مع الأوقات', title_en: 'Timeline with timestamps' },
  { key: 'root_cause', title_ar: 'السبب الجذري', title_en: 'Root cause' },
  { key: 'went_well', title_ar: 'وش مشى صح', title_en: 'What went well' },
  { key: 'went_wrong', title_ar: 'وش ما مشى صح', title_en: 'What went wrong' },
  { key: 'action_items', title_ar: 'إجراءات وقائية', title_en: 'Preventive action items' },
  { key: 'owners', title_ar: 'مسؤول لكل إجراء', title_en: 'An owner per item' },
  { key: 'deadline', title_ar: 'موعد نهائي', title_en: 'A deadline' },
] as const;

export const AUTO_FREEZE_REASON = {
  bounce_rate: 'نسبة الارتداد تجاوزت 5%',
  complaint_rate: 'نسبة الشكاوى تجاوزت 0.3%',
  whatsapp_block_rate: 'نسبة الحظر في واتساب تجاوزت 3%',
} as const;

export const PDPL_NOTICE_HEADINGS = {
  what_happened: 'وش اللي صار، ومتى صار، ومتى عرفنا',
  data_and_people: 'فئات البيانات وعدد الأشخاص المتأثرين',
  risks_and_measures: 'المخاطر، والإجراءات اللي اتخذناها، والإجراءات المخطط لها',
  people_informed: 'هل تم إبلاغ الأشخاص المتأثرين',
  contact: 'جهة التواصل',
} as const;
