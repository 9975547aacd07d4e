import { describe, expect, it } from 'vitest';
import { classify } from '../../src/contexts/support/classifier.js';
import { assertRaise, firstResponse, route } from '../../src/contexts/support/routing.js';
import { normalize, normalizeText } from '../../src/lib/arabic.js';
import { formatScore, readCorpus, score } from '../support/eval-corpus.js';

const fixtures = new URL('../fixtures/tickets/', import.meta.url);

describe('Arabic normalisation', () => {
  it.each([
    ['hamza and alef forms fold to bare alef', 'أحمد إبراهيم آمنة ٱلله', 'احمد ابراهيم امنه الله'],
    ['alef maqsura becomes ya and ta marbuta becomes ha', 'مستوى شركة', 'مستوي شركه'],
    ['diacritics and tatweel disappear', 'تَسْرِيـــب', 'تسريب'],
    ['Arabic-Indic digits become ASCII', '٣ رسائل و ۵٠٠', '3 رسايل و 500'],
    ['elongated letters collapse', 'طاااايحة plzzzz', 'طايحه plz'],
    ['a real double letter stays', 'ممكن', 'ممكن'],
    ['Latin is lower-cased and punctuation separates words', 'Data-Breach!!', 'data breach'],
    ['the lam-alef ligature is decomposed', 'ﻻ', 'لا'],
    ['a bare article left by tatweel is dropped', 'الـ Gmail', 'gmail'],
  ])('%s', (_name, input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it('every normalised character maps back to the character that produced it', () => {
    const input = 'تَسْـرِيب البيانات';
    const { text, map } = normalize(input);
    const i = text.indexOf('البيانات');
    expect(input.slice(map[i]!, map[i + 'البيانات'.length - 1]! + 1)).toBe('البيانات');
  });
});

describe('ticket classification', () => {
  it.each([
    ['لقينا تسريب في ملف السجلات', 'P0', 'data_leak'],
    ['الخدمة كلها طايحة عند الجميع', 'P0', 'total_outage'],
    ['The entire app is down for everyone', 'P0', 'total_outage'],
    ['رسالة راحت لعميل غلط', 'P0', 'wrong_send'],
    ['النظام أرسل إيميلات للعملاء بدون موافقتنا', 'P0', 'unapproved_send'],
    ['خصمتوا مبلغ من بطاقتنا وحنا ما وافقنا', 'P0', 'unapproved_charge'],
    ['I think our account was compromised', 'P0', 'account_compromise'],
    ['خدمة الفرص ما تشتغل من الصبح', 'P1', 'service_broken'],
    ['Proof Pack مفقود ولا نقدر نلقاه', 'P1', 'proof_pack_missing'],
    ['ربط الجيميل يطلب صلاحيات مرة ثانية', 'P2', 'connector_problem'],
    ['الـ Proof Pack متأخر عن موعده', 'P2', 'proof_pack_late'],
    ['كم سعر باقة Data to Revenue؟', 'P3', 'default'],
  ])('"%s" is %s by rule %s', (text, priority, rule) => {
    const c = classify(text);
    expect([c.priority, c.rule]).toEqual([priority, rule]);
    expect(c.reason_ar.length).toBeGreaterThan(0);
  });

  it('empty or blank text is P3', () => {
    expect(classify('').priority).toBe('P3');
    expect(classify('   \n').rule).toBe('empty');
  });

  it('diacritics, tatweel, missing hamza and elongation do not hide a P0', () => {
    for (const t of [
      'تَسْرِيب بيانات',
      'تســريـب بيانات',
      'ارسل النظام بدون موافقه',
      'المنصه طاااايحه عند الكل',
    ]) {
      expect(classify(t).priority, t).toBe('P0');
    }
  });

  it('a question about security stays P3, a report of the same thing is P0', () => {
    expect(classify('What happens if a message gets sent without approval? Just asking.').priority).toBe(
      'P3',
    );
    expect(classify('ما الإجراءات المتبعة لديكم في حال حدوث تسريب للبيانات لا قدّر الله؟').priority).toBe(
      'P3',
    );
    expect(classify('A message was sent without approval to our lead today').priority).toBe('P0');
  });

  it('the explanation quotes the words as the customer wrote them', () => {
    const c = classify('فيه تَسْرِيـب لأرقام الجوالات');
    expect(c.matched_keyword).toBe('تَسْرِيـب');
    const m = c.matched[0]!;
    expect('فيه تَسْرِيـب لأرقام الجوالات'.slice(m.start, m.end)).toBe(m.text);
  });

  it('the seed keywords are a floor: each one alone is caught at its tier', () => {
    for (const k of [
      'أمان تسريب',
      'تسريب',
      'إرسال خاطئ',
      'إرسال بدون موافقة',
      'بدون موافقتي أرسل',
      'أرسل بدون موافقة',
      'secret leak',
      'data breach',
      'outage for everyone',
      'completely down',
      'live charge unauthorized',
      'unauthorized charge',
    ]) {
      expect(classify(k).priority, k).toBe('P0');
    }
  });

  it('very long text is classified on its first 20,000 characters without error', () => {
    expect(classify(`${'كلام عادي '.repeat(5000)} تسريب`).priority).toBe('P3');
  });
});

describe('routing', () => {
  it('routes a P0 to the founder with a 30-minute promise that is never sent automatically', () => {
    const r = route('لقينا تسريب في ملف السجلات');
    expect(r.owner).toBe('founder');
    expect(r.sla.first_response_minutes).toBe(30);
    expect(r.first_response_template.body_ar).toContain('خلال 30 دقيقة');
    expect([r.approval_required, r.live_send_allowed]).toEqual([true, false]);
  });
  it('P2/P3 drafts speak of working hours; P3 tells the customer to write حرج', () => {
    expect(firstResponse('P2').body_ar).toContain('ساعات عمل');
    expect(firstResponse('P3').body_ar).toContain('"حرج"');
  });
  it('a human may raise a priority but never lower it', () => {
    expect(() => assertRaise('P2', 'P0')).not.toThrow();
    expect(() => assertRaise('P0', 'P3')).toThrow(
      expect.objectContaining({ code: 'priority_lowering_forbidden' }),
    );
  });
});

describe('labelled corpora', () => {
  it('the corpora hold at least 300 labelled tickets', () => {
    const n = [
      'train.tsv',
      'tuning-2.tsv',
      'tuning-3.tsv',
      'tuning-4.tsv',
      'tuning-5.tsv',
      'holdout-v6.tsv',
    ].reduce((s, f) => s + readCorpus(new URL(f, fixtures)).length, 0);
    expect(n).toBeGreaterThanOrEqual(300);
  });

  it.each(['train.tsv', 'tuning-2.tsv', 'tuning-3.tsv', 'tuning-4.tsv', 'tuning-5.tsv'])(
    'on the tuning set %s: P0 recall 100% and accuracy ≥ 95%',
    (file) => {
      const s = score(readCorpus(new URL(file, fixtures)));
      console.log(formatScore(file, s));
      const p0Misses = s.errors
        .filter((e) => e.label === 'P0')
        .map((e) => `${e.predicted} [${e.rule}] ${e.text}`);
      expect(p0Misses, 'P0 tickets classified lower').toEqual([]);
      expect(s.accuracy).toBeGreaterThanOrEqual(0.95);
    },
  );

  // The held-out set was written independently and never used for tuning or for choosing the
  // approach. Targets: P0 recall 100% and accuracy ≥ 95%.
  it('on the held-out set: P0 recall 100% and accuracy ≥ 95%', () => {
    const s = score(readCorpus(new URL('holdout-v6.tsv', fixtures)));
    console.log(formatScore('holdout-v6.tsv (never tuned on)', s));
    const p0Misses = s.errors
      .filter((e) => e.label === 'P0')
      .map((e) => `${e.predicted} [${e.rule}] ${e.text}`);
    expect(p0Misses, 'P0 tickets classified lower').toEqual([]);
    expect(s.accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('the starter corpus is classified without a P0 miss', () => {
    const s = score(readCorpus(new URL('../fixtures/tickets/starter.tsv', import.meta.url)));
    expect(s.errors.filter((e) => e.label === 'P0')).toEqual([]);
  });
});
