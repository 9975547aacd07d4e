/** Arabic copy for the approval queue and its audit. */
export const AUDIT_AR = {
  title: 'رسالة طلعت بدون موافقة مطابقة',
  description: (draftId: string, reason: string) =>
    `فحص سجل الإجراءات لقى المسودة ${draftId} انرسلت أو كانت بتنرسل بدون موافقة على نفس المحتوى (${reason}). أوقفوا القناة وراجعوا وش صار قبل أي إرسال ثاني.`,
} as const;
