/** Arabic copy for stored incidents: timeline entries and status names. */
export const STATUS_AR = {
  open: 'مفتوحة',
  mitigated: 'تم احتواؤها',
  resolved: 'محلولة',
} as const;

const withNote = (text: string, note?: string) => (note ? `${text} — ${note}` : text);

export const TIMELINE_AR = {
  opened: (severity: string, reason: string) => `فُتحت الحادثة بدرجة ${severity}: ${reason}`,
  founderNotified: 'بُلّغ المؤسس بالحادثة (SEV1)',
  stepDone: (n: number, title: string, note?: string) => withNote(`تمت الخطوة ${n}: ${title}`, note),
  stepReopened: (n: number, title: string, note?: string) => withNote(`أُعيد فتح الخطوة ${n}: ${title}`, note),
  status: (from: keyof typeof STATUS_AR, to: keyof typeof STATUS_AR, note?: string) =>
    withNote(`تغيّرت الحالة من «${STATUS_AR[from]}» إلى «${STATUS_AR[to]}»`, note),
} as const;

/** Customer-facing drafts an incident writes (they wait for approval like any outbound text). */
export const CUSTOMER_DRAFT_AR = {
  /** Greeting for a contact, by name when known. */
  greeting: (name: string | null) => (name ? `أهلاً ${name}،` : 'أهلاً،'),
  update: (title: string, text: string) =>
    `نحدّثكم بخصوص «${title}»:\n${text}\n\nبنرسل لكم التحديث الجاي في موعده، ولو عندكم أي سؤال ردّوا على هذه الرسالة.\nفريق Dealix`,
  pdplNotice: (title: string, dueAt: string) =>
    `نبلغكم بحادثة تخص بيانات شخصية لديكم: «${title}».\nبدأنا الاحتواء فوراً، ونشارككم خلال الساعات الجاية وش صار، وأي بيانات تأثرت، ووش سوّينا، ووش ننصحكم تسوّون.\nموعد هذا الإشعار حسب نظام حماية البيانات الشخصية: ${dueAt}.\nفريق Dealix`,
} as const;
