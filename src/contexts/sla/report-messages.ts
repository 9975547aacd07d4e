/**
 * Arabic copy of the weekly SLA report: the CSV column titles, the founder's notification and the
 * freeze request a critical week raises. Verdict names and actions are shared with the stateless
 * report (messages.ts).
 */

/** CSV columns: machine names (the default header) and the titles an Arabic spreadsheet shows. */
export const CSV_COLUMNS = [
  { key: 'week', ar: 'الأسبوع' },
  { key: 'starts_on', ar: 'من (الأحد)' },
  { key: 'ends_on', ar: 'إلى (السبت)' },
  { key: 'priority', ar: 'الأولوية' },
  { key: 'clock', ar: 'طريقة الحساب' },
  { key: 'mixed_clocks', ar: 'حساب مختلط' },
  { key: 'tickets', ar: 'عدد التذاكر' },
  { key: 'breached', ar: 'التذاكر المتجاوزة' },
  { key: 'breach_rate', ar: 'نسبة التجاوز' },
  { key: 'avg_first_response_minutes', ar: 'متوسط الرد الأول (دقيقة)' },
  { key: 'avg_resolution_hours', ar: 'متوسط الحل (ساعة)' },
  { key: 'first_response_breaches', ar: 'تجاوزات الرد الأول' },
  { key: 'late_drafting', ar: 'تأخر في كتابة الرد' },
  { key: 'late_approval', ar: 'تأخر في الاعتماد' },
  { key: 'late_response', ar: 'تأخر في الإرسال' },
  { key: 'unattributed', ar: 'سبب غير محدد' },
  { key: 'resolution_breaches', ar: 'تجاوزات الحل' },
  { key: 'verdict', ar: 'الحكم' },
] as const;

/** Values written in the CSV cells when the header is Arabic. */
export const CSV_VALUES_AR = {
  all: 'الكل',
  calendar: 'ساعات فعلية',
  business: 'ساعات عمل',
  yes: 'نعم',
  no: 'لا',
} as const;

/** The founder's notification when a finished week closes critical. */
export function criticalWeekTitle(week: string, breachRate: number): { ar: string; en: string } {
  const pct = (breachRate * 100).toFixed(1);
  return {
    ar: `أداء الـ SLA في أسبوع ${week} حرج: ${pct}% من التذاكر تجاوزت وقتها — نحتاج قرارك في إيقاف الإجراءات الحية`,
    en: `SLA for week ${week} is critical: ${pct}% of tickets breached — your decision on freezing live actions is needed`,
  };
}

/** The reason written on the freeze request; the founder reads it before deciding. */
export function freezeReason(week: string, breachRate: number, breached: number, total: number): string {
  const pct = (breachRate * 100).toFixed(1);
  return `طلب إيقاف الإجراءات الحية: أسبوع ${week} انتهى بحكم حرج، ${breached} من ${total} تذكرة تجاوزت الـ SLA (${pct}%). يبقى الطلب قائماً لين يراجع المؤسس ويقرر.`;
}
