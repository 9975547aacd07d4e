/**
 * A frozen integer → integer table with open addressing on typed arrays: the trie transitions of
 * the matchers, looked up millions of times a second. Keys must be non-negative 31-bit integers.
 */
export class IntTable {
  private readonly keys: Int32Array;
  private readonly vals: Int32Array;
  private readonly mask: number;
  private readonly shift: number;

  constructor(entries: ReadonlyMap<number, number>) {
    let cap = 16;
    while (cap < entries.size * 4) cap *= 2;
    this.keys = new Int32Array(cap).fill(-1);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
    // Multiplicative hashing: the high bits of the product are the well-mixed ones.
    this.shift = 32 - Math.log2(cap);
    for (const [k, v] of entries) {
      let h = Math.imul(k, 0x9e3779b1) >>> this.shift;
      while (this.keys[h] !== -1) h = (h + 1) & this.mask;
      this.keys[h] = k;
      this.vals[h] = v;
    }
  }

  /** The value for `key`, or 0 when absent (0 is never a stored value: it is the trie root). */
  get(key: number): number {
    const keys = this.keys;
    let h = Math.imul(key, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const k = keys[h]!;
      if (k === key) return this.vals[h]!;
      if (k === -1) return 0;
      h = (h + 1) & this.mask;
    }
  }
}
