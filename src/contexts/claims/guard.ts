/**
 * The claims guard (SPEC §8): finds positive prohibited claims in Arabic and English text and reports
 * each with its category, the rule that fired and its exact span in the original text.
 *
 * One pass of the normaliser (src/lib/arabic.ts) and of a strict phrase matcher (matcher.ts) tags
 * concept words (lexicon.ts); clause and sentence boundaries come from the ORIGINAL text, because
 * normalising turns punctuation into spaces. A rule is a short sequence of concepts close together; it
 * is cancelled by a negation a few words before it in the same clause ("لا نضمن", "we never"), between
 * its parts ("HubSpot is not bad") or right after it ("scraping ممنوع"). "but / لكن / بل" and
 * punctuation end a negation's reach. Pure and roughly linear in the length of the text.
 */
import { normalize } from '../../lib/arabic.js';
import type { ClaimCategory } from './categories.js';
import {
  type ClaimRule,
  CONCEPTS,
  type Concept,
  DERIVATIONS,
  LEXICON,
  NEG_REACH,
  POST_NEG_REACH,
  RULES,
  SUPPRESSIONS,
} from './lexicon.js';
import { ClaimsMatcher } from './matcher.js';
import { CLAIM_TEXT } from './messages.js';

export { CLAIM_CATEGORIES, type ClaimCategory } from './categories.js';

export interface ClaimMatch {
  category: ClaimCategory;
  rule: string;
  /** The exact span of the original text. */
  phrase: string;
  start: number;
  end: number;
  reason_ar: string;
  reason_en: string;
}

export interface ClaimsResult {
  ok: boolean;
  matches: ClaimMatch[];
}

const C = Object.fromEntries(CONCEPTS.map((c, i) => [c, i])) as Record<Concept, number>;
const matcher = new ClaimsMatcher(CONCEPTS.map((c) => LEXICON[c] ?? []));

const NEGATORS = (Object.entries(NEG_REACH) as Array<[Concept, number]>).map(
  ([c, reach]) => [C[c], reach] as const,
);
const MAX_REACH = Math.max(...NEGATORS.map(([, r]) => r));

interface CompiledRule {
  rule: ClaimRule;
  index: number;
  seq: number[][];
  unless: number;
  unlessSentence: number;
}

const COMPILED: CompiledRule[] = RULES.map((rule, index) => ({
  rule,
  index,
  seq: rule.seq.map((el) =>
    typeof el === 'string' ? [C[el as Concept]] : (el as readonly Concept[]).map((c) => C[c]),
  ),
  unless: rule.unlessClause ? C[rule.unlessClause] : -1,
  unlessSentence: rule.unlessSentence ? C[rule.unlessSentence] : -1,
}));

interface Token {
  tags: number[];
  /** First and last word index. */
  w0: number;
  w1: number;
  /** Span in the normalised text. */
  n0: number;
  n1: number;
  /** Used up by a derivation: a "بدون" that became WITHOUT_APPROVAL no longer negates. */
  used: boolean;
}

// Punctuation that ends a sentence (hard) or a clause (soft). Checked on the original text between words.
const HARD = new Set([';', '؛', '؟', '…', '\u2029', '\u2028']);
const HARD_IF_SPACED = new Set(['.', '!', '?']);
const SOFT = new Set([',', '،', ':', '—', '–', '(', ')', '[', ']', '{', '}', '·', '\u066B', '\u066C']);

/** Table cells, bullets, arrows, ✅ ❌ and emoji separate list items and cells. */
function isBullet(code: number): boolean {
  return (
    code === 0x7c || // |
    code === 0x2022 || // •
    (code >= 0x2190 && code <= 0x2bff) ||
    (code >= 0xd800 && code <= 0xdfff)
  );
}

/** A line starting with one of these (after a line break) opens a new Markdown block. */
function isBlockMarker(code: number): boolean {
  // - * + # >
  return code === 0x2d || code === 0x2a || code === 0x2b || code === 0x23 || code === 0x3e || isBullet(code);
}

/**
 * 2 = sentence boundary, 1 = clause boundary, 0 = none, for the original text between two words.
 * With `wrap` (Markdown, HTML) a single line break inside a paragraph is only a space; a blank line or
 * a line that starts a new block still ends the sentence. Without it (drafts) every line break does.
 */
function boundary(raw: string, from: number, to: number, wrap: boolean): number {
  let b = 0;
  let newlines = 0;
  for (let i = from; i < to; i++) {
    const ch = raw[i]!;
    if (ch === '\n' || ch === '\r') {
      if (!wrap) return 2;
      if (ch === '\r') continue;
      if (++newlines >= 2 || startsBlockLine(raw, i)) return 2;
      continue;
    }
    if (newlines > 0 && isBlockMarker(ch.charCodeAt(0))) return 2;
    if (HARD.has(ch)) return 2;
    const next = i + 1 < raw.length ? raw[i + 1]! : ' ';
    if (HARD_IF_SPACED.has(ch) && /\s/.test(next)) return 2;
    if (SOFT.has(ch)) b = 1;
    else if (ch === '-' && i > from && /\s/.test(raw[i - 1]!) && /\s/.test(next)) b = 1;
    else if (isBullet(ch.charCodeAt(0))) b = 1;
  }
  // "1. item" after a line break: the digits are a word, so look at the next word itself.
  if (newlines > 0 && /^\d{1,3}[.)](?:\s|$)/.test(raw.slice(to, to + 5))) return 2;
  return b;
}

/** Whether the line ending at `nl` is a heading or a table row (a block of its own). */
function startsBlockLine(raw: string, nl: number): boolean {
  let i = raw.lastIndexOf('\n', nl - 1) + 1;
  while (i < nl && (raw[i] === ' ' || raw[i] === '\t')) i++;
  return raw[i] === '#' || raw[i] === '|';
}

function hasAny(tok: Token, concepts: readonly number[]): boolean {
  for (const c of concepts) if (tok.tags.includes(c)) return true;
  return false;
}

/** Scans `raw` and returns the claims it makes, in order of position. */
export function checkClaims(text: string): ClaimsResult {
  const matches = findClaims(text, false);
  return { ok: matches.length === 0, matches };
}

/** snake_case identifiers ("guaranteed_results") are names, not prose: blank them, same length. */
const IDENTIFIER = /[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+/g;

/** "إلى / إليه" (to) and "آلي" (automatic) both normalise to "الي"; the original spelling tells them apart. */
const PREPOSITION = /(?:^|[^\u0620-\u064A])(?:إل[\u0649\u064A\u0647]|ال\u0649)/;
const AUTO_WORD = / ال(?:ي|يه|يا) /;

function findClaims(input: string, wrap: boolean): ClaimMatch[] {
  if (input.trim() === '') return [];
  const raw = input.includes('_') ? input.replace(IDENTIFIER, (id) => ' '.repeat(id.length)) : input;
  const { text: norm, map } = normalize(raw);
  // NFKC (presentation forms only) can change the length; positions are then only approximate.
  const origLen = raw.length;

  // Words of the normalised text: the same indices the phrase matcher counts.
  const wordStart: number[] = [];
  const wordEnd: number[] = [];
  for (let i = 1; i < norm.length; ) {
    const s = i;
    while (i < norm.length && norm.charCodeAt(i) !== 32) i++;
    if (i > s) {
      wordStart.push(s);
      wordEnd.push(i);
    }
    i++;
  }
  const nW = wordStart.length;
  if (nW === 0) return [];
  const wordAt = (n: number): number => {
    let lo = 0;
    let hi = nW - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (wordStart[mid]! <= n) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  const tokens: Token[] = [];
  matcher.scan(norm, (found, word, n0, n1) => {
    const tags = [...found];
    // A client word with no clitic ("عملاء", not "العملاء") is a promise of new clients, not the support audience.
    if (tags.includes(C.CLIENT_S) && n0 === wordStart[word]) tags.push(C.CLIENT_BARE);
    if (AUTO_WORD.test(` ${norm.slice(n0, n1)} `)) {
      const original = raw.slice(map[n0]!, map[n1 - 1]! + 1);
      if (PREPOSITION.test(original)) return;
    }
    tokens.push({ tags, w0: word, w1: wordAt(n1 - 1), n0, n1, used: false });
  });
  if (tokens.length === 0) return [];

  // Token starting at each word (the matcher reports at most one per word).
  const startAt = new Int32Array(nW).fill(-1);
  tokens.forEach((t, i) => {
    if (startAt[t.w0] === -1) startAt[t.w0] = i;
  });
  const tokenIn = (from: number, to: number, concepts: readonly number[]): Token | undefined => {
    for (let w = from; w <= to && w < nW; w++) {
      const i = startAt[w]!;
      if (i >= 0 && hasAny(tokens[i]!, concepts)) return tokens[i];
    }
    return undefined;
  };

  for (const s of SUPPRESSIONS) {
    const target = C[s.target];
    const by = s.by.map((c) => C[c]);
    for (const t of tokens) {
      if (t.tags.includes(target) && tokenIn(t.w1 + 1, t.w1 + 1 + s.gap, by))
        t.tags = t.tags.filter((x) => x !== target);
    }
  }

  // Clause and sentence ids per word.
  const breakAt = new Uint8Array(nW);
  for (const t of tokens) if (t.tags.includes(C.BREAK)) breakAt[t.w0] = 1;
  const clause = new Int32Array(nW);
  const sentence = new Int32Array(nW);
  let cl = 0;
  let se = 0;
  for (let k = 1; k < nW; k++) {
    const prevEnd = map[wordEnd[k - 1]! - 1]! + 1;
    const b = boundary(raw, prevEnd, map[wordStart[k]!]!, wrap);
    if (b === 2) {
      se++;
      cl++;
    } else if (b === 1 || breakAt[k] === 1) cl++;
    clause[k] = cl;
    sentence[k] = se;
  }

  // Derived concepts.
  const derived: Token[] = [];
  for (const d of DERIVATIONS) {
    const first = d.first.map((c) => C[c]);
    const second = d.second.map((c) => C[c]);
    for (const t of tokens) {
      if (t.used || !hasAny(t, first)) continue;
      const u = tokenIn(t.w1 + 1, t.w1 + 1 + d.gap, second);
      if (!u || clause[u.w0] !== clause[t.w1]) continue;
      t.used = true;
      u.used = true;
      derived.push({ tags: [C[d.out]], w0: t.w0, w1: u.w1, n0: t.n0, n1: u.n1, used: false });
    }
  }
  const all =
    derived.length > 0 ? [...tokens, ...derived].sort((a, b) => a.w0 - b.w0 || b.w1 - a.w1) : tokens;

  // Negators ending at each word (reach + 1; 0 = none), and "is not / ممنوع" starting at each word.
  const negEnd = new Uint8Array(nW);
  const postAt = new Uint8Array(nW);
  for (const t of tokens) {
    if (t.used) continue;
    for (const [c, reach] of NEGATORS)
      if (t.tags.includes(c)) negEnd[t.w1] = Math.max(negEnd[t.w1]!, reach + 1);
    if (t.tags.includes(C.POST_NEG)) postAt[t.w0] = 1;
  }

  // Tokens by concept, sorted by first word.
  const byConcept: Token[][] = CONCEPTS.map(() => []);
  for (const t of all) for (const c of t.tags) byConcept[c]!.push(t);
  const firstWith = (concepts: readonly number[], from: number, to: number): Token | undefined => {
    let best: Token | undefined;
    for (const c of concepts) {
      const list = byConcept[c]!;
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid]!.w0 < from) lo = mid + 1;
        else hi = mid;
      }
      const t = list[lo];
      if (t && t.w0 <= to && (!best || t.w0 < best.w0)) best = t;
    }
    return best;
  };

  const negatedBefore = (s: number): boolean => {
    for (let k = s - 1; k >= 0 && k >= s - 1 - MAX_REACH; k--) {
      if (clause[k] !== clause[s]) return false;
      const r = negEnd[k]!;
      if (r > 0 && s - k - 1 <= r - 1) return true;
    }
    return false;
  };
  const negatedBetween = (a: Token, b: Token): boolean => {
    for (let k = a.w1 + 1; k < b.w0; k++) if (negEnd[k]! > 0 && clause[k] === clause[b.w0]) return true;
    return false;
  };
  const negatedAfter = (e: number): boolean => {
    for (let k = e + 1; k < nW && k <= e + 1 + POST_NEG_REACH; k++) {
      if (clause[k] !== clause[e]) return false;
      if (postAt[k] === 1) return true;
    }
    return false;
  };

  interface Candidate {
    rule: CompiledRule;
    n0: number;
    n1: number;
  }
  const candidates: Candidate[] = [];
  const usedFirst = new Set<Token>();
  // Which clauses (or sentences) hold a concept, built on first use.
  const flagCache = new Map<string, Uint8Array>();
  const scopeHas = (concept: number, ids: Int32Array, id: number): boolean => {
    const key = `${concept}:${ids === clause ? 'c' : 's'}`;
    let flags = flagCache.get(key);
    if (!flags) {
      flags = new Uint8Array(ids[nW - 1]! + 1);
      for (const t of byConcept[concept]!) flags[ids[t.w0]!] = 1;
      flagCache.set(key, flags);
    }
    return flags[id] === 1;
  };

  for (const cr of COMPILED) {
    const { rule, seq } = cr;
    const scope = rule.scope === 'sentence' ? sentence : clause;
    const anchors = new Set<Token>();
    for (const c of seq[0]!) for (const t of byConcept[c]!) anchors.add(t);
    for (const a of anchors) {
      if (rule.group && usedFirst.has(a)) continue;
      const els: Token[] = [a];
      for (let e = 1; e < seq.length; e++) {
        const prev = els[e - 1]!;
        const next = firstWith(seq[e]!, prev.w1 + 1, prev.w1 + 1 + rule.gap);
        if (!next || scope[next.w0] !== scope[prev.w1]) break;
        els.push(next);
      }
      if (els.length < seq.length) continue;
      if (cr.unless >= 0 && scopeHas(cr.unless, clause, clause[a.w0]!)) continue;
      if (cr.unlessSentence >= 0 && scopeHas(cr.unlessSentence, sentence, sentence[a.w0]!)) continue;
      if (rule.group) usedFirst.add(a);
      const last = els[els.length - 1]!;
      let negated = negatedBefore(a.w0) || negatedAfter(last.w1);
      for (let e = 1; !negated && e < els.length; e++) negated = negatedBetween(els[e - 1]!, els[e]!);
      if (!negated) candidates.push({ rule: cr, n0: a.n0, n1: last.n1 });
    }
  }

  // One report per category and span: the earlier rule wins, overlapping duplicates go.
  const kept: Candidate[] = [];
  for (const c of candidates) {
    const cat = c.rule.rule.category;
    if (kept.some((k) => k.rule.rule.category === cat && k.n0 < c.n1 && c.n0 < k.n1)) continue;
    kept.push(c);
  }
  kept.sort((a, b) => a.n0 - b.n0 || a.rule.index - b.rule.index);

  return kept.map((c) => {
    // Report whole words, with the letters normalising dropped (hamza, harakat, tatweel): the original
    // span runs up to the separator that ended the last word.
    const start = Math.min(map[wordStart[wordAt(c.n0)]!]!, origLen);
    const end = Math.min(map[wordEnd[wordAt(c.n1 - 1)]!]!, origLen);
    const category = c.rule.rule.category;
    const text = CLAIM_TEXT[category];
    return {
      category,
      rule: c.rule.rule.id,
      phrase: input.slice(start, end),
      start,
      end,
      reason_ar: text.reason_ar,
      reason_en: text.reason_en,
    };
  });
}

export type DocumentFormat = 'markdown' | 'html' | 'text';

export interface DocumentClaimMatch extends ClaimMatch {
  /** 1-based, against the original text. */
  line: number;
  column: number;
}

/**
 * Checks a whole document. Markup is blanked out with spaces of the same length (newlines kept), so
 * every offset still points into the original: HTML tags, attributes, comments, <script> and <style>
 * are ignored; in Markdown, fenced code blocks and the forbidden examples of lines starting with "❌"
 * are skipped (the backticked example, or the whole line when it has no backticks).
 */
export function checkDocument(text: string, format: DocumentFormat): DocumentClaimMatch[] {
  const masked = format === 'html' ? maskHtml(text) : format === 'markdown' ? maskMarkdown(text) : text;
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  return findClaims(masked, format !== 'text').map((m) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= m.start) lo = mid;
      else hi = mid - 1;
    }
    return { ...m, phrase: text.slice(m.start, m.end), line: lo + 1, column: m.start - lineStarts[lo]! + 1 };
  });
}

/** Replaces text[from, to) with spaces, keeping line breaks; `first` (U+2029) marks a block edge. */
function blank(chars: string[], from: number, to: number, first?: string): void {
  for (let i = from; i < to; i++) if (chars[i] !== '\n') chars[i] = ' ';
  if (first !== undefined && from < to && chars[from] !== '\n') chars[from] = first;
}

// Tags that start or end a block: their text can't run on into the next block's words.
const BLOCK_TAGS = new Set(
  'p div li ul ol h1 h2 h3 h4 h5 h6 br hr tr td th table thead tbody section article header footer nav main aside blockquote title button option label dt dd figcaption summary details form pre'.split(
    ' ',
  ),
);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function maskHtml(html: string): string {
  // UTF-16 code units, so offsets match String indices.
  const chars = html.split('');
  const lower = html.toLowerCase();
  let i = 0;
  while (i < html.length) {
    const ch = html[i];
    if (ch === '<') {
      if (html.startsWith('<!--', i)) {
        const end = html.indexOf('-->', i + 4);
        const stop = end < 0 ? html.length : end + 3;
        blank(chars, i, stop);
        i = stop;
        continue;
      }
      const m = /^<\/?([a-zA-Z][a-zA-Z0-9-]*)/.exec(html.slice(i, i + 40));
      if (m || html[i + 1] === '!' || html[i + 1] === '?') {
        const name = (m?.[1] ?? '').toLowerCase();
        const close = tagEnd(html, i);
        const isOpen = html[i + 1] !== '/';
        let stop = close;
        if (isOpen && (name === 'script' || name === 'style')) {
          const endTag = lower.indexOf(`</${name}`, close);
          stop = endTag < 0 ? html.length : tagEnd(html, endTag);
        }
        blank(chars, i, stop, BLOCK_TAGS.has(name) || name === 'script' || name === 'style' ? '\u2029' : ' ');
        i = stop;
        continue;
      }
    } else if (ch === '&') {
      const m = /^&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/.exec(html.slice(i, i + 12));
      if (m) {
        const body = m[1]!;
        let rep = ENTITIES[body.toLowerCase()];
        if (rep === undefined && body.startsWith('#')) {
          const code =
            body[1] === 'x' || body[1] === 'X'
              ? Number.parseInt(body.slice(2), 16)
              : Number.parseInt(body.slice(1), 10);
          const s = Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
          rep = s.length <= m[0].length ? s : ' ';
        }
        blank(chars, i, i + m[0].length);
        const r = rep ?? ' ';
        for (let k = 0; k < r.length; k++) chars[i + k] = r[k]!;
        i += m[0].length;
        continue;
      }
    }
    i++;
  }
  return chars.join('');
}

/** Index just past the ">" that closes the tag opened at `from`, skipping quoted attribute values. */
function tagEnd(html: string, from: number): number {
  let quote = '';
  for (let i = from + 1; i < html.length; i++) {
    const ch = html[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '>') return i + 1;
  }
  return html.length;
}

const FORBIDDEN_EXAMPLE = /^[ \t]*(?:>[ \t]*)*(?:[-*+][ \t]+|\d+[.)][ \t]+)?❌/;
const FENCE = /^[ \t]{0,3}(`{3,}|~{3,})/;

export function maskMarkdown(md: string): string {
  const lines = md.split('\n');
  let fence = '';
  const out = lines.map((line) => {
    const f = FENCE.exec(line);
    if (fence) {
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length && line.trim() === f[1]) fence = '';
      return ' '.repeat(line.length);
    }
    if (f) {
      fence = f[1]!;
      return ' '.repeat(line.length);
    }
    if (FORBIDDEN_EXAMPLE.test(line)) {
      // The example itself sits in backticks ("❌ لا تقل: `…`"); without backticks the whole line is the example.
      return line.includes('`')
        ? line.replace(/`[^`]*`/g, (code) => ' '.repeat(code.length))
        : ' '.repeat(line.length);
    }
    // A one-word code span is a name (`scraping`, `auto-send`), not a sentence.
    return line.includes('`') ? line.replace(/`[^`\s]+`/g, (code) => ' '.repeat(code.length)) : line;
  });
  // HTML comments in Markdown are not shown to readers either.
  return out.join('\n').replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ' '));
}
