import { randomBytes } from 'node:crypto';

let lastMs = 0;
let seqInMs = 0;
// Random bytes drawn in blocks: one system call per few hundred ids instead of one per id.
let pool = randomBytes(4096);
let poolAt = 0;
function random9(): Buffer {
  if (poolAt + 9 > pool.length) {
    pool = randomBytes(4096);
    poolAt = 0;
  }
  const out = pool.subarray(poolAt, poolAt + 9);
  poolAt += 9;
  return out;
}

/**
 * Opaque, time-ordered ids: a prefix, 9 base-36 characters of milliseconds, 3 of a sequence within
 * the millisecond (so ids made in one millisecond still sort in creation order), 9 random ones.
 * Nothing in them counts records.
 */
export function newId(prefix: string, now: Date = new Date()): string {
  let ms = now.getTime();
  if (ms <= lastMs) {
    ms = lastMs;
    seqInMs++;
  } else {
    lastMs = ms;
    seqInMs = 0;
  }
  const bytes = random9();
  let rand = '';
  for (const b of bytes) rand += (b % 36).toString(36);
  return `${prefix}_${ms.toString(36).padStart(9, '0')}${(seqInMs % 46656).toString(36).padStart(3, '0')}${rand}`;
}
