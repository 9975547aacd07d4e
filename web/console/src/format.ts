/**
 * Numbers, dates and times for ar-SA and en, always in Riyadh time. Intl does the work: Gregorian via
 * the `gregory` calendar, Hijri via `islamic-umalqura` (the calendar used in Saudi Arabia).
 */
import type { Lang } from './i18n';

export const TIME_ZONE = 'Asia/Riyadh';

const LOCALE: Record<Lang, string> = { ar: 'ar-SA', en: 'en' };

function locale(lang: Lang, calendar: 'gregory' | 'islamic-umalqura'): string {
  return `${LOCALE[lang]}-u-ca-${calendar}`;
}

/** e.g. "الأربعاء، ٢٥ نوفمبر ٢٠٢٦" / "Wednesday, November 25, 2026". */
export function formatGregorianDate(date: Date, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang, 'gregory'), {
    timeZone: TIME_ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(date);
}

/** e.g. "١٥ جمادى الآخرة ١٤٤٨ هـ" / "Jumada II 15, 1448 AH". */
export function formatHijriDate(date: Date, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang, 'islamic-umalqura'), {
    timeZone: TIME_ZONE,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(date);
}

/** Hours and minutes in Riyadh, e.g. "٧:٣٣ ص" / "7:33 AM". */
export function formatTime(date: Date, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang, 'gregory'), {
    timeZone: TIME_ZONE,
    hour: 'numeric',
    minute: '2-digit',
  }).format(date);
}

/** Date and time together, for timestamps in lists. */
export function formatDateTime(date: Date, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang, 'gregory'), {
    timeZone: TIME_ZONE,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(date);
}

export function formatNumber(value: number, lang: Lang, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(LOCALE[lang], options).format(value);
}
