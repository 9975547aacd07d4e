/**
 * A leftmost-longest phrase matcher over normalised text (see arabic.ts), built as a trie whose
 * transitions live in one integer-keyed Map. It reports, for each match, the tags of the phrase,
 * the word index and the span in the ORIGINAL text, without allocating per character.
 *
 * Phrases match at a word start, or after up to three clitic letters (و ف ب ل ك ا س and the
 * present-tense prefixes ي ت ن — covers "و", "ال", "بال", "وال", "لل", "يـ"…). When several
 * starts give the same longest end, their tags are merged, so "المسوده" listed under one concept
 * and "مسوده" under another both count. A phrase ending in "=" must end at a word boundary; any
 * other phrase is a stem and may be followed by a suffix.
 */
import { normalize } from './arabic.js';

const SPACE = 32;
// و ف ب ل ك ا س, and the present-tense prefixes ي ت ن so a stem like "خصم" also finds "يخصم".
const CLITICS = new Set([0x0648, 0x0641, 0x0628, 0x0644, 0x0643, 0x0627, 0x0633, 0x064a, 0x062a, 0x0646]);
const MAX_NODES = 32_000; // keeps node * 65536 + char inside the small-integer range

export interface PhraseMatch {
  /** Indices into the tag list given at build time. */
  tags: readonly number[];
  word: number;
  /** Span in the normalised text. */
  nStart: number;
  nEnd: number;
}

export class PhraseMatcher {
  private readonly next = new Map<number, number>();
  private readonly stemTags: Array<number[] | undefined> = [[]];
  private readonly wordTags: Array<number[] | undefined> = [[]];
  private readonly firstChars = new Uint8Array(0x10000);
  private nodes = 1;

  /**
   * `phrases`: tag index → surface forms. `neutralTag`: a tag whose phrases exist only to swallow
   * text (e.g. "لما" = "when", so its "ما" is not read as a negation); it wins every merge.
   */
  constructor(
    phrases: ReadonlyArray<readonly string[]>,
    private readonly neutralTag = -1,
  ) {
    phrases.forEach((forms, tag) => {
      for (const raw of forms) this.add(raw, tag);
    });
  }

  private add(raw: string, tag: number): void {
    const whole = raw.endsWith('=');
    const form = normalize(whole ? raw.slice(0, -1) : raw).text.trim();
    if (form === '') return;
    let node = 0;
    this.firstChars[form.charCodeAt(0)] = 1;
    for (let i = 0; i < form.length; i++) {
      const key = node * 65536 + form.charCodeAt(i);
      let child = this.next.get(key);
      if (child === undefined) {
        if (this.nodes >= MAX_NODES) throw new Error('phrase matcher: too many phrases');
        child = this.nodes++;
        this.next.set(key, child);
      }
      node = child;
    }
    const table = whole ? this.wordTags : this.stemTags;
    const list = table[node] ?? [];
    if (!list.includes(tag)) list.push(tag);
    table[node] = list;
  }

  /** Longest phrase starting exactly at `p`; returns [end, node] or undefined. */
  private longestAt(text: string, p: number): { end: number; tags: number[] } | undefined {
    let node = 0;
    let best: { end: number; tags: number[] } | undefined;
    for (let j = p; j < text.length; j++) {
      const child = this.next.get(node * 65536 + text.charCodeAt(j));
      if (child === undefined) break;
      node = child;
      const stem = this.stemTags[node];
      const atBoundary = text.charCodeAt(j + 1) === SPACE;
      const whole = atBoundary ? this.wordTags[node] : undefined;
      if ((stem && stem.length > 0) || (whole && whole.length > 0)) {
        const tags = stem && whole ? [...stem, ...whole] : ((stem && stem.length > 0 ? stem : whole) as number[]);
        best = { end: j + 1, tags };
      }
    }
    return best;
  }

  /** Scans normalised text (with its leading and trailing space) and calls `onMatch` per match. */
  scan(text: string, onMatch: (m: PhraseMatch) => void): number {
    const n = text.length;
    let word = 0;
    let skipUntil = 0;
    for (let i = 1; i < n; ) {
      if (i >= skipUntil) {
        let best: { end: number; tags: number[] } | undefined;
        let bestStart = i;
        for (let o = 0; o <= 3 && i + o < n; o++) {
          const c = text.charCodeAt(i + o);
          if (c === SPACE) break;
          if (this.firstChars[c] === 1) {
            const m = this.longestAt(text, i + o);
            if (m && (!best || m.end > best.end)) {
              best = m;
              bestStart = i + o;
            } else if (m && best && m.end === best.end) {
              const neutral = best.tags.includes(this.neutralTag) || m.tags.includes(this.neutralTag);
              best = { end: best.end, tags: neutral ? [this.neutralTag] : [...new Set([...best.tags, ...m.tags])] };
            }
          }
          if (!CLITICS.has(c)) break;
        }
        if (best) {
          onMatch({ tags: best.tags, word, nStart: bestStart, nEnd: best.end });
          skipUntil = best.end;
        }
      }
      while (i < n && text.charCodeAt(i) !== SPACE) i++;
      i++;
      word++;
    }
    return word;
  }
}
