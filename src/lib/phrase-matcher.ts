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
import { IntTable } from './int-table.js';

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
  private table = new IntTable(new Map());
  private readonly edges = new Map<number, number>();
  private readonly stem: Array<number[] | undefined> = [undefined];
  private readonly whole: Array<number[] | undefined> = [undefined];
  private readonly parent: number[] = [0];
  /** Tags reported at a node when the match ends mid-word / at a word boundary. */
  private midTags: Array<readonly number[]> = [];
  private endTags: Array<readonly number[]> = [];
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
    this.table = new IntTable(this.edges);
    // A longer phrase also carries the tags of the stems it extends ("drafts" is also "draft"),
    // unless it is neutral. Parents are created before children, so one pass in order works.
    const inherited: Array<readonly number[]> = [EMPTY];
    for (let n = 1; n < this.nodes; n++) {
      const p = this.parent[n]!;
      const up = inherited[p]!;
      const own = this.stem[n] ?? EMPTY;
      inherited[n] = own.length === 0 ? up : up.length === 0 ? own : [...new Set([...up, ...own])];
    }
    for (let n = 0; n < this.nodes; n++) {
      const s = this.stem[n] ?? EMPTY;
      const w = this.whole[n] ?? EMPTY;
      const up = inherited[this.parent[n] ?? 0] ?? EMPTY;
      const withUp = (own: readonly number[]) =>
        own.length === 0 || own.includes(this.neutralTag) || up.length === 0
          ? own
          : [...new Set([...up, ...own])];
      this.midTags[n] = withUp(s);
      this.endTags[n] = withUp(w.length === 0 ? s : s.length === 0 ? w : [...new Set([...s, ...w])]);
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
        this.parent[child] = node;
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

  /** Scans the text normalised into NORM_BUF (length `len`); returns the number of words. */
  scanBuffer(len: number, onMatch: OnMatch): number {
    // Everything hot is a local: this loop runs for every word of every ticket.
    const buf = NORM_BUF;
    const root = this.root;
    const table = this.table;
    const endTags = this.endTags;
    const midTags = this.midTags;
    let word = 0;
    let skipUntil = 0;
    for (let i = 1; i < len; ) {
      if (i >= skipUntil) {
        let bestEnd = -1;
        let bestStart = i;
        let bestTags: readonly number[] = EMPTY;
        for (let o = 0; o <= 3 && i + o < len; o++) {
          const p = i + o;
          const c = buf[p]!;
          if (c === SPACE) break;
          let node = root[c]!;
          let hitEnd = -1;
          let hitTags: readonly number[] = EMPTY;
          for (let j = p; node !== 0; ) {
            const tags = buf[j + 1] === SPACE ? endTags[node]! : midTags[node]!;
            if (tags.length > 0) {
              hitEnd = j + 1;
              hitTags = tags;
            }
            if (++j >= len) break;
            node = table.get(node * 65536 + buf[j]!);
          }
          if (hitEnd > bestEnd) {
            bestEnd = hitEnd;
            bestStart = p;
            bestTags = hitTags;
          } else if (hitEnd !== -1 && hitEnd === bestEnd && hitTags !== bestTags) {
            const neutral = bestTags.includes(this.neutralTag) || hitTags.includes(this.neutralTag);
            bestTags = neutral ? [this.neutralTag] : [...new Set([...bestTags, ...hitTags])];
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
