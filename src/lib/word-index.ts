/**
 * Exact lookup of whole normalised words straight from the normalisation buffer, without making a
 * string per word: a trie with a dense root and an open-addressing table for deeper edges.
 */
import { IntTable } from './int-table.js';

const MAX_NODES = 32_000; // node * 65536 + char stays a small integer

export class WordIndex {
  private readonly root = new Int32Array(0x10000);
  private readonly edges = new Map<number, number>();
  private readonly table: IntTable;
  /** word index + 1 at the node where a word ends, 0 elsewhere. */
  private terminal: Int32Array;
  private nodes = 1;

  constructor(words: readonly string[]) {
    const term: number[] = [0];
    words.forEach((w, idx) => {
      let node = 0;
      for (let i = 0; i < w.length; i++) {
        const c = w.charCodeAt(i);
        let child = node === 0 ? this.root[c]! : (this.edges.get(node * 65536 + c) ?? 0);
        if (child === 0) {
          if (this.nodes >= MAX_NODES) throw new Error('word index: too many words');
          child = this.nodes++;
          term[child] = 0;
          if (node === 0) this.root[c] = child;
          else this.edges.set(node * 65536 + c, child);
        }
        node = child;
      }
      term[node] = idx + 1;
    });
    this.terminal = Int32Array.from(term);
    this.table = new IntTable(this.edges);
  }

  /** The index of the word buf[start..end), or -1. */
  lookup(buf: Uint16Array, start: number, end: number): number {
    if (end <= start) return -1;
    let node = this.root[buf[start]!]!;
    for (let i = start + 1; i < end && node !== 0; i++) node = this.table.get(node * 65536 + buf[i]!);
    return node === 0 ? -1 : this.terminal[node]! - 1;
  }
}
