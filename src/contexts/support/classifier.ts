/**
 * Ticket classification: deterministic and explainable. The text is normalised (arabic.ts),
 * scanned once for concept phrases (lexicon.ts), and a short ordered list of rules combines the
 * concepts. The most urgent rule that fires wins; a hypothetical or policy question with no sign
 * of an actual incident is a P3 question. Every answer names the rule, the words that matched
 * (as the customer wrote them) and the reason in Arabic.
 */
import { NORM_BUF, NORM_MAP, normalizeInto } from '../../lib/arabic.js';
import { PhraseMatcher } from '../../lib/phrase-matcher.js';
import { CONCEPTS, type Concept, LEXICON } from './lexicon.js';
import { RULE_REASON } from './messages.js';
import {
  lastKnownWords,
  lastScores,
  lastTopWords,
  MIN_KNOWN_WORDS,
  MIN_MARGIN,
  predictBuffer,
} from './model.js';
import type { Priority } from './priorities.js';
import { PRIORITIES } from './priorities.js';

const C = Object.fromEntries(CONCEPTS.map((c, i) => [c, i])) as Record<Concept, number>;
const N = CONCEPTS.length;

const matcher = new PhraseMatcher(
  CONCEPTS.map((c) => LEXICON[c] ?? []),
  CONCEPTS.indexOf('NEUTRAL'),
);

/** The longest ticket text we classify; longer input is a caller error handled at the edge. */
export const MAX_TICKET_TEXT = 20_000;

type Cond = Concept | readonly Concept[]; // a list means "any of"

interface Rule {
  id: string;
  priority: Priority;
  all: readonly Cond[];
  none?: readonly Concept[];
}

/** Ordered by urgency; inside a tier the first rule that fires explains the ticket. */
// biome-ignore format: one rule a line reads as a table.
const RULES: readonly Rule[] = [
  { id: 'data_leak', priority: 'P0', all: ['LEAK'], none: ['MEMORY'] },
  { id: 'account_compromise', priority: 'P0', all: ['HACK'] },
  { id: 'account_compromise', priority: 'P0', all: ['LOGIN', 'STRANGE'] },
  { id: 'secret_exposed', priority: 'P0', all: ['SECRET', ['EXPOSE', 'LEAK', 'OTHER_PARTY', 'PUBLIC']], none: ['CONN_EXPIRED'] },
  { id: 'account_tampering', priority: 'P0', all: ['ACCOUNT_ITEM', 'NOT_BY_US'], none: ['CONN_DISCONNECT'] },
  { id: 'data_exposed_to_other_party', priority: 'P0', all: ['DATA', 'OTHER_PARTY'], none: ['ONLY_US'] },
  { id: 'data_exposed_to_other_party', priority: 'P0', all: ['DATA', 'PUBLIC'] },
  { id: 'data_exposed_to_other_party', priority: 'P0', all: ['DATA', 'THIRD_PARTY', 'SEE'], none: ['ONLY_US'] },
  { id: 'rejected_but_sent', priority: 'P0', all: ['SEND', 'REJECTED'] },
  { id: 'unapproved_send', priority: 'P0', all: [['SEND', 'MSG'], 'NO_APPROVAL'] },
  { id: 'wrong_send', priority: 'P0', all: ['SEND', ['WRONG', 'OTHER_PARTY', 'STRANGE']], none: ['ONLY_US'] },
  { id: 'wrong_send', priority: 'P0', all: ['MSG', ['WRONG', 'OTHER_PARTY']], none: ['ONLY_US'] },
  { id: 'unapproved_charge', priority: 'P0', all: ['CHARGE', ['CHARGE_BAD', 'NO_APPROVAL', 'NOT_BY_US']] },
  { id: 'unapproved_charge', priority: 'P0', all: ['CHARGE_WEAK', 'CARD', ['CHARGE_BAD', 'NO_APPROVAL', 'NOT_BY_US']] },
  { id: 'unapproved_charge', priority: 'P0', all: ['CHARGE_WEAK', 'CHARGE_CANCELLED'] },
  { id: 'total_outage', priority: 'P0', all: ['TOTAL'], none: ['ONLY_US'] },
  { id: 'total_outage', priority: 'P0', all: ['OUTAGE_STRONG', 'PLATFORM'], none: ['ONLY_US'] },
  { id: 'total_outage', priority: 'P0', all: [['OUTAGE_STRONG', 'OUTAGE', 'BROKEN'], 'PEOPLE_ALL'], none: ['ONLY_US'] },
  { id: 'total_outage', priority: 'P0', all: [['OUTAGE_STRONG', 'OUTAGE', 'BROKEN'], 'WHOLE', 'PLATFORM'], none: ['ONLY_US', 'CONN_PROBLEM'] },
  { id: 'total_outage', priority: 'P0', all: ['PEOPLE_ALL', 'ACCESS', 'NEG'], none: ['ONLY_US'] },
  { id: 'total_outage', priority: 'P0', all: ['PEOPLE_NONE', ['ACCESS', 'LOGIN', 'OUTAGE', 'BROKEN']], none: ['ONLY_US'] },
  { id: 'proof_pack_missing', priority: 'P1', all: ['PROOF_PACK', 'MISSING'] },
  { id: 'service_broken', priority: 'P1', all: [['CORE', 'PROOF_PACK'], ['BROKEN', 'OUTAGE']], none: ['CONN_PROBLEM', 'CONN_LINK'] },
  { id: 'platform_degraded', priority: 'P1', all: ['PLATFORM', ['OUTAGE_STRONG', 'OUTAGE', 'BROKEN']], none: ['CONN_PROBLEM', 'CONNECTOR'] },
  { id: 'proof_pack_late', priority: 'P2', all: ['PROOF_PACK', ['LATE', 'NOT_ARRIVING']] },
  { id: 'connector_problem', priority: 'P2', all: ['CONNECTOR', ['CONN_PROBLEM', 'BROKEN', 'NOT_ARRIVING', 'OUTAGE', 'OUTAGE_STRONG', 'MISSING']] },
  { id: 'connector_problem', priority: 'P2', all: ['CONN_PROBLEM'] },
];

export interface MatchedTerm {
  concept: Concept;
  text: string;
  start: number;
  end: number;
}

export interface Classification {
  priority: Priority;
  rule: string;
  /** The words that decided it, as written (the seed's field). Empty for the default P3. */
  matched_keyword: string;
  matched: MatchedTerm[];
  reason_ar: string;
  reason_en: string;
  /** Set when a would-be incident was read as a hypothetical or policy question. */
  demoted_from: Priority | null;
  /**
   * The word model's second opinion (not consulted when the rules already say P0); when it is
   * more urgent than the rules, with enough evidence, it decides.
   */
  model: { priority: Priority; top_words: string[] };
}

/** Rules compiled to concept indices once, so evaluation does no lookups by name. */
interface CompiledRule {
  rule: Rule;
  all: ReadonlyArray<readonly number[]>;
  none: readonly number[];
}
const COMPILED: readonly CompiledRule[] = RULES.map((rule) => ({
  rule,
  all: rule.all.map((cond) => (typeof cond === 'string' ? [C[cond]] : cond.map((c) => C[c]))),
  none: (rule.none ?? []).map((c) => C[c]),
}));

// Scratch state reused across calls: classification is synchronous, so one set is enough.
const hit = new Uint8Array(N);
const firstStart = new Int32Array(N);
const firstEnd = new Int32Array(N);
const negWords: number[] = [];
const canWords: number[] = [];
const approvalWords: number[] = [];
let approvalSpan: [number, number] = [0, 0];

function fires(r: CompiledRule): boolean {
  for (const c of r.none) if (hit[c] === 1) return false;
  for (const anyOf of r.all) {
    let ok = false;
    for (const c of anyOf) {
      if (hit[c] === 1) {
        ok = true;
        break;
      }
    }
    if (!ok) return false;
  }
  return true;
}

/** The concept that satisfied each condition, for the explanation. */
function usedConcepts(r: CompiledRule): Concept[] {
  return r.all.map((anyOf) => CONCEPTS[anyOf.find((c) => hit[c] === 1)!]!);
}

/** NEG directly before APPROVAL (one word may sit between, unless it is "can"). */
function deriveNoApproval(): void {
  for (const a of approvalWords) {
    for (const ng of negWords) {
      const gap = a - ng;
      if (gap === 1 || (gap === 2 && !canWords.includes(a - 1))) {
        if (hit[C.NO_APPROVAL] === 0) {
          hit[C.NO_APPROVAL] = 1;
          firstStart[C.NO_APPROVAL] = firstStart[C.NEG]!;
          firstEnd[C.NO_APPROVAL] = approvalSpan[1];
        }
        return;
      }
    }
  }
}

function spacesIn(from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (NORM_BUF[i] === 32) n++;
  return n;
}

function onMatch(tags: readonly number[], word: number, nStart: number, nEnd: number): void {
  for (const t of tags) {
    if (hit[t] === 0) {
      hit[t] = 1;
      firstStart[t] = nStart;
      firstEnd[t] = nEnd;
    }
    // A negation counts from its last word ("بدون ما احد" ends two words later).
    if (t === NEG) negWords.push(word + spacesIn(nStart, nEnd));
    else if (t === CAN) canWords.push(word);
    else if (t === NEG_AR) negArWords.push(word);
    else if (t === ENTITY) entityWords.push(word);
    else if (t === OTHER_ADJ) otherAdjWords.push(word);
    else if (t === OTHER_ADJ_EN) otherAdjEnWords.push(word);
    else if (t === APPROVED_PAST) approvedPastWords.push(word);
    else if (t === APPROVAL) {
      if (approvalWords.length === 0) approvalSpan = [nStart, nEnd];
      approvalWords.push(word);
    }
  }
}
const NEG = C.NEG;
const CAN = C.CAN;
const APPROVAL = C.APPROVAL;
const NEG_AR = C.NEG_AR;
const APPROVED_PAST = C.APPROVED_PAST;
const negArWords: number[] = [];
const ENTITY = C.ENTITY;
const OTHER_ADJ = C.OTHER_ADJ;
const entityWords: number[] = [];
const otherAdjWords: number[] = [];
const OTHER_ADJ_EN = C.OTHER_ADJ_EN;
const otherAdjEnWords: number[] = [];
const approvedPastWords: number[] = [];
const POSITION_LISTS = [
  negWords,
  canWords,
  approvalWords,
  negArWords,
  approvedPastWords,
  entityWords,
  otherAdjWords,
  otherAdjEnWords,
];

/**
 * "مو النص اللي اعتمدناه" — an Arabic negation up to three words before a first-person past
 * "we approved" means what went out is not what was approved.
 */
function deriveNotWhatWeApproved(): void {
  for (const a of approvedPastWords) {
    for (const ng of negArWords) {
      const gap = a - ng;
      if (gap >= 1 && gap <= 3 && !canWords.some((w) => w > ng && w < a)) {
        hit[C.NO_APPROVAL] = 1;
        firstStart[C.NO_APPROVAL] = firstStart[C.NEG_AR]!;
        firstEnd[C.NO_APPROVAL] = firstEnd[C.APPROVED_PAST]!;
        return;
      }
    }
  }
}

/**
 * "شركة عقار ثانية" (the Arabic "other" follows) and "another real-estate company" (the English one
 * comes first): an entity and "other" a word or two apart.
 */
function deriveOtherParty(): void {
  for (const e of entityWords) {
    for (const o of [...otherAdjWords.map((w) => w - e), ...otherAdjEnWords.map((w) => e - w)]) {
      if (o >= 1 && o <= 2) {
        hit[C.OTHER_PARTY] = 1;
        // Explain with the first entity and the first "other" word seen, whichever order they came in.
        const adj = hit[C.OTHER_ADJ] === 1 ? C.OTHER_ADJ : C.OTHER_ADJ_EN;
        firstStart[C.OTHER_PARTY] = Math.min(firstStart[C.ENTITY]!, firstStart[adj]!);
        firstEnd[C.OTHER_PARTY] = Math.max(firstEnd[C.ENTITY]!, firstEnd[adj]!);
        return;
      }
    }
  }
}

export function classifyByRules(text: string): Classification {
  const raw = text.length > MAX_TICKET_TEXT ? text.slice(0, MAX_TICKET_TEXT) : text;
  const len = normalizeInto(raw);
  lastLen = len;
  if (len <= 1) return result('P3', 'empty', [], '', null);
  hit.fill(0);
  // Setting an array's length is not free; most of these stay empty from call to call.
  for (const list of POSITION_LISTS) if (list.length !== 0) list.length = 0;
  matcher.scanBuffer(len, onMatch);
  if (approvalWords.length > 0 && negWords.length > 0) deriveNoApproval();
  if (approvedPastWords.length > 0 && negArWords.length > 0 && hit[C.NO_APPROVAL] === 0)
    deriveNotWhatWeApproved();
  if (entityWords.length > 0 && otherAdjWords.length + otherAdjEnWords.length > 0 && hit[C.OTHER_PARTY] === 0)
    deriveOtherParty();

  for (const r of COMPILED) {
    if (!fires(r)) continue;
    const map = NORM_MAP;
    const matched = usedConcepts(r).map((c): MatchedTerm => {
      const i = C[c];
      const start = map[firstStart[i]!]!;
      const end = map[firstEnd[i]! - 1]! + 1;
      return { concept: c, text: raw.slice(start, end), start, end };
    });
    if (isHypothetical(raw, r.rule.priority))
      return result('P3', 'hypothetical', matched, matched[0]?.text ?? '', r.rule.priority);
    return result(r.rule.priority, r.rule.id, matched, matched[0]?.text ?? '', null);
  }
  return result('P3', 'default', [], '', null);
}

/**
 * A question about what would happen ("what if…", "لو…", "في حال…") is not an incident, unless the
 * text also carries signs that something actually happened (today, we found, urgent, refund…).
 * For P0 a weak marker counts only inside a question: missing a real P0 is the worst error.
 */
function isHypothetical(raw: string, priority: Priority): boolean {
  if (hit[C.HYPO_ABSOLUTE] === 1) return true;
  if (hit[C.EVIDENCE] === 1) return false;
  if (hit[C.HYPO_STRONG] === 1) return true;
  if (hit[C.HYPO_WEAK] === 0) return false;
  return priority !== 'P0' || raw.includes('?') || raw.includes('؟');
}

function result(
  priority: Priority,
  rule: string,
  matched: MatchedTerm[],
  keyword: string,
  demoted_from: Priority | null,
): Classification {
  const reason = RULE_REASON[rule] ?? RULE_REASON.default!;
  return {
    priority,
    rule,
    matched_keyword: keyword,
    matched,
    reason_ar: reason.reason_ar,
    reason_en: reason.reason_en,
    demoted_from,
    // Filled in by classify(); rules alone carry no model opinion.
    model: NO_WORDS[priority],
  };
}

const RANK: Record<Priority, number> = { P0: 0, P1: 1, P2: 2, P3: 3 };
/** Shared, frozen "model said X, no words to show" values: the common case allocates nothing. */
const NO_WORDS: Record<Priority, Classification['model']> = Object.fromEntries(
  PRIORITIES.map((p) => [
    p,
    Object.freeze({ priority: p, top_words: Object.freeze([]) as unknown as string[] }),
  ]),
) as Record<Priority, Classification['model']>;
/** Length of the text classifyByRules last normalised into the shared buffer. */
let lastLen = 0;

/**
 * Rules first; the word model may only make a ticket more urgent (a missed P0 is the worst error
 * this module can make, a false alarm costs a human a minute).
 */
export function classify(text: string): Classification {
  const byRules = classifyByRules(text);
  // Nothing is more urgent than P0, so a rule P0 needs no second opinion.
  if (byRules.rule === 'empty' || byRules.priority === 'P0') return byRules;
  // The rules just normalised this text into the shared buffer; the model reads the same words.
  const best = predictBuffer(lastLen);
  const priority = PRIORITIES[best]!;
  const margin = -lastScores[RANK[byRules.priority]]!;
  if (best >= RANK[byRules.priority] || lastKnownWords() < MIN_KNOWN_WORDS || margin < MIN_MARGIN) {
    byRules.model = NO_WORDS[priority];
    return byRules;
  }
  const top = lastTopWords(priority);
  const model = { priority, top_words: top };
  const reason = RULE_REASON.model!;
  return {
    priority,
    rule: 'model',
    matched_keyword: top.join('، '),
    matched: [],
    reason_ar: `${reason.reason_ar}: ${top.join('، ')}`,
    reason_en: `${reason.reason_en}: ${top.join(', ')}`,
    demoted_from: null,
    model,
  };
}

/** Every concept the lexicon finds in `text`, with the words as written — for tuning and support. */
export function concepts(text: string): Array<{ concept: Concept; text: string }> {
  const out: Array<{ concept: Concept; text: string }> = [];
  const len = normalizeInto(text);
  matcher.scanBuffer(len, (tags, _word, nStart, nEnd) => {
    const start = NORM_MAP[nStart]!;
    const end = NORM_MAP[nEnd - 1]! + 1;
    for (const t of tags) out.push({ concept: CONCEPTS[t]!, text: text.slice(start, end) });
  });
  return out;
}
