/** Arabic copy for customer success: agendas, talking points, risk reasons, plans. */
export const CADENCE_TEXT = {
  weekly_check_in: 'متابعة أسبوعية',
  monthly_proof_review: 'مراجعة Proof Pack الشهرية',
  quarterly_business_review: 'مراجعة الأعمال الربعية (QBR)',
  at_risk_alert: 'تنبيه عميل معرّض للخطر',
  renewal_30_day: 'تجديد — قبل 30 يوم',
  renewal_7_day: 'تجديد — قبل 7 أيام',
} as const;

export const WEEKLY_AGENDA_AR = [
  'آخر Proof Pack: وش طلع فيه',
  'أهم فرصة في الـ pipeline',
  'أكبر خطر على القنوات',
  'خطة الأسبوع الجاي',
  'كيف نقدر نساعدكم أكثر؟',
] as const;

export const TALKING_POINTS = {
  drafts_approved: (n: number) => `اعتمدتوا ${n} مسودة هالأسبوع`,
  replies: (n: number) => `وصلكم ${n} رد من العملاء المحتملين`,
  meetings: (n: number) => `انحجز ${n} اجتماع`,
  risks_blocked: (n: number) => `أوقفنا ${n} إجراء فيه خطر قبل لا يطلع`,
  pipeline_sar: (n: string) => `قيمة الـ pipeline الحالية ${n} ريال`,
  no_meetings: 'ما انحجز أي اجتماع هالأسبوع — نراجع الرسائل والاستهداف سوا',
} as const;

export const RISK_REASONS = {
  inactive_14: (d: number) => `ما فيه أي نشاط من ${d} يوم (14 يوم أو أكثر)`,
  inactive_7: (d: number) => `ما فيه نشاط من ${d} أيام (7 أيام أو أكثر)`,
  drafts_10: (n: number) => `${n} مسودة تنتظر الاعتماد (10 أو أكثر)`,
  drafts_5: (n: number) => `${n} مسودات تنتظر الاعتماد (5 أو أكثر)`,
  proof_14: (d: number) => `آخر Proof Pack قبل ${d} يوم (14 يوم أو أكثر)`,
} as const;

export const RISK_ACTION = {
  high: 'إيميل شخصي من المؤسس وجدولة QBR هذا الأسبوع',
  medium: 'إرسال ملخص Proof Pack مع عرض تجريبي لخدمة جديدة',
  low: 'متابعة أسبوعية عادية',
} as const;

export const BUNDLE_PLANS_AR = {
  growth_starter: [
    { day: 1, items_ar: ['اجتماع الانطلاق', 'تعبئة بيانات البداية'] },
    { day: 3, items_ar: ['مراجعة أول 3 فرص', 'مراجعة المسودات'] },
    { day: 7, items_ar: ['Proof Pack v1'] },
    { day: 14, items_ar: ['متابعة أسبوعية', 'عرض الترقية'] },
    { day: 30, items_ar: ['مراجعة Proof Pack الشهرية', 'قرار التجديد أو الترقية'] },
  ],
  executive_growth_os: [
    { day: 1, items_ar: ['الـ onboarding', 'ربط القنوات'] },
    { day: 7, items_ar: ['أول Proof Pack أسبوعي'] },
    { day: 14, items_ar: ['متابعة أسبوعية', 'Founder Shadow Board v1'] },
    { day: 21, items_ar: ['مراجعة Proof Pack الشهرية'] },
    { day: 30, items_ar: ['مراجعة الأعمال الربعية (QBR)', 'نقاش الترقية السنوية'] },
  ],
  partnership_growth: [
    { day: 1, items_ar: ['تحديد ICP الشركاء'] },
    { day: 5, items_ar: ['قائمة 20 شريك', '10 مسودات تواصل'] },
    { day: 10, items_ar: ['حجز 5 اجتماعات مع شركاء'] },
    { day: 14, items_ar: ['متابعة أسبوعية'] },
    { day: 30, items_ar: ['بطاقة أداء الشركاء', 'إعداد مشاركة الإيرادات'] },
  ],
} as const;

export const QBR_AGENDA_AR = [
  'مراجعة آخر 3 Proof Packs',
  'العائد على الاستثمار (ROI)',
  'مقارنة بمعايير القطاع',
  'تجارب الربع الجاي',
  'مستوى الباقة والتسعير',
] as const;

export const RENEWAL_STEPS_AR = {
  renewal_30_day: ['Proof Pack الشهري', 'رسالة ودية عن التجديد'],
  renewal_7_day: [
    'إيميل من المؤسس',
    'خصم 15% على الاشتراك السنوي إذا ما تم التجديد',
    'تنبيه خطر إذا العميل معرّض للخطر',
  ],
  renewal_day: ['الفاتورة', 'رسالة شكر'],
} as const;

export const HEALTH_BAND_AR = { healthy: 'صحي', watch: 'تحت المراقبة', at_risk: 'معرّض للخطر' } as const;

/** The check-in message a success-plan task sends (after approval) to the customer's contact. */
export const checkInMessageAr = (contactName: string | null, company: string, taskTitle: string) =>
  [
    contactName ? `أهلاً ${contactName}،` : 'أهلاً،',
    `حان موعد «${taskTitle}» مع ${company}. نبي نجلس 25 دقيقة نمرّ فيها على:`,
    ...WEEKLY_AGENDA_AR.map((item) => `• ${item}`),
    'وش الوقت اللي يناسبكم هالأسبوع؟',
    'فريق Dealix',
  ].join('\n');
