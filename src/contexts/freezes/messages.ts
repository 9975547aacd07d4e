/**
 * The words of freezes, Arabic first with English alongside: what a freeze covers, why an
 * automatic one was raised, and the notifications about channel health.
 */
import type { FreezeChannel, FreezeScope, Metric, MetricResult } from './domain.js';

export const CHANNEL_AR: Readonly<Record<FreezeChannel, string>> = {
  email: 'البريد الإلكتروني',
  whatsapp: 'واتساب',
  sms: 'الرسائل النصية',
  in_app: 'الإشعارات داخل المنصة',
  export: 'التصدير',
};

export const CHANNEL_EN: Readonly<Record<FreezeChannel, string>> = {
  email: 'email',
  whatsapp: 'WhatsApp',
  sms: 'SMS',
  in_app: 'in-app messages',
  export: 'exports',
};

export const METRIC_AR: Readonly<Record<Metric, string>> = {
  bounce: 'نسبة الارتداد',
  complaint: 'نسبة الشكاوى',
  block: 'نسبة الحظر في واتساب',
};

export const METRIC_EN: Readonly<Record<Metric, string>> = {
  bounce: 'bounce rate',
  complaint: 'complaint rate',
  block: 'WhatsApp block rate',
};

const chAr = (c: string | null) => CHANNEL_AR[c as FreezeChannel] ?? c ?? '';
const chEn = (c: string | null) => CHANNEL_EN[c as FreezeChannel] ?? c ?? '';
/** 0.0525 → "5.25%": up to two decimals, no trailing zeros. */
const pct = (rate: number) => `${Number((rate * 100).toFixed(2))}%`;

/** One line saying what a freeze stops, for lists and the console. */
export function scopeSummary(f: { scope: string; channel: string | null; customer_id: string | null }): {
  ar: string;
  en: string;
} {
  switch (f.scope as FreezeScope) {
    case 'global':
      return {
        ar: 'تجميد شامل: كل الإجراءات الحية موقوفة لكل العملاء وعلى كل القنوات',
        en: 'Global freeze: every live action is stopped, for every customer and channel',
      };
    case 'channel':
      return {
        ar: `تجميد قناة ${chAr(f.channel)}: لا إجراء حي عبرها لأي عميل`,
        en: `Channel freeze: no live action on ${chEn(f.channel)} for any customer`,
      };
    case 'customer':
      return {
        ar: `تجميد العميل ${f.customer_id}: كل الإجراءات الحية له موقوفة على كل القنوات`,
        en: `Customer freeze: every live action for ${f.customer_id} is stopped, on every channel`,
      };
    default:
      return {
        ar: `تجميد قناة ${chAr(f.channel)} للعميل ${f.customer_id}`,
        en: `Freeze of ${chEn(f.channel)} for customer ${f.customer_id}`,
      };
  }
}

const metricLineAr = (m: Metric, r: MetricResult) =>
  `${METRIC_AR[m]} ${pct(r.rate)} (الحد ${pct(r.threshold)})`;

/** The reason written on an automatic channel freeze. */
export function metricsFreezeReason(channel: string, metrics: [Metric, MetricResult][]): string {
  return `تجميد تلقائي لقناة ${chAr(channel)}: ${metrics.map(([m, r]) => metricLineAr(m, r)).join('، ')} — تجاوزت حد سلامة القناة، ولا يُرفع التجميد إلا بعد مراجعة السبب.`;
}

/** The reason written on the global freeze a SEV1 incident raises. */
export function incidentFreezeReason(title: string): string {
  return `تجميد شامل تلقائي بسبب حادثة SEV1: «${title}». كل الإجراءات الحية موقوفة، ورفع التجميد يحتاج موافقة شخصين.`;
}

/** The reason written on the global freeze a critical SLA week raises. */
export function slaFreezeReason(week: string): string {
  return `تجميد شامل تلقائي: أداء الـ SLA في أسبوع ${week} حرج. تبقى الإجراءات الحية موقوفة لين تنتهي المراجعة ويوافق شخصان على الرفع.`;
}

/** A notification about one metric of one posted batch: at warning level, or past the threshold. */
export function metricNotice(
  status: 'warn' | 'freeze',
  m: Metric,
  r: MetricResult,
  channel: string,
  customerId: string,
): { ar: string; en: string } {
  if (status === 'warn')
    return {
      ar: `تنبيه: ${METRIC_AR[m]} على ${chAr(channel)} للعميل ${customerId} وصلت ${pct(r.rate)} — فوق نصف حد التجميد (${pct(r.threshold)}). راجعوا القائمة والمحتوى قبل الدفعة الجاية.`,
      en: `Warning: ${METRIC_EN[m]} on ${chEn(channel)} for ${customerId} is ${pct(r.rate)} — above half the freeze threshold (${pct(r.threshold)}). Review the list and content before the next batch.`,
    };
  return {
    ar: `تم تجميد ${chAr(channel)} للعميل ${customerId} تلقائيًا: ${METRIC_AR[m]} ${pct(r.rate)} فوق الحد (${pct(r.threshold)}).`,
    en: `${chEn(channel)} frozen for ${customerId} automatically: ${METRIC_EN[m]} ${pct(r.rate)} is above the threshold (${pct(r.threshold)}).`,
  };
}
