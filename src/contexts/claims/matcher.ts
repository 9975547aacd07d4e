/**
 * A leftmost-longest phrase matcher for the claims guard, over text already normalised by
 * src/lib/arabic.ts. It is deliberately stricter than the shared ticket matcher: only the clitics
 * و ف ب ل ك ا س may precede a phrase (not the verb prefixes ي ت ن, which would read "نمو" as the
 * negation "مو" and "يلا" as "لا"), and when two starts reach the same end the one with fewer clitics
 * wins, so tags are never merged across different words.
 *
 * A phrase ending in "=" must end at a word boundary; any other phrase is a stem, and a longer form
 * in the same word inherits its tags ("guaranteed" is also "guarante…"); across a space it doesn't.
 */
import { normalize } from '../../lib/arabic.js';

const SPACE = 32;
const CLITIC = new Set([0x0648, 0x0641, 0x0628, 0x0644, 0x0643, 0x0627, 0x0633]);
const MAX_NODES = 32_000; // keeps node * 65536 + char a small integer
const EMPTY: readonly number[] = [];

function union(a: readonly number[], b: readonly number[]): readonly number[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  return [...new Set([...a, ...b])];
}

export type OnPhrase = (tags: readonly number[], word: number, nStart: number, nEnd: number) => void;

export class ClaimsMatcher {
  private readonly next = new Map<number, number>();
  private readonly stem: Array<number[] | undefined> = [undefined];
  private readonly whole: Array<number[] | undefined> = [undefined];
  /** Tags when a match ends at a word boundary: stem and whole-word tags together. */
  private readonly atEnd: Array<readonly number[] | undefined> = [];
  private readonly firstChar = new Uint8Array(0x10000);
  private readonly parent: number[] = [0];
  private readonly char: number[] = [0];
  private nodes = 1;

  /** `phrases`: tag index → surface forms. */
  constructor(phrases: ReadonlyArray<readonly string[]>) {
    phrases.forEach((forms, tag) => {
      for (const raw of forms) this.add(raw, tag);
    });
    // Stem tags flow down to longer forms of the same word; parents are numbered before children.
    const inherited: Array<readonly number[]> = [EMPTY];
    for (let n = 1; n < this.nodes; n++) {
      const p = this.parent[n]!;
      inherited[n] = this.char[n] === SPACE ? EMPTY : union(inherited[p]!, this.stem[p] ?? EMPTY);
    }
    for (let n = 0; n < this.nodes; n++) {
      const own = union(this.stem[n] ?? EMPTY, this.whole[n] ?? EMPTY);
      const up = own.length > 0 ? inherited[n]! : EMPTY;
      this.stem[n] = (this.stem[n]?.length ?? 0) > 0 ? [...union(this.stem[n]!, up)] : undefined;
      this.atEnd[n] = union(own, up);
    }
  }

  private add(raw: string, tag: number): void {
    const isWhole = raw.endsWith('=');
    const form = normalize(isWhole ? raw.slice(0, -1) : raw).text.trim();
    if (form === '') return;
    this.firstChar[form.charCodeAt(0)] = 1;
    let node = 0;
    for (let i = 0; i < form.length; i++) {
      const key = node * 65536 + form.charCodeAt(i);
      let child = this.next.get(key);
      if (child === undefined) {
        if (this.nodes >= MAX_NODES) throw new Error('claims matcher: too many phrases');
        child = this.nodes++;
        this.next.set(key, child);
        this.parent[child] = node;
        this.char[child] = form.charCodeAt(i);
      }
      node = child;
    }
    const table = isWhole ? this.whole : this.stem;
    const list = table[node] ?? [];
    if (!list.includes(tag)) list.push(tag);
    table[node] = list;
  }

  /** Longest phrase starting exactly at `p`: its end and tags, or end -1. */
  private longestAt(text: string, p: number): { end: number; tags: readonly number[] } {
    let node = 0;
    let end = -1;
    let tags: readonly number[] = EMPTY;
    for (let j = p; j < text.length; j++) {
      const child = this.next.get(node * 65536 + text.charCodeAt(j));
      if (child === undefined) break;
      node = child;
      const here = text.charCodeAt(j + 1) === SPACE ? this.atEnd[node]! : (this.stem[node] ?? EMPTY);
      if (here.length > 0) {
        end = j + 1;
        tags = here;
      }
    }
    return { end, tags };
  }

  /** Scans normalised text (leading and trailing space included); word indices count from 0. */
  scan(text: string, onMatch: OnPhrase): void {
    const n = text.length;
    let word = 0;
    let skipUntil = 0;
    for (let i = 1; i < n; ) {
      if (i >= skipUntil) {
        let bestEnd = -1;
        let bestStart = i;
        let bestTags: readonly number[] = EMPTY;
        for (let o = 0; o <= 3 && i + o < n; o++) {
          const c = text.charCodeAt(i + o);
          if (c === SPACE) break;
          if (this.firstChar[c] === 1) {
            const m = this.longestAt(text, i + o);
            if (m.end > bestEnd) {
              bestEnd = m.end;
              bestStart = i + o;
              bestTags = m.tags;
            }
          }
          if (!CLITIC.has(c)) break;
        }
        if (bestEnd !== -1) {
          onMatch(bestTags, word, bestStart, bestEnd);
          skipUntil = bestEnd;
        }
      }
      while (i < n && text.charCodeAt(i) !== SPACE) i++;
      i++;
      word++;
    }
  }
}
