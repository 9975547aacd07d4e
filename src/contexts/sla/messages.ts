/** Arabic copy for SLA reports. */
export const VERDICT_TEXT = {
  healthy: { verdict_ar: 'سليم', action_ar: 'استمروا على نفس الإيقاع وراجعوا التقرير يوم الاثنين' },
  watch: {
    verdict_ar: 'تحت المراقبة',
    action_ar: 'راجعوا التذاكر المتجاوزة مع فريق المناوبة هذا الأسبوع وحدّثوا إيقاع نجاح العملاء المتأثرين',
  },
  critical: {
    verdict_ar: 'حرج',
    action_ar:
      'تصعيد للمؤسس فوراً، وإيقاف الإجراءات الحية لين تنتهي المراجعة، وفتح حادثة مع تحليل ما بعد الحادثة',
  },
} as const;

export const BREACH_TEXT = {
  first_response: 'تجاوز وقت الرد الأول',
  resolution: 'تجاوز وقت الحل',
} as const;

export const WEEKLY_REVIEW_AR = [
  'اسحب تذاكر الأسبوع الماضي',
  'ابنِ تقرير صحة الـ SLA',
  'راجع كل تجاوز: السبب والمسؤول',
  'حدّث إيقاع نجاح العملاء المتأثرين',
  'إذا كان الحكم حرجاً: تحليل ما بعد الحادثة وفتح حادثة',
] as const;
