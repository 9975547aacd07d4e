/** Arabic copy for the operator modes. */
export const ICP_FOCUSES = [
  { key: 'b2b_marketing_agencies', label_ar: 'وكالات التسويق B2B', city: 'Riyadh', city_ar: 'الرياض' },
  { key: 'b2b_training_companies', label_ar: 'شركات التدريب B2B', city: 'Riyadh', city_ar: 'الرياض' },
  { key: 'growth_consultancies', label_ar: 'استشارات النمو', city: 'Riyadh', city_ar: 'الرياض' },
  { key: 'saudi_saas_smb', label_ar: 'شركات SaaS سعودية صغيرة ومتوسطة', city: 'Riyadh', city_ar: 'الرياض' },
  { key: 'b2b_real_estate_brokers', label_ar: 'وسطاء العقار B2B', city: 'Jeddah', city_ar: 'جدة' },
] as const;

export const OPERATOR_REMINDERS_AR = [
  'لا واتساب بارد — حتى لـ Dealix نفسها',
  'كل مسودة تحتاج اعتماد قبل أي إرسال',
  'لا scraping من LinkedIn — نماذج العملاء المحتملين أو بحث يدوي فقط',
  'كل تواصل يتسجل في سجل الإجراءات (Action Ledger)',
] as const;

export const DAILY_ACTIONS_AR = [
  'راجع أهم الأهداف وجهّز لكل واحد مسودة مخصصة',
  'اعتمد المسودات الجاهزة أو عدّلها',
  'تابع الردود واحجز الاجتماعات',
  'سجّل كل تواصل في السجل',
] as const;

export const LEARNING_QUESTIONS_AR = {
  low_conversion: 'ليش التشخيصات المجانية ما تتحول لـ pilots مدفوعة؟ وش الاعتراض المتكرر؟',
  no_meetings: 'ليش ما انحجزت اجتماعات؟ نراجع الرسالة الأولى والاستهداف',
  no_case_studies: 'أي عميل نقدر نكتب عنه دراسة حالة هالأسبوع؟',
  default: 'وش أكثر رسالة جابت ردود، وليش؟',
} as const;

export const EXPERIMENTS_AR = {
  low_conversion: 'جرّب عرض pilot أقصر بسعر أوضح',
  no_meetings: 'جرّب زاوية جديدة في الرسالة الأولى لقطاع واحد',
  no_case_studies: 'اطلب إذن عميل راضٍ لنشر نتائجه بدون أرقام حساسة',
  default: 'كرر أفضل رسالة على قطاع ثاني',
} as const;

export const SERVICES = {
  first_10_opportunities: {
    name_ar: 'أول 10 فرص (Sprint)',
    day_one_ar: [
      'تأكيد ICP والقطاع',
      'سحب الحسابات المقترحة من المصادر المعتمدة فقط',
      'تجهيز 10 بطاقات فرص مع رسائل عربية',
      'تجهيز Approval Pack للعميل',
    ],
  },
  list_intelligence: {
    name_ar: 'List Intelligence',
    day_one_ar: [
      'استلام القائمة من العميل',
      'تنظيف وإزالة التكرار',
      'تصنيف قابلية التواصل: آمن / يحتاج مراجعة / محظور',
      'تقرير أولي بأفضل الحسابات',
    ],
  },
  free_growth_diagnostic: {
    name_ar: 'التشخيص المجاني للنمو (Free Growth Diagnostic)',
    day_one_ar: [
      'جلسة 30 دقيقة لفهم الوضع الحالي',
      'مراجعة القنوات الحالية',
      'توصيات بالحسابات المستهدفة',
      'اقتراح الباقة المناسبة',
    ],
  },
  other: {
    name_ar: 'خدمة مخصصة',
    day_one_ar: ['تأكيد نطاق الخدمة مكتوباً', 'تحديد المسؤول والموعد', 'تجهيز أول مخرَج للاعتماد'],
  },
} as const;

export const HANDOFF_STEPS_AR = [
  'تسليم الـ Proof Pack النهائي واعتماده من العميل',
  'حجز مراجعة 30 دقيقة',
  'تفعيل إيقاع نجاح العملاء',
  'اقتراح الترقية الطبيعية بناءً على النتائج',
  'تحديث خريطة الإجراءات ووحدات عمل الإيرادات',
] as const;
