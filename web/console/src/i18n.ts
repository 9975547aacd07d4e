/** Language choice (Arabic by default, English on request), remembered in localStorage. */
import { ar, type MessageKey, type Messages } from './messages/ar';
import { en } from './messages/en';

export type Lang = 'ar' | 'en';
export type { MessageKey };

const MESSAGES: Record<Lang, Messages> = { ar, en };
const STORAGE_KEY = 'dealix.console.lang';

export function isLang(value: unknown): value is Lang {
  return value === 'ar' || value === 'en';
}

export function dirOf(lang: Lang): 'rtl' | 'ltr' {
  return lang === 'ar' ? 'rtl' : 'ltr';
}

/** The remembered language; Arabic when none is stored or storage is unavailable. */
export function loadLang(): Lang {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLang(stored) ? stored : 'ar';
  } catch {
    return 'ar';
  }
}

export function saveLang(lang: Lang): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // Private modes may refuse storage; the choice then lasts for this page only.
  }
}

export function translator(lang: Lang): (key: MessageKey) => string {
  const messages = MESSAGES[lang];
  return (key) => messages[key];
}

/** Sets lang and dir on <html> so the whole page, not just the app root, flips. */
export function applyLang(lang: Lang): void {
  const html = document.documentElement;
  html.lang = lang;
  html.dir = dirOf(lang);
  document.title = MESSAGES[lang].appTitle;
}
