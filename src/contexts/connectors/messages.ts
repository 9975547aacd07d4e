/** Arabic (and English) copy for connectors. */
export const CONNECTOR_TEXT = {
  gmail: { name_ar: 'Gmail', name_en: 'Gmail', purpose_ar: 'كتابة مسودات الإيميل في صندوق العميل' },
  google_calendar: {
    name_ar: 'تقويم Google',
    name_en: 'Google Calendar',
    purpose_ar: 'اقتراح مواعيد الاجتماعات كمسودات',
  },
  google_sheets: { name_ar: 'Google Sheets', name_en: 'Google Sheets', purpose_ar: 'تصدير الفرص والتقارير' },
  moyasar: { name_ar: 'ميسّر (Moyasar)', name_en: 'Moyasar', purpose_ar: 'فواتير يدوية — بدون أي خصم تلقائي' },
  whatsapp_cloud: {
    name_ar: 'واتساب للأعمال (Cloud API)',
    name_en: 'WhatsApp Cloud',
    purpose_ar: 'رسائل واتساب لمن وافق مسبقاً فقط',
  },
  website_forms: {
    name_ar: 'نماذج الموقع',
    name_en: 'Website forms',
    purpose_ar: 'استقبال طلبات التواصل من موقع العميل',
  },
  linkedin_lead_forms: {
    name_ar: 'نماذج LinkedIn للعملاء المحتملين',
    name_en: 'LinkedIn Lead Forms',
    purpose_ar: 'استيراد الـ leads من نماذج LinkedIn (بدون scraping)',
  },
  google_business_profile: {
    name_ar: 'ملف Google التجاري',
    name_en: 'Google Business Profile',
    purpose_ar: 'مسودات الردود على المراجعات',
  },
  crm_generic: {
    name_ar: 'نظام CRM (HubSpot / Salesforce / Zoho / Close)',
    name_en: 'CRM (HubSpot / Salesforce / Zoho / Close)',
    purpose_ar: 'مزامنة الفرص والملاحظات كمسودات',
  },
  google_meet: { name_ar: 'Google Meet', name_en: 'Google Meet', purpose_ar: 'استيراد ملخصات الاجتماعات' },
  instagram_graph: {
    name_ar: 'Instagram',
    name_en: 'Instagram Graph',
    purpose_ar: 'استيراد الرسائل والتفاعل',
  },
} as const;

export const STATE_TEXT = {
  not_started: 'لم يبدأ',
  configuring: 'قيد الإعداد',
  connected_draft_only: 'مربوط — مسودات فقط',
  connected_approved_execute: 'مربوط — تنفيذ بعد الاعتماد',
  failed: 'فشل الربط',
  skipped: 'تم تخطيه بطلب العميل',
} as const;
