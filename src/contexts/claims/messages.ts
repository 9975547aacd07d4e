/** What the claims guard tells the writer, per category: a short label and why the sentence can't ship. */
import type { ClaimCategory } from './categories.js';

export interface ClaimText {
  label_ar: string;
  label_en: string;
  reason_ar: string;
  reason_en: string;
}

export const CLAIM_TEXT: Record<ClaimCategory, ClaimText> = {
  guaranteed_results: {
    label_ar: 'ضمان نتائج',
    label_en: 'Guaranteed results',
    reason_ar:
      'وعد بنتائج مضمونة (عملاء، اجتماعات، مبيعات). ما نضمن أرقام؛ اذكر وش نسلّم ومتى، والـ Proof Pack يوضح النتيجة الفعلية.',
    reason_en:
      'Promises guaranteed results (clients, meetings, sales). We never guarantee numbers; say what we deliver and when, and let the Proof Pack show the outcome.',
  },
  scraping: {
    label_ar: 'scraping أو بيانات غير مصرّح بها',
    label_en: 'Scraping or unauthorised data',
    reason_ar:
      'يوحي بأننا نسحب بيانات أو أرقام من LinkedIn أو الإنترنت أو نبيع قوائم. نشتغل على قائمة العميل ونماذج التسجيل والبحث اليدوي المشروع فقط.',
    reason_en:
      "Suggests we scrape or harvest contacts, or sell lists. We only work from the customer's own lists, lead forms and legitimate manual research.",
  },
  full_automation: {
    label_ar: 'أتمتة كاملة',
    label_en: 'Full automation',
    reason_ar:
      'يصوّر Dealix كأنه يشتغل لحاله بدون إنسان. Dealix يجهّز ويقترح، والقرار والاعتماد عند فريق العميل.',
    reason_en:
      "Presents Dealix as running on its own with no human. Dealix prepares and suggests; the customer's team decides and approves.",
  },
  bypass_approvals: {
    label_ar: 'تجاوز الاعتماد',
    label_en: 'Bypassing approval',
    reason_ar:
      'يوحي بأن شي يطلع باسم العميل قبل موافقته (إرسال أو رد تلقائي). قاعدة Approval-first: ولا رسالة تطلع بدون موافقة إنسان من فريقه.',
    reason_en:
      "Suggests something goes out in the customer's name before they approve (auto-send, auto-reply). Approval-first: nothing leaves without a human's approval.",
  },
  competitor_attacks: {
    label_ar: 'مهاجمة منافس',
    label_en: 'Attacking a competitor',
    reason_ar: 'يذكر منافس أو أداة ثانية بشكل سلبي. نوصف وش نسوي نحن، ونذكر الأدوات الثانية بحياد.',
    reason_en:
      'Names a competitor or another tool negatively. Describe what we do and mention other tools neutrally.',
  },
  legal_financial_promises: {
    label_ar: 'وعد قانوني أو مالي',
    label_en: 'Legal or financial promise',
    reason_ar:
      'وعد بامتثال قانوني أو عائد مالي أو استرداد مضمون. لسنا مستشار قانوني ولا مالي؛ التقييم النهائي لمستشار العميل.',
    reason_en:
      "Promises legal compliance, a financial return or a refund. We are not legal or financial advisers; the customer's counsel makes the final call.",
  },
  medical_language: {
    label_ar: 'لغة طبية',
    label_en: 'Medical language',
    reason_ar:
      'يستخدم لغة علاج وشفاء ودواء لوصف مشاكل المبيعات. استخدم لغة عمل واضحة: تحليل، مراجعة، خطة، نتيجة.',
    reason_en:
      'Uses cure/treatment/healing language for sales problems. Use plain business words: review, analysis, plan, outcome.',
  },
  exaggerated_speed: {
    label_ar: 'مبالغة في السرعة',
    label_en: 'Exaggerated speed',
    reason_ar:
      'يعد بنتائج فورية أو خلال ثواني أو ساعات. المدد المعتمدة هي المكتوبة في وثائق التشغيل، مثل 10 فرص وProof Pack خلال 7 أيام.',
    reason_en:
      'Promises instant or overnight results. Only quote the operating timelines in our docs, e.g. 10 opportunities and a Proof Pack in 7 days.',
  },
};
