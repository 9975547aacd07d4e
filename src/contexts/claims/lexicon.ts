/**
 * The claims guard's vocabulary and rules, as data. Forms are written naturally (hamza, ة, ى…) and
 * normalised when the matcher is built (src/lib/arabic.ts), so one form covers every folded spelling.
 * A form matches at a word start, after up to three clitic letters (و ف ب ل ك ا س, so "ال"، "وب"…),
 * and may take any suffix unless it ends with "=" (whole word). Multi-word forms match across spaces.
 * At each position the longest form wins: "بدون أي تدخل بشري" is one claim, not a negation.
 *
 * Concepts are small and literal. A claim is a rule: a short sequence of concepts close together
 * inside one clause or sentence (guard.ts), not cancelled by a negation in the same clause.
 */
import type { ClaimCategory } from './categories.js';

export const CONCEPTS = [
  // Negation and scope.
  'NEG', // negates a claim that follows within a few words
  'NEG_WEAK', // "ما": also a relative pronoun, so it only reaches two words
  'POST_NEG', // "X is not / X ممنوع": negates the claim just before it
  'BREAK', // but / لكن / بل: ends the reach of a negation
  'NEUTRAL', // idioms that contain a negation word but negate nothing ("not only", "لا شك")
  'YOU', // "نرسل لك": a notice to the customer, not an outbound send
  // Building blocks for derived concepts.
  'WITHOUT',
  'BEFORE',
  'NEED_NEG',
  'NO_WORD',
  'SKIP',
  'APPROVAL',
  'HUMAN',
  'LEGAL_RISK',
  // guaranteed_results / legal_financial_promises
  'GUARANTEE',
  'G_ADJ',
  'G_PHRASE',
  'RESULT',
  'CLIENT',
  'MULTIPLY',
  'FIN',
  'LEGAL',
  'LEGAL_CLAIM',
  'FULLY',
  'COMPLIANT',
  'COMPLIANT_AR',
  'LEGAL_CTX',
  'MONEY_BACK',
  'TAKE_ON',
  'LIABILITY',
  // scraping
  'SCRAPE',
  'HARVEST',
  'SOURCE',
  'OWN_SOURCE',
  'CONTACT',
  'BIGNUM',
  'DECISION_MAKER',
  'SELL',
  'LIST',
  // full_automation
  'FULL_AUTO',
  'AUTO_ADJ',
  'REPLACE',
  'SALES_TEAM',
  // bypass_approvals
  'SEND',
  'AUTO_ADV',
  'BYPASS',
  // competitor_attacks
  'COMPETITOR',
  'ATTACK',
  // medical_language
  'MEDICAL',
  'TREAT',
  'PROCESS_OBJ',
  // exaggerated_speed
  'INSTANT',
  'FAST',
  // Derived while scanning (no forms of their own).
  'CLIENT_BARE',
  'WITHOUT_APPROVAL',
  'NO_HUMAN',
] as const;
export type Concept = (typeof CONCEPTS)[number];

export const LEXICON: Partial<Record<Concept, readonly string[]>> = {
  NEG: [
    'لا=', 'ولا=', 'مو=', 'مب=', 'مهو=', 'مهي=', 'مش=', 'ليس', 'لسنا=', 'لست=', 'لن=', 'لم=', 'بدون=', 'دون=', 'غير=',
    'بلا=', 'أبداً=', 'أبدا=', 'عدم=', 'ماراح=', 'مافيه=', 'no=', 'not=', 'never=', 'without=', 'dont=', 'doesnt=',
    'wont=', 'isnt=', 'arent=', 'nor=', 'cannot=', 'cant=', 'didnt=', 'neither=', 'nothing=', 'none=', 'nobody=',
    'zero=', 'لا يوجد', 'لا توجد', 'ما في=', 'مافي=', 'ما فيه=',
  ],
  NEG_WEAK: ['ما='],
  POST_NEG: [
    'is not=', 'isnt=', 'are not=', 'arent=', 'ليس', 'مو=', 'مب=', 'ممنوع', 'محظور', 'forbidden=', 'prohibited=',
    'banned=', 'not allowed=', 'غير مسموح', 'مرفوض',
  ],
  BREAK: [
    'لكن', 'ولكن', 'بل=', 'بينما=', 'إنما=', 'بس=', 'but=', 'however=', 'instead=', 'yet=', 'while=', 'whereas=',
    'although=', 'though=', 'rather=', 'and we=', 'and it=', 'and its=', 'and our=', 'and they=', 'and you=', 'ونحن=',
  ],
  NEUTRAL: [
    'كما=', 'لما=', 'بما=', 'مما=', 'عما=', 'فيما=', 'ربما=', 'طالما=', 'كلما=', 'حالما=', 'ما يميز', 'ما نقدم',
    'ما يقدم', 'ما تحتاجه', 'هذا ما', 'كل ما', 'مثل ما', 'زي ما', 'بعد ما', 'ما شاء الله', 'لا شك', 'بلا شك',
    'لا بد', 'لابد=', 'لا تتردد', 'لا يقل عن', 'ما لا يقل', 'لا مثيل', 'غير مسبوق', 'غير محدود', 'لا محدود', 'غير مصرح',
    'مو بس', 'ليس فقط', 'not only', 'not just', 'no matter', 'no doubt', 'without doubt', 'without a doubt',
    'no less than', 'not less than', "don't hesitate", "don't miss", 'سي آر إم', 'سي ار', 'scraping free', 'scrape free',
  ],
  YOU: ['لك=', 'لكم=', 'إليك=', 'إليكم=', 'عليك=', 'عليكم=', 'you=', 'yourself='],
  WITHOUT: ['بدون=', 'دون=', 'من غير=', 'بلا=', 'without='],
  BEFORE: ['قبل=', 'قبل ما=', 'before='],
  NEED_NEG: [
    'ما تحتاج=', 'لا تحتاج=', 'ما يحتاج=', 'لا يحتاج=', 'ما نحتاج=', 'لا نحتاج=', 'بدون ما تحتاج=', 'بدون الحاجة',
    'من غير ما تحتاج=', 'no need to=', 'no need for=', 'dont need=', 'doesnt need=', 'without needing=',
    'without the need for=',
  ],
  NO_WORD: [
    'no=', 'zero=', 'ما في=', 'مافي=', 'ما فيه=', 'لا يوجد', 'لا توجد', 'ما راح تواجه', 'لن تواجه', 'ما راح تدفع',
    'لن تدفع', 'never face=', 'never pay=', 'free of=', 'free from=',
  ],
  SKIP: ['skip', 'bypass', 'تجاوز', 'نتجاوز', 'يتجاوز', 'تخطي', 'نتخطى', 'يتخطى', 'نتخطي'],
  APPROVAL: [
    'موافقت', 'موافقة=', 'الموافقة=', 'موافقه=', 'اعتماد', 'مراجعة', 'مراجعت', 'إذن', 'توافق=', 'نوافق=', 'approv',
    'review=', 'reviewing=', 'sign off', 'signoff', 'sign-off', 'permission=', 'your ok=',
  ],
  HUMAN: [
    'human=', 'humans=', 'human touch', 'تدخل بشري', 'تدخل إنساني', 'بشري=', 'بشر=', 'موظف', 'staff=', 'employee',
    'salespeople=', 'people needed=',
  ],
  LEGAL_RISK: [
    'مخاطر قانونية', 'مخاطرة قانونية', 'مخالفة=', 'مخالفات=', 'غرامة=', 'غرامات=', 'legal risk', 'legal risks',
    'legal exposure', 'fines=', 'penalties=',
  ],
  GUARANTEE: [
    'نضمن', 'أضمن', 'يضمن لك', 'يضمن لكم', 'تضمن لك', 'تضمن لكم', 'نضمنلك', 'نتعهد', 'نعدك', 'نعدكم', 'نوعدك', 'نوعدكم',
    'وعد=', 'ضمان', 'guarante', 'promis',
  ],
  G_ADJ: ['مضمون', 'مؤكدة=', 'مؤكده=', 'مؤكدين=', 'guaranteed=', 'assured='],
  G_PHRASE: [
    'مضمون 100', '100 مضمون', 'مضمونة 100', 'مضمونه 100', '100 guaranteed', 'guaranteed 100', 'ضمان النتائج',
    'results guaranteed', 'or your money back', 'نتائج أكيدة', 'نتايج اكيده', 'guaranteed or',
  ],
  RESULT: [
    'نتائج', 'نتيجة', 'نتيجه', 'صفقات', 'صفقة=', 'مبيعات', 'اجتماعات', 'مواعيد', 'ردود', 'leads=', 'lead=', 'ليدز=',
    'results=', 'meetings=', 'deals=', 'sales=', 'revenue=', 'growth=', 'نمو=', 'نموك=', 'إيرادات', 'إيرادك=', 'pipeline=',
    'فرص=', 'فرص بيع=', 'opportunities=', 'replies=', 'conversions=', 'bookings=', 'success=', 'النجاح=', 'نجاح=',
  ],
  CLIENT: [
    'عملاء=', 'عملائ', 'عميل', 'زبائن', 'زبون', 'clients=', 'new customers=', 'customers=', 'buyers=', 'new business=',
  ],
  MULTIPLY: [
    'نضاعف', 'يضاعف', 'تضاعف', 'تتضاعف', 'بتتضاعف', 'يتضاعف', 'أضعاف=', 'double=', 'doubles=', 'triple=', 'triples=',
    '10x=', '5x=', '3x=', '2x=', 'quadruple=',
  ],
  FIN: [
    'عائد', 'أرباح', 'ربح=', 'أرباحك=', 'roi=', 'return on investment', 'returns=', 'profit', 'income=',
  ],
  LEGAL: [
    'امتثال', 'الامتثال', 'compliance=', 'compliant=', 'pdpl=', 'قانوني', 'قانونية=', 'قانونياً=', 'legal=', 'legally=',
    'نظام حماية البيانات', 'حماية البيانات', 'gdpr=', 'regulation', 'law=', 'laws=',
  ],
  LEGAL_CLAIM: [
    'ضمان قانوني', 'ضمان مالي', 'legal guarantee', 'financial guarantee', 'legally guaranteed', 'امتثال كامل',
    'امتثال 100', 'امتثال تام', 'full compliance', 'complete compliance', '100 compliance', 'risk free=',
    'ما راح تواجه أي مخالفة', 'لن تواجه أي مخالفة', 'never be fined', 'never get fined',
  ],
  FULLY: ['fully=', '100=', 'completely=', 'entirely=', 'totally=', 'بالكامل=', 'كامل=', 'كاملة=', 'كامله=', 'تماماً=', 'تماما=', 'تام=', 'تامة='],
  COMPLIANT: ['compliant=', 'compliance='],
  COMPLIANT_AR: ['متوافق', 'ملتزم'],
  LEGAL_CTX: [
    'pdpl=', 'gdpr=', 'نظام حماية', 'حماية البيانات', 'قانون', 'القانونية=', 'الأنظمة=', 'الأنظمه=', 'الانظمة=', 'اللوائح=',
    'سدايا=', 'sdaia=', 'law=', 'laws=', 'regulation',
  ],
  MONEY_BACK: [
    'money back', 'money-back', 'full refund', 'refund in full', 'refund you', 'نرجع لك فلوسك', 'نرجع لك اشتراكك',
    'نرجع لك المبلغ', 'نرد لك فلوسك', 'نرد لك المبلغ', 'فلوسك ترجع', 'استرداد كامل', 'استرجاع كامل',
  ],
  TAKE_ON: ['نتحمل', 'نتحمّل عنك', 'we take on', 'we take', 'we assume', 'we cover', 'we absorb'],
  LIABILITY: [
    'مسؤولية قانونية', 'المسؤولية القانونية', 'أي مسؤولية=', 'كل المسؤولية=', 'legal liability', 'legal responsibility',
    'liability=', 'liabilities=', 'الغرامات=', 'غرامات=', 'fines=', 'any fines=', 'all fines=',
  ],
