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
