/** Arabic (and English) copy for onboarding. Reviewed by the CS team; no logic here. */
export const STEP_TEXT = {
  select_goal: { title_ar: 'اختيار الهدف الرئيسي', title_en: 'Choose the main goal' },
  select_bundle: { title_ar: 'اختيار الباقة', title_en: 'Choose the bundle' },
  company_intake: { title_ar: 'بيانات الشركة', title_en: 'Company profile' },
  connect_channels: {
    title_ar: 'ربط القنوات (Gmail والتقويم وSheets) — مسودات فقط',
    title_en: 'Connect Gmail / Calendar / Sheets — drafts only',
  },
  upload_or_source: {
    title_ar: 'رفع قائمة العملاء أو ربط مصدر leads',
    title_en: 'Upload a lead list or connect a lead source',
  },
  risk_review: {
    title_ar: 'مراجعة المخاطر (PDPL وسمعة القنوات)',
    title_en: 'PDPL and channel-reputation review',
  },
  first_service_run: {
    title_ar: 'تشغيل أول خدمة (أول 10 فرص أو List Intelligence)',
    title_en: 'Run the first service (First 10 Opportunities or List Intelligence)',
  },
  first_proof_pack: { title_ar: 'استلام أول Proof Pack', title_en: 'Receive the first Proof Pack' },
} as const;

export const DAY_PLAN_TEXT = [
  {
    title_ar: 'اليوم الأول — الانطلاق',
    title_en: 'Day 1 — Kick-off',
    tasks_ar: [
      'مكالمة انطلاق ٣٠ دقيقة مع المؤسس أو مدير النمو',
      'تعبئة بيانات البداية (الخطوات ١–٣)',
      'مسودة اتفاقية الـ Pilot ومسودة اتفاقية معالجة البيانات (DPA)',
      'إنشاء سجل العميل',
    ],
  },
  {
    title_ar: 'اليوم الثاني — ربط القنوات',
    title_en: 'Day 2 — Connectors',
    tasks_ar: [
      'ربط Gmail كمسودات فقط',
      'ربط Google Calendar كمسودات فقط',
      'ربط Google Sheets للتصدير',
      'WhatsApp Cloud بعد تدقيق موافقات الاشتراك (opt-in) فقط',
    ],
  },
  {
    title_ar: 'اليوم الثالث — القائمة ومراجعة المخاطر',
    title_en: 'Day 3 — List and risk review',
    tasks_ar: [
      'رفع القائمة أو ربط الـ CRM',
      'تحليل القائمة',
      'مراجعة قابلية التواصل: آمن / يحتاج مراجعة / محظور',
      'اعتماد القنوات الآمنة فقط',
    ],
  },
  {
    title_ar: 'اليوم الرابع — أول خدمة',
    title_en: 'Day 4 — First service',
    tasks_ar: [
      'تشغيل أول خدمة: ١٠ بطاقات فرص مع رسائل عربية',
      'إرسال Approval Pack للعميل (٣ إجراءات كحد أقصى لكل بطاقة)',
    ],
  },
  {
    title_ar: 'اليوم الخامس — Proof Pack الأول',
    title_en: 'Day 5 — Proof Pack v1',
    tasks_ar: [
      'تسليم Proof Pack v1 (PDF وJSON وملخص واتساب)',
      'جلسة مراجعة ٣٠ دقيقة',
      'تفعيل إيقاع نجاح العملاء (Customer Success)',
    ],
  },
] as const;

export const RECOVERY_TEXT = [
  {
    failure: 'gmail_oauth_failed',
    failure_ar: 'فشل ربط Gmail (OAuth)',
    action_ar: 'راجع الصلاحيات المطلوبة، أعد المحاولة، وإذا ما زبط اشتغل على المسودات فقط',
  },
  {
    failure: 'moyasar_not_connected',
    failure_ar: 'Moyasar غير مربوط',
    action_ar: 'أصدر الفاتورة يدوياً من لوحة Moyasar',
  },
  {
    failure: 'no_list_uploaded',
    failure_ar: 'العميل ما رفع قائمة',
    action_ar: 'اعرض عليه التشخيص المجاني (Free Diagnostic) وقائمة الحسابات المقترحة',
  },
  {
    failure: 'risk_review_problem',
    failure_ar: 'مراجعة المخاطر كشفت مشكلة',
    action_ar: 'أوقف التشغيل وارفع تقريراً للمؤسس',
  },
] as const;
