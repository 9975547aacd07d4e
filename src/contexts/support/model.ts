/**
 * The classifier's second opinion: a naive Bayes model over the normalised words of a ticket,
 * trained on the labelled tuning corpora (`npm run train:classifier` regenerates model-data.ts).
 * It is deterministic and explainable — the words that pull most towards its answer are returned.
 * The rules stay first: the model may only make a ticket more urgent, never less.
 */
import { NORM_BUF, normalize, normalizeInto } from '../../lib/arabic.js';
import { WordIndex } from '../../lib/word-index.js';
import { MODEL } from './model-data.js';
import { PRIORITIES, type Priority } from './priorities.js';

/** The model overrides the rules only with real evidence: this many known words… */
export const MIN_KNOWN_WORDS = 2;
/** …and its answer at least e (≈ 2.7) times likelier than the rules' answer. */
export const MIN_MARGIN = 1;

export interface ModelVerdict {
  priority: Priority;
  /** How many of the ticket's words the model knows. */
  known_words: number;
  /** Log-probability per priority (P0..P3), relative to the best (best = 0). */
  scores: [number, number, number, number];
  /** Known words that pulled most towards the answer, as normalised. */
  top_words: string[];
}

/** The distinct normalised words of a text — the model's features (used for training). */
export function words(text: string): string[] {
  const t = normalize(text).text.trim();
  return t === '' ? [] : [...new Set(t.split(' '))];
}

const VOCAB = Object.keys(MODEL.words);
const INDEX = new WordIndex(VOCAB);
/** Log-likelihoods, four per word (P0..P3), in vocabulary order. */
const LP = new Float64Array(VOCAB.length * 4);
VOCAB.forEach((w, i) => {
  const row = MODEL.words[w]!;
  for (let c = 0; c < 4; c++) LP[i * 4 + c] = row[c]!;
});
// Words already counted in this call (a word counts once however often it appears).
const seenAt = new Uint32Array(VOCAB.length);
let call = 0;
const found: number[] = [];

/** Scores of the last call, P0..P3, relative to the best (best = 0). */
export const lastScores = new Float64Array(4);

/**
 * Scores the text already normalised into NORM_BUF (length `len`): the classifier calls this right
 * after the rules, on the same buffer, so nothing is normalised twice. Returns the best class
 * (0 = P0 … 3 = P3); the scores are left in `lastScores` and the words found in `found`, so the
 * hot path allocates nothing.
 */
export function predictBuffer(len: number): number {
  call = (call + 1) >>> 0 || 1;
  found.length = 0;
  const p = MODEL.priors;
  let a = p[0];
  let b = p[1];
  let c = p[2];
  let d = p[3];
  const buf = NORM_BUF;
  let start = 1;
  for (let i = 1; i < len; i++) {
    if (buf[i] !== 32) continue;
    const idx = INDEX.lookup(buf, start, i);
    start = i + 1;
    if (idx < 0 || seenAt[idx] === call) continue;
    seenAt[idx] = call;
    found.push(idx);
    const o = idx * 4;
    a += LP[o]!;
    b += LP[o + 1]!;
    c += LP[o + 2]!;
    d += LP[o + 3]!;
  }
  let best = 0;
  let max = a;
  if (b > max) {
    best = 1;
    max = b;
  }
  if (c > max) {
    best = 2;
    max = c;
  }
  if (d > max) {
    best = 3;
    max = d;
  }
  lastScores[0] = a - max;
  lastScores[1] = b - max;
  lastScores[2] = c - max;
  lastScores[3] = d - max;
  return best;
}

/** Known words the last scored text had. */
export const lastKnownWords = () => found.length;

/** The top words of the last scored text for `priority` (see topWords). */
export function lastTopWords(priority: Priority): string[] {
  return topWords(PRIORITIES.indexOf(priority));
}

/** Known words that pulled most towards class `best`: how much likelier there than elsewhere. */
function topWords(best: number): string[] {
  const pull = (idx: number) => {
    let other = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < 4; k++) if (k !== best) other = Math.max(other, LP[idx * 4 + k]!);
    return LP[idx * 4 + best]! - other;
  };
  return found
    .map((idx) => [idx, pull(idx)] as const)
    .filter(([, p]) => p > 0)
    .sort((x, y) => y[1] - x[1] || VOCAB[x[0]]!.localeCompare(VOCAB[y[0]]!))
    .slice(0, 3)
    .map(([idx]) => VOCAB[idx]!);
}

/** Scores any text (normalises it first). */
export function predict(text: string): ModelVerdict {
  const best = predictBuffer(normalizeInto(text));
  return {
    priority: PRIORITIES[best]!,
    known_words: found.length,
    scores: Array.from(lastScores, (x) => Math.round(x * 1000) / 1000) as ModelVerdict['scores'],
    top_words: topWords(best),
  };
}

export interface TrainingTicket {
  label: Priority;
  text: string;
}

/**
 * Trains the model: Laplace-smoothed (α = 0.5) word log-likelihoods per priority and class priors.
 * Pure, so a test can check the shipped model-data.ts is exactly what the corpora give.
 */
export function train(tickets: readonly TrainingTicket[], alpha = 0.5) {
  const counts = new Map<string, number[]>();
  const totals = [0, 0, 0, 0];
  const docs = [0, 0, 0, 0];
  for (const t of tickets) {
    const c = PRIORITIES.indexOf(t.label);
    docs[c]!++;
    for (const w of words(t.text)) {
      let row = counts.get(w);
      if (!row) {
        row = [0, 0, 0, 0];
        counts.set(w, row);
      }
      row[c]!++;
      totals[c]!++;
    }
  }
  const v = counts.size;
  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  const words_: Record<string, number[]> = {};
  for (const w of [...counts.keys()].sort()) {
    const row = counts.get(w)!;
    words_[w] = row.map((n, c) => round(Math.log((n + alpha) / (totals[c]! + alpha * v))));
  }
  return {
    priors: docs.map((d) => round(Math.log(d / tickets.length))),
    words: words_,
    tickets: tickets.length,
  };
}
