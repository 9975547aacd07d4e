/** Arabic (and English) copy for the Saudi business calendar: holiday names and clock reasons. */

export type DefaultHolidayKey = 'founding_day' | 'national_day' | 'eid_al_fitr' | 'eid_al_adha';

export const HOLIDAY_NAMES: Readonly<Record<DefaultHolidayKey, { name_ar: string; name_en: string }>> = {
  founding_day: { name_ar: 'يوم التأسيس', name_en: 'Founding Day' },
  national_day: { name_ar: 'اليوم الوطني', name_en: 'National Day' },
  eid_al_fitr: { name_ar: 'عيد الفطر', name_en: 'Eid al-Fitr' },
  eid_al_adha: { name_ar: 'عيد الأضحى', name_en: 'Eid al-Adha' },
};

/** Why a stretch of time counts or not, as shown on a ticket's clock. */
export const CLOCK_REASON_AR = {
  counted: 'ضمن ساعات الدوام',
  counted_ramadan: 'ضمن دوام رمضان',
  closed: 'خارج ساعات العمل',
  closed_ramadan: 'خارج دوام رمضان',
  weekend: 'عطلة نهاية الأسبوع',
} as const;

/** "إجازة عيد الفطر", flagged while the date still waits for the moon sighting. */
export function holidayReasonAr(name_ar: string, status: 'provisional' | 'confirmed'): string {
  return status === 'provisional' ? `إجازة ${name_ar} (موعد مبدئي لين تثبت رؤية الهلال)` : `إجازة ${name_ar}`;
}

/** Umm al-Qura month names, month 1 (محرم) to 12 (ذو الحجة). */
export const HIJRI_MONTHS_AR = [
  'محرم',
  'صفر',
  'ربيع الأول',
  'ربيع الآخر',
  'جمادى الأولى',
  'جمادى الآخرة',
  'رجب',
  'شعبان',
  'رمضان',
  'شوال',
  'ذو القعدة',
  'ذو الحجة',
] as const;

/** The Hijri era suffix ("هـ"). */
export const HIJRI_ERA_AR = 'هـ';
