/**
 * Arabic-aware text normalisation shared by the ticket classifier and the claims guard.
 *
 * The output is built for matching, not for display: Latin is lower-cased, Arabic letter
 * variants are folded (أ إ آ ٱ → ا, ى → ي, ة → ه, ؤ → و, ئ → ي, Persian/Urdu forms → Arabic),
 * diacritics and tatweel are dropped, Arabic-Indic digits become ASCII, elongations collapse
 * ("طاااايحة" → "طايحه", "plzzzz" → "plz") and every run of punctuation or white space becomes
 * one space. `map[i]` gives the index in the original text of normalised character `i`, so a
 * match can always be reported against what the person actually wrote.
 *
 * @example
 * normalize('تَسْرِيـــب البيانات!!').text // 'تسريب البيانات '
 */

const SPACE = 32;
const PRESENTATION = -2;

/** Per-UTF-16-unit action: 0 = drop, -1 = separator, otherwise the code unit to emit. */
const TABLE = new Int32Array(0x10000);

function build(): void {
  for (let c = 0; c < 0x10000; c++) TABLE[c] = c;
  // ASCII: letters lower-cased, digits kept, everything else separates words.
  for (let c = 0; c < 128; c++) {
    const isDigit = c >= 48 && c <= 57;
    const isUpper = c >= 65 && c <= 90;
    const isLower = c >= 97 && c <= 122;
    TABLE[c] = isUpper ? c + 32 : isDigit || isLower ? c : -1;
  }
  // Apostrophes inside English words ("didn't") are dropped rather than splitting the word.
  TABLE[0x27] = 0;
  TABLE[0x2019] = 0;
  // Latin-1 punctuation and general punctuation / symbols separate words.
  for (let c = 0x80; c <= 0xbf; c++) TABLE[c] = -1;
  for (let c = 0x2000; c <= 0x206f; c++) if (c !== 0x2019) TABLE[c] = -1;
  TABLE[0x200c] = 0; // zero-width non-joiner
  TABLE[0x200d] = 0; // zero-width joiner
  TABLE[0x200e] = 0; // LRM
  TABLE[0x200f] = 0; // RLM
  TABLE[0xfeff] = 0; // BOM
  TABLE[0x00a0] = -1;
  // Arabic punctuation.
  for (const c of [0x060c, 0x061b, 0x061f, 0x066a, 0x066b, 0x066c, 0x066d, 0x06d4, 0x060d]) TABLE[c] = -1;
  // Arabic-Indic and Eastern Arabic-Indic digits → ASCII.
  for (let i = 0; i < 10; i++) {
    TABLE[0x0660 + i] = 48 + i;
    TABLE[0x06f0 + i] = 48 + i;
  }
  // Diacritics (harakat, tanween, shadda, sukun, superscript alef, Quranic marks) and tatweel.
  for (let c = 0x064b; c <= 0x065f; c++) TABLE[c] = 0;
  TABLE[0x0670] = 0;
  for (let c = 0x06d6; c <= 0x06ed; c++) TABLE[c] = 0;
  for (let c = 0x0610; c <= 0x061a; c++) TABLE[c] = 0;
  TABLE[0x0640] = 0;
  // Letter folding.
  const ALEF = 0x0627;
  for (const c of [0x0622, 0x0623, 0x0625, 0x0671, 0x0672, 0x0673]) TABLE[c] = ALEF;
  TABLE[0x0649] = 0x064a; // ى → ي
  TABLE[0x06cc] = 0x064a; // Persian ی → ي
  TABLE[0x06d2] = 0x064a; // Urdu ے → ي
  TABLE[0x0626] = 0x064a; // ئ → ي
  TABLE[0x0624] = 0x0648; // ؤ → و
  TABLE[0x0629] = 0x0647; // ة → ه
  TABLE[0x06c0] = 0x0647; // ۀ → ه
  TABLE[0x06be] = 0x0647; // ھ → ه
  TABLE[0x06c1] = 0x0647; // ہ → ه
  TABLE[0x06a9] = 0x0643; // ک → ك
  TABLE[0x06af] = 0x0643; // گ → ك (Gulf spelling of g)
  TABLE[0x06a4] = 0x0641; // ڤ → ف
  TABLE[0x067e] = 0x0628; // پ → ب
  TABLE[0x0686] = 0x062c; // چ → ج
  TABLE[0x0621] = 0; // lone hamza carries no letter for matching purposes
  // Presentation forms (ligatures such as "ﻻ") need NFKC first: flag them.
  for (let c = 0xfb50; c <= 0xfdff; c++) TABLE[c] = PRESENTATION;
  for (let c = 0xfe70; c <= 0xfefe; c++) TABLE[c] = PRESENTATION;
  // Emoji surrogates and symbols separate words.
  for (let c = 0xd800; c <= 0xdfff; c++) TABLE[c] = -1;
  for (let c = 0x2190; c <= 0x2bff; c++) TABLE[c] = -1;
  for (let c = 0xfe00; c <= 0xfe0f; c++) TABLE[c] = 0; // variation selectors
}
build();

/** Letters whose doubling is never meaningful in writing, so any run of two or more is folded. */
function isLongVowel(c: number): boolean {
  return c === 0x0627 || c === 0x0648 || c === 0x064a;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isArabicLetter(c: number): boolean {
  return c >= 0x0620 && c <= 0x064a;
}

export interface Normalized {
  /** The matching form: single spaces, a leading and trailing space so word edges are uniform. */
  readonly text: string;
  /** `map[i]` = index in the original string of `text[i]` (spaces map to the char that produced them). */
  readonly map: Int32Array;
}

/** Scratch buffers shared by the hot path (classification is synchronous, one call at a time). */
export let NORM_BUF = new Uint16Array(256);
export let NORM_MAP = new Int32Array(256);

/**
 * Normalises `input` into NORM_BUF / NORM_MAP and returns the length. Presentation forms (e.g. the
 * "لا" ligature) are decomposed with NFKC first, only when present, so the common path stays a
 * single table-driven pass with no allocation.
 */
export function normalizeInto(input: string): number {
  const len = normalizeRaw(input);
  return len >= 0 ? len : normalizeRaw(input.normalize('NFKC'));
}

/** One pass; returns -1 when a presentation form is met (the caller decomposes and retries). */
function normalizeRaw(src: string): number {
  const n = src.length;
  if (NORM_BUF.length < n + 2) {
    NORM_BUF = new Uint16Array(n * 2 + 2);
    NORM_MAP = new Int32Array(n * 2 + 2);
  }
  const out = NORM_BUF;
  const map = NORM_MAP;
  let len = 0;
  out[len] = SPACE;
  map[len++] = 0;
  let prev = SPACE;
  let run = 0;
  for (let i = 0; i < n; i++) {
    let c = TABLE[src.charCodeAt(i)]!;
    if (c === 0) continue;
    if (c === PRESENTATION) return -1;
    // Thousands separators inside a number ("2,500", "٢٬٥٠٠") keep the number whole.
    if ((c === -1 || c === 0x066c) && isDigit(prev) && i + 1 < n && isDigit(TABLE[src.charCodeAt(i + 1)]!)) {
      const raw = src.charCodeAt(i);
      if (raw === 0x2c || raw === 0x066c || raw === 0x060c) continue;
    }
    if (c === -1 || c <= 32) c = SPACE;
    if (c === SPACE) {
      if (prev === SPACE) continue;
      // A bare article ("الـ Proof Pack" once tatweel is gone) carries no meaning for matching.
      if (len >= 3 && out[len - 1] === 0x0644 && out[len - 2] === 0x0627 && out[len - 3] === SPACE) {
        len -= 2;
        prev = SPACE;
        run = 0;
        continue;
      }
      out[len] = SPACE;
      map[len++] = i;
      prev = SPACE;
      run = 0;
      continue;
    }
    if (c === prev) {
      run++;
      // Elongation: a letter three times in a row is never a spelling; long vowels twice aren't either.
      if (run >= 2 || (run === 1 && isArabicLetter(c) && isLongVowel(c))) {
        if (run === 2 && !isLongVowel(c)) {
          // Third repeat of a consonant: remove the second copy too ("ههههه" → "ه", "zzz" → "z").
          len--;
        }
        continue;
      }
    } else {
      run = 0;
    }
    out[len] = c;
    map[len++] = i;
    prev = c;
  }
  if (prev !== SPACE) {
    out[len] = SPACE;
    map[len++] = n;
  }
  return len;
}

/** Normalises `input` for matching and returns the text with its index map. */
export function normalize(input: string): Normalized {
  const len = normalizeInto(input);
  let text = '';
  for (let i = 0; i < len; i += 4096) {
    text += String.fromCharCode.apply(
      null,
      NORM_BUF.subarray(i, Math.min(len, i + 4096)) as unknown as number[],
    );
  }
  return { text, map: NORM_MAP.slice(0, len) };
}

/** The matching form alone, for callers that don't need positions. */
export function normalizeText(input: string): string {
  return normalize(input).text.trim();
}
