import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLAIM_CATEGORIES, type ClaimCategory, checkClaims, checkDocument } from './guard.js';
import { CLAIM_TEXT } from './messages.js';

type Label = ClaimCategory | 'none';

interface Labelled {
  label: Label;
  text: string;
  line: number;
}

function readCorpus(): Labelled[] {
  const url = new URL('../../../test/fixtures/claims/corpus.tsv', import.meta.url);
  const out: Labelled[] = [];
  readFileSync(url, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      if (raw.trim() === '' || raw.startsWith('#')) return;
      const tab = raw.indexOf('\t');
      const label = raw.slice(0, tab) as Label;
      if (tab < 0 || (label !== 'none' && !CLAIM_CATEGORIES.includes(label)))
        throw new Error(`corpus.tsv:${i + 1}: bad line`);
      out.push({ label, text: raw.slice(tab + 1), line: i + 1 });
    });
  return out;
}

describe('the labelled corpus', () => {
  const corpus = readCorpus();

  it('has enough examples for every category and label', () => {
    for (const c of CLAIM_CATEGORIES)
      expect(corpus.filter((s) => s.label === c).length, c).toBeGreaterThanOrEqual(8);
    expect(corpus.length).toBeGreaterThanOrEqual(160);
  });

  it('is classified with 100% precision and recall in every category', () => {
    const failures: string[] = [];
    const rows: string[] = [];
    for (const c of CLAIM_CATEGORIES) {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      for (const s of corpus) {
        const predicted = checkClaims(s.text).matches.some((m) => m.category === c);
        if (predicted && s.label === c) tp++;
        else if (predicted) {
          fp++;
          failures.push(`line ${s.line} [${s.label}] wrongly flagged as ${c}: ${s.text}`);
        } else if (s.label === c) {
          fn++;
          failures.push(`line ${s.line} [${c}] missed: ${s.text}`);
        }
      }
      const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
      const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
      rows.push(
        `  ${c.padEnd(26)} n=${String(tp + fn).padStart(3)}  precision=${(precision * 100).toFixed(1).padStart(5)}%  recall=${(recall * 100).toFixed(1).padStart(5)}%`,
      );
    }
    const clean = corpus.filter((s) => s.label === 'none');
    const flagged = clean.filter((s) => !checkClaims(s.text).ok);
    for (const s of flagged) {
      const found = checkClaims(s.text).matches.map((m) => `${m.category} «${m.phrase}»`);
      failures.push(`line ${s.line} [none] has matches ${found.join(', ')}: ${s.text}`);
    }
    rows.push(
      `  ${'none'.padEnd(26)} n=${String(clean.length).padStart(3)}  clean=${clean.length - flagged.length}`,
    );
    console.log(`claims corpus (${corpus.length} sentences)\n${rows.join('\n')}`);
    expect(failures, failures.join('\n')).toEqual([]);
  });
});

describe('checkClaims', () => {
  it.each([
    ['نضمن لك 100 عميل جديد خلال شهر', 'guaranteed_results', 'نضمن لك 100 عميل'],
    ['مع Dealix، نتائجٌ مضمونةٌ!', 'guaranteed_results', 'نتائجٌ مضمونةٌ'],
    ['Our bot harvests contact details.', 'scraping', 'harvests'],
    ['قوقل ماب ونسحب منه أرقام المحلات', 'scraping', 'قوقل ماب ونسحب'],
    ['Dealix automatically sends follow-ups to your leads', 'bypass_approvals', 'automatically sends'],
    [
      'We send messages to your leads without your approval.',
      'bypass_approvals',
      'send messages to your leads without your approval',
    ],
    ['Honestly, Gong is outdated.', 'competitor_attacks', 'Gong is outdated'],
    ['عائد استثمار مضمون 10 أضعاف', 'legal_financial_promises', 'عائد استثمار مضمون'],
    ['Sales therapy for teams', 'medical_language', 'therapy'],
    ['صفقات جديدة خلال دقائق', 'exaggerated_speed', 'صفقات جديدة خلال دقائق'],
  ] as const)('reports "%s" as %s with the exact original span', (text, category, phrase) => {
    const { ok, matches } = checkClaims(text);
    expect(ok).toBe(false);
    expect(matches).toHaveLength(1);
    const m = matches[0]!;
    expect(m.category).toBe(category);
    expect(m.phrase).toBe(phrase);
    expect(text.slice(m.start, m.end)).toBe(phrase);
    expect(m.start).toBe(text.indexOf(phrase));
    expect(m.reason_ar).toBe(CLAIM_TEXT[category].reason_ar);
    expect(m.reason_en).toBe(CLAIM_TEXT[category].reason_en);
    expect(m.rule).not.toBe('');
  });

  it.each([
    ['نَضْمَنُ لَكَ نَتَائِجَ مَضْمُونَة', 'guaranteed_results'],
    ['نضـــمن لك نتـــائج', 'guaranteed_results'],
    ['أتـمـتـة كـامـلـة لمبيعاتك', 'full_automation'],
    ['اتمتة كامله لمبيعاتك', 'full_automation'],
    ['عِـلَاجٌ نهائي لمشاكل مبيعاتك', 'medical_language'],
    ['نَتَائِجُ فَوْرِيَّةٌ', 'exaggerated_speed'],
    ['GUARANTEED RESULTS', 'guaranteed_results'],
  ] as const)('is not fooled by diacritics, tatweel, spelling variants or case in "%s"', (text, category) => {
    const { matches } = checkClaims(text);
    expect(matches.map((m) => m.category)).toEqual([category]);
    for (const m of matches) expect(text.slice(m.start, m.end)).toBe(m.phrase);
  });

  it.each([
    ['لا نضمن النتائج لكن نضمن لك ١٠ عملاء', ['guaranteed_results']],
    ['لا نضمن النتائج، ولا نعدك بعملاء', []],
    ['We do not guarantee results.', []],
    ["We don't scrape. We guarantee results.", ['guaranteed_results']],
    ["We don't spam and we guarantee results.", ['guaranteed_results']],
    ['No setup fees, instant results.', ['exaggerated_speed']],
    ['We never send without your approval.', []],
    ['ما نرسل شي بدون موافقتك', []],
    ['Without your approval, nothing is sent.', []],
    ['بدون موافقتك ما يطلع شي', []],
    ['HubSpot is not bad, but Gong is useless.', ['competitor_attacks']],
    ['ما نقول إن Clay نصابين', []],
    ['Scraping is not part of how we work.', []],
    ['السكرابينج ممنوع عندنا', []],
    ['لسنا أداة scraping', []],
    ['ليس علاجاً', []],
    ['Dealix is not fully automated', []],
    ['ما يميزنا أننا نضمن لك النتائج', ['guaranteed_results']],
  ] as const)('scopes negation to its clause in "%s"', (text, categories) => {
    expect(checkClaims(text).matches.map((m) => m.category)).toEqual(categories);
  });

  it('reports exactly one match after a negated clause and "لكن", at the right place', () => {
    const text = 'لا نضمن النتائج لكن نضمن لك ١٠ عملاء';
    const { matches } = checkClaims(text);
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({
      category: 'guaranteed_results',
      phrase: 'نضمن لك ١٠ عملاء',
      start: text.lastIndexOf('نضمن'),
      end: text.length,
    });
  });

  it.each([
    'Book your Free Growth Diagnostic today.',
    'احجز تشخيص مجاني للنمو',
    'We diagnose your pipeline.',
    'Your approval is required before anything is sent.',
    'Approval-first: لا يخرج شيء باسمك قبل موافقتك.',
    'Automation of drafts with human approval.',
    '10 فرص ورسائل عربية وخطة متابعة وProof Pack خلال 7 أيام',
    'الرد إلى العميل خلال ساعة',
    'درجة من 0 إلى 100',
    'The `guaranteed_results` category id',
    'Dealix sends follow-ups automatically once you approve the sequence.',
    'Meetings go directly into your calendar after you approve them.',
    '',
  ])('leaves innocent text alone: "%s"', (text) => {
    expect(checkClaims(text)).toEqual({ ok: true, matches: [] });
  });

  it('reports several claims in order of position', () => {
    const text = 'Fully automated outreach. Instant leads. We scrape LinkedIn.';
    expect(checkClaims(text).matches.map((m) => [m.category, m.phrase])).toEqual([
      ['full_automation', 'Fully automated'],
      ['exaggerated_speed', 'Instant leads'],
      ['scraping', 'scrape'],
    ]);
  });

  it('checks a 200 KB document quickly', () => {
    const paragraph =
      'Dealix يجهّز أول 10 فرص ورسائل عربية وخطة متابعة. لا نضمن نتائج محددة، وبدون scraping. ' +
      'We never send without your approval; the Proof Pack documents what happened. ';
    const text = `${paragraph.repeat(Math.ceil(200_000 / paragraph.length))}نضمن لك نتائج فورية`;
    const t0 = performance.now();
    const { matches } = checkClaims(text);
    const ms = performance.now() - t0;
    expect(matches.map((m) => m.category)).toEqual(['guaranteed_results', 'exaggerated_speed']);
    expect(ms).toBeLessThan(1500);
  });

  it('has a label and reasons in Arabic and English for every category', () => {
    expect(CLAIM_CATEGORIES).toHaveLength(8);
    for (const c of CLAIM_CATEGORIES) {
      const t = CLAIM_TEXT[c];
      expect(t.label_ar && t.label_en && t.reason_ar && t.reason_en, c).toBeTruthy();
      expect(t.reason_ar, c).toMatch(/[\u0600-\u06FF]/);
    }
  });
});

describe('checkDocument', () => {
  it("skips Markdown's ❌ examples and fenced code, and reports the rest with 1-based line and column", () => {
    const md = [
      '# الادعاءات الممنوعة',
      '❌ لا تقل: `نضمن لك 100 عميل خلال شهر`',
      '- ❌ instant leads',
      '```text',
      'we scrape emails from any website',
      '```',
      '✅ قل: لا نضمن أرقاماً محددة.',
      'نقدم لك نتائج فورية.',
      '  We are fully automated.',
    ].join('\n');
    const found = checkDocument(md, 'markdown');
    expect(found.map((m) => [m.category, m.line, m.column, m.phrase])).toEqual([
      ['exaggerated_speed', 8, 9, 'نتائج فورية'],
      ['full_automation', 9, 10, 'fully automated'],
    ]);
    for (const m of found) expect(md.slice(m.start, m.end)).toBe(m.phrase);
  });

  it('still reports a claim outside the backticks of a ❌ line', () => {
    const md = '❌ `نتائج مضمونة` — we guarantee 10 meetings';
    expect(checkDocument(md, 'markdown').map((m) => m.phrase)).toEqual(['guarantee 10 meetings']);
  });

  it('reads a claim inside a fenced block as plain text when the format is text', () => {
    const text = '```\nwe scrape emails\n```';
    expect(checkDocument(text, 'text').map((m) => [m.category, m.line, m.column])).toEqual([
      ['scraping', 2, 4],
    ]);
  });

  it.each([
    ['لا نضمن\nنتائج محددة.', 'markdown', []],
    ['We guarantee\nresults.', 'markdown', ['guaranteed_results']],
    ['- لا عقود طويلة\n- نتائج فورية', 'markdown', ['exaggerated_speed']],
    ['لا عقود طويلة\n\nنتائج فورية', 'markdown', ['exaggerated_speed']],
    ['## لا عقود\nنتائج فورية', 'markdown', ['exaggerated_speed']],
    ['لا عقود طويلة\nنتائج فورية', 'text', ['exaggerated_speed']],
    ['<p>لا نضمن\n   النتائج</p>', 'html', []],
    ['<ul><li>no contracts</li><li>instant results</li></ul>', 'html', ['exaggerated_speed']],
  ] as const)('reads the line breaks of %j as %s does', (text, format, categories) => {
    expect(checkDocument(text, format).map((m) => m.category)).toEqual(categories);
  });

  it('ignores HTML tags, attributes, comments, <style> and <script>, with the right lines', () => {
    const html = [
      '<!doctype html>',
      '<html lang="ar"><head><title>Dealix</title>',
      '<meta name="description" content="نتائج مضمونة 100%">',
      '<style>.instant-results::after { content: "instant results"; }</style>',
      '<script>const s = "we scrape emails from any website";</script>',
      '</head><body>',
      '<!-- نضمن لك 100 عميل -->',
      '<p class="guaranteed results" title="fully automated">بدون scraping</p>',
      '<ul><li>لا نضمن النتائج</li><li>نتائج فورية&nbsp;من أول يوم</li></ul>',
      '<p>Dealix is a <strong>fully automated</strong> sales team.</p>',
      '</body></html>',
    ].join('\n');
    const found = checkDocument(html, 'html');
    expect(found.map((m) => [m.category, m.line, m.column])).toEqual([
      ['exaggerated_speed', 9, 33],
      ['full_automation', 10, 24],
    ]);
    expect(found[0]!.phrase.startsWith('نتائج فورية')).toBe(true);
    expect(found[1]!.phrase).toBe('fully automated');
  });
});
