/**
 * A leftmost-longest phrase matcher over normalised text (see arabic.ts), built as a trie. The
 * root's children sit in a dense table and deeper transitions in one integer-keyed Map, and the
 * tags to report at each node are computed at build time, so a scan allocates nothing.
 *
 * Phrases match at a word start, or after up to three clitic letters (و ف ب ل ك ا س and the
 * present-tense prefixes ي ت ن — covers "و", "ال", "بال", "وال", "لل", "يـ"…). A phrase ending in
 * "=" must end at a word boundary; any other phrase is a stem and may be followed by a suffix.
 * When several starts give the same longest end, their tags are merged, so "المسوده" listed under
 * one tag and "مسوده" under another both count.
 */
import { NORM_BUF, normalize, normalizeInto } from './arabic.js';

const SPACE = 32;
// و ف ب ل ك ا س, and the present-tense prefixes ي ت ن so a stem like "خصم" also finds "يخصم".
const CLITIC = new Uint8Array(0x10000);
for (const c of [0x0648, 0x0641, 0x0628, 0x0644, 0x0643, 0x0627, 0x0633, 0x064a, 0x062a, 0x0646])
  CLITIC[c] = 1;
const MAX_NODES = 32_000; // keeps node * 65536 + char inside the small-integer range
const EMPTY: readonly number[] = [];

export type OnMatch = (tags: readonly number[], word: number, nStart: number, nEnd: number) => void;

export class PhraseMatcher {
  private readonly root = new Int32Array(0x10000);
  /** Deeper transitions: an open-addressing table on typed arrays (faster than a Map here). */
  private keys = new Int32Array(0);
  private vals = new Int32Array(0);
  private mask = 0;
  private shift = 0;
  private readonly edges = new Map<number, number>();
  private readonly stem: Array<number[] | undefined> = [undefined];
  private readonly whole: Array<number[] | undefined> = [undefined];
  /** Tags reported at a node when the match ends mid-word / at a word boundary. */
  private midTags: Array<readonly number[]> = [];
  private endTags: Array<readonly number[]> = [];
  private nodes = 1;
  // Result of the last longestAt call (fields, not an object, to keep scans allocation-free).
  private hitEnd = -1;
  private hitTags: readonly number[] = EMPTY;

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
    this.buildTable();
    for (let n = 0; n < this.nodes; n++) {
      const s = this.stem[n] ?? EMPTY;
      const w = this.whole[n] ?? EMPTY;
      this.midTags[n] = s;
      this.endTags[n] = w.length === 0 ? s : s.length === 0 ? w : [...new Set([...s, ...w])];
    }
  }

  private buildTable(): void {
    let cap = 16;
    while (cap < this.edges.size * 4) cap *= 2;
    this.keys = new Int32Array(cap).fill(-1);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
    // Multiplicative hashing: the high bits of the product are the well-mixed ones.
    this.shift = 32 - Math.log2(cap);
    for (const [k, v] of this.edges) {
      let h = Math.imul(k, 0x9e3779b1) >>> this.shift;
      while (this.keys[h] !== -1) h = (h + 1) & this.mask;
      this.keys[h] = k;
      this.vals[h] = v;
    }
  }

  private lookup(key: number): number {
    const keys = this.keys;
    const mask = this.mask;
    let h = Math.imul(key, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const k = keys[h]!;
      if (k === key) return this.vals[h]!;
      if (k === -1) return 0;
      h = (h + 1) & mask;
    }
  }

  private child(node: number, c: number): number {
    return node === 0 ? this.root[c]! : (this.edges.get(node * 65536 + c) ?? 0);
  }

  private add(raw: string, tag: number): void {
    const isWhole = raw.endsWith('=');
    const form = normalize(isWhole ? raw.slice(0, -1) : raw).text.trim();
    if (form === '') return;
    let node = 0;
    for (let i = 0; i < form.length; i++) {
      const c = form.charCodeAt(i);
      let child = this.child(node, c);
      if (child === 0) {
        if (this.nodes >= MAX_NODES) throw new Error('phrase matcher: too many phrases');
        child = this.nodes++;
        if (node === 0) this.root[c] = child;
        else this.edges.set(node * 65536 + c, child);
      }
      node = child;
    }
    const table = isWhole ? this.whole : this.stem;
    const list = table[node] ?? [];
    if (!list.includes(tag)) list.push(tag);
    table[node] = list;
  }

  /** Longest phrase starting exactly at `p`; sets hitEnd/hitTags (hitEnd = -1 when none). */
  private longestAt(buf: Uint16Array, len: number, p: number): void {
    this.hitEnd = -1;
    let node = this.root[buf[p]!]!;
    for (let j = p; node !== 0; ) {
      const tags = buf[j + 1] === SPACE ? this.endTags[node]! : this.midTags[node]!;
      if (tags.length > 0) {
        this.hitEnd = j + 1;
        this.hitTags = tags;
      }
      j++;
      if (j >= len) break;
      node = this.lookup(node * 65536 + buf[j]!);
    }
  }

  /** Scans the text normalised into NORM_BUF (length `len`); returns the number of words. */
  scanBuffer(len: number, onMatch: OnMatch): number {
    const buf = NORM_BUF;
    let word = 0;
    let skipUntil = 0;
    for (let i = 1; i < len; ) {
      if (i >= skipUntil) {
        let bestEnd = -1;
        let bestStart = i;
        let bestTags: readonly number[] = EMPTY;
        for (let o = 0; o <= 3 && i + o < len; o++) {
          const c = buf[i + o]!;
          if (c === SPACE) break;
          if (this.root[c] !== 0) {
            this.longestAt(buf, len, i + o);
            if (this.hitEnd > bestEnd) {
              bestEnd = this.hitEnd;
              bestStart = i + o;
              bestTags = this.hitTags;
            } else if (this.hitEnd !== -1 && this.hitEnd === bestEnd && this.hitTags !== bestTags) {
              const neutral = bestTags.includes(this.neutralTag) || this.hitTags.includes(this.neutralTag);
              bestTags = neutral ? [this.neutralTag] : [...new Set([...bestTags, ...this.hitTags])];
            }
          }
          if (CLITIC[c] === 0) break;
        }
        if (bestEnd !== -1) {
          onMatch(bestTags, word, bestStart, bestEnd);
          skipUntil = bestEnd;
        }
      }
      while (i < len && buf[i] !== SPACE) i++;
      i++;
      word++;
    }
    return word;
  }

  /** Normalises and scans `text`. */
  scan(text: string, onMatch: OnMatch): number {
    return this.scanBuffer(normalizeInto(text), onMatch);
  }
}
