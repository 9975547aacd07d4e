/**
 * Locks the customer-facing words (SPEC §8): the positioning lock, the prohibited claims, the
 * approved messaging, the two landing pages, and the "المرجع التقني" section of every doc, whose
 * API paths and `dealix` commands must exist in the app and the CLI.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { MODES } from '../../src/contexts/modes/domain.js';
import { BUNDLES, type BundleId } from '../../src/contexts/success/domain.js';
import { type App, buildApp, COMPAT_PREFIX } from '../../src/http/app.js';
import {
  column,
  headingLevel,
  lines,
  numbersIn,
  ROOT,
  readDoc,
  section,
  table,
  tables,
} from '../support/markdown.js';

const DOCS = [
  'POSITIONING_LOCK.md',
  'PROHIBITED_CLAIMS.md',
  'APPROVED_MARKET_MESSAGING.md',
  'ONBOARDING_RUNBOOK.md',
  'SUPPORT_SLA.md',
  'INCIDENT_RESPONSE.md',
  'CUSTOMER_SUCCESS_PLAYBOOK.md',
  'CONNECTOR_SETUP_GUIDES.md',
] as const;

const read = (...parts: string[]): string => readFileSync(join(ROOT, ...parts), 'utf8');

// ---------------------------------------------------------------------------------------------
// Markdown helpers beyond test/support/markdown.ts.

/** Heading lines (level ≥ 2), outside code fences. */
const headings = (md: string, level: number): string[] =>
  lines(md)
    .filter((l) => headingLevel(l) === level)
    .map((l) => l.text.replace(/^#+\s*/, ''));

// ---------------------------------------------------------------------------------------------
// HTML helpers (the pages are plain, hand-written HTML).

const stripTags = (html: string): string =>
  html
    .replace(/<svg[\s\S]*?<\/svg>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

function htmlSection(html: string, id: string): string {
  const m = new RegExp(`<section[^>]*\\bid="${id}"[\\s\\S]*?</section>`).exec(html);
  if (!m) throw new Error(`no <section id="${id}">`);
  return m[0];
}

/** Cards with an <h3> name followed by a <p class="price">. */
function priceCards(html: string): Array<{ name: string; price: string }> {
  return [...html.matchAll(/<h3>([^<]+)<\/h3>\s*<p class="price">([\s\S]*?)<\/p>/g)].map((m) => ({
    name: (m[1] ?? '').trim(),
    price: stripTags(m[2] ?? ''),
  }));
}

// ---------------------------------------------------------------------------------------------
// Bundles: the price text a doc or a page shows must carry exactly the numbers in BUNDLES.

type Bundle = (typeof BUNDLES)[BundleId];
const BUNDLE_LIST: Array<[BundleId, Bundle]> = Object.entries(BUNDLES) as Array<[BundleId, Bundle]>;

function expectPrice(bundle: Bundle, shown: string): void {
  switch (bundle.pricing) {
    case 'one_time':
      expect(numbersIn(shown), shown).toEqual([bundle.price_sar]);
      expect(shown).toContain('SAR');
      expect(shown).not.toMatch(/شهري/);
      break;
    case 'monthly':
      expect(numbersIn(shown), shown).toEqual([bundle.price_sar]);
      expect(shown).toContain('SAR');
      expect(shown).toMatch(/شهري/);
      break;
    case 'range':
      expect(numbersIn(shown), shown).toEqual([...bundle.price_range_sar]);
      expect(shown).toContain('SAR');
      break;
    case 'custom':
      expect(numbersIn(shown), shown).toEqual([]);
      expect(shown).toMatch(/custom|حسب الاتفاق/);
      break;
  }
}

// ---------------------------------------------------------------------------------------------

describe('POSITIONING_LOCK.md', () => {
  const doc = readDoc('POSITIONING_LOCK.md');

  it('fixes the category as "Saudi Revenue Execution OS"', () => {
    expect(section(doc, 'الفئة')).toContain('Dealix = Saudi Revenue Execution OS');
  });

  it.each([
    ['a CRM', 'ليس CRM'],
    ['a WhatsApp bot', 'ليس بوت واتساب'],
    ['a lead scraper', 'ليس أداة scraping'],
    ['a generic AI chatbot', 'ليس chatbot ذكاء اصطناعي عام'],
    ['a traditional agency', 'ليس وكالة تقليدية'],
    ['a tier-1 enterprise platform', 'tier-1 enterprise platform'],
  ])('says Dealix is not %s', (_what, phrase) => {
    expect(section(doc, 'ما ليس Dealix')).toContain(phrase);
  });

  it('lists the five bundles of BUNDLES, in order, with their prices', () => {
    const t = table(section(doc, 'الباقات'), ['الباقة', 'السعر']);
    const name = column(t, 'الباقة');
    const price = column(t, 'السعر');
    expect(BUNDLE_LIST).toHaveLength(5);
    expect(t.rows.map((r) => r[name])).toEqual(BUNDLE_LIST.map(([, b]) => b.name));
    for (const [i, [, bundle]] of BUNDLE_LIST.entries()) expectPrice(bundle, t.rows[i]?.[price] ?? '');
  });

  it('lists the five modes of MODES, in order', () => {
    const t = table(section(doc, 'الأوضاع'), ['الوضع', 'لمن']);
    expect(t.rows.map((r) => r[column(t, 'الوضع')])).toEqual([...MODES]);
  });

  it.each([
    ['the 7-day wedge', /10 فرص.*Proof Pack خلال 7 أيام/],
    ['Approval-first', /Approval-first/],
    ['PDPL-aware, no cold WhatsApp without opt-in', /PDPL-aware.*opt-in/],
    ['multi-channel orchestration', /multi-channel orchestration/],
    ['Saudi Tone', /Saudi Tone.*ليس ترجمة/],
  ])('states the approved claim: %s', (_name, pattern) => {
    const claims = section(doc, 'الادعاءات الخمسة')
      .split('\n')
      .filter((l) => /^\d+\.\s/.test(l));
    expect(claims).toHaveLength(5);
    expect(claims.some((l) => pattern.test(l))).toBe(true);
  });

  it('names buyer-path pages that exist', () => {
    const t = table(section(doc, 'مسارا الشراء'), ['المسار', 'الصفحة']);
    const pages = t.rows.map((r) => r[column(t, 'الصفحة')] ?? '');
    expect(pages).toEqual(['web/landing/companies.html', 'web/landing/marketers.html']);
    for (const p of pages) expect(existsSync(join(ROOT, p)), p).toBe(true);
  });
});

describe('landing headlines', () => {
  const numbered = (md: string): string[] =>
    md
      .split('\n')
      .map((l) => /^\d+\.\s+\*\*(.+)\*\*\s*$/.exec(l)?.[1])
      .filter((x): x is string => x !== undefined);
  const lock = numbered(section(readDoc('POSITIONING_LOCK.md'), 'العناوين الخمسة'));
  const messaging = numbered(section(readDoc('APPROVED_MARKET_MESSAGING.md'), 'العناوين الخمسة'));
  const pagesText = ['companies.html', 'marketers.html']
    .map((p) => stripTags(read('web', 'landing', p)))
    .join('\n');

  it('are five, word for word the same in the positioning lock and the approved messaging', () => {
    expect(lock).toHaveLength(5);
    expect(messaging).toEqual(lock);
  });

  it.each(lock.map((h, i) => [i + 1, h] as const))(
    'headline %i appears as is on a landing page',
    (_n, headline) => {
      expect(pagesText).toContain(headline);
    },
  );
});

describe('PROHIBITED_CLAIMS.md', () => {
  const doc = readDoc('PROHIBITED_CLAIMS.md');
  const CATEGORIES = [
    'guaranteed_results',
    'scraping',
    'full_automation',
    'bypass_approvals',
    'competitor_attacks',
    'legal_financial_promises',
    'medical_language',
    'exaggerated_speed',
  ] as const;

  it('has one section per category, in order, headed by its id', () => {
    const ids = headings(doc, 2)
      .map((h) => /^\d+\.\s+`([a-z_]+)`/.exec(h)?.[1])
      .filter((x): x is string => x !== undefined);
    expect(ids).toEqual([...CATEGORIES]);
  });

  it.each(CATEGORIES)('gives %s banned examples in backticks and honest alternatives', (id) => {
    const body = section(doc, `\`${id}\``).split('\n');
    const banned = body.filter((l) => l.startsWith('❌'));
    const allowed = body.filter((l) => l.startsWith('✅'));
    expect(banned.length).toBeGreaterThan(0);
    expect(allowed.length).toBeGreaterThan(0);
    // The claims checker skips only ❌ lines whose example is fully inside backticks.
    for (const l of banned) expect(l, l).toMatch(/^❌[^`]*`[^`]+`\s*$/);
  });

  it.each(['نضمن', 'scraping', 'النفي مسموح، الوعد ممنوع'])('contains "%s"', (word) => {
    expect(doc).toContain(word);
  });
});

describe('APPROVED_MARKET_MESSAGING.md', () => {
  const doc = readDoc('APPROVED_MARKET_MESSAGING.md');

  it.each(['Approval-first', 'PDPL', 'Saudi Tone', 'Proof Pack', 'Saudi Revenue Execution OS'])(
    'contains "%s"',
    (word) => {
      expect(doc).toContain(word);
    },
  );
});

describe('companies.html', () => {
  const html = read('web', 'landing', 'companies.html');
  const text = stripTags(html);
  const SHOWN: BundleId[] = [
    'growth_starter',
    'data_to_revenue',
    'executive_growth_os',
    'full_growth_control_tower',
  ];

  it.each([
    'Approval-first',
    'Proof Pack',
    'Saudi Revenue Execution OS',
    'PDPL',
    'بدون scraping',
    'no cold WhatsApp',
  ])('says "%s"', (word) => {
    expect(text).toContain(word);
  });

  it('shows the four company bundles with the prices in BUNDLES', () => {
    const cards = priceCards(htmlSection(html, 'bundles'));
    expect(cards.map((c) => c.name)).toEqual(SHOWN.map((id) => BUNDLES[id].name));
    for (const [i, id] of SHOWN.entries()) expectPrice(BUNDLES[id], cards[i]?.price ?? '');
  });

  it.each(['problem', 'how', 'bundles', 'proof-pack', 'safety'])('has the "%s" section', (id) => {
    expect(() => htmlSection(html, id)).not.toThrow();
  });
});

describe('marketers.html', () => {
  const file = join(ROOT, 'web', 'landing', 'marketers.html');

  it('exists', () => {
    expect(existsSync(file)).toBe(true);
  });

  it.each(['Agency Growth OS', 'Proof Pack مشترك', 'تقاسم الإيراد', 'Approval-first', 'بدون scraping'])(
    'says "%s"',
    (word) => {
      expect(stripTags(readFileSync(file, 'utf8'))).toContain(word);
    },
  );

  it('shows Partnership Growth at the price range in BUNDLES', () => {
    const card = priceCards(readFileSync(file, 'utf8')).find(
      (c) => c.name === BUNDLES.partnership_growth.name,
    );
    expect(card).toBeDefined();
    expectPrice(BUNDLES.partnership_growth, card?.price ?? '');
  });
});

// ---------------------------------------------------------------------------------------------
// "المرجع التقني": every path and command a doc names exists.

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
interface RouteRef {
  method: string | null;
  path: string;
}

/** Full `/api/v1/customer-ops/...` paths anywhere in the doc, with the method written before them if any. */
function fullPathRefs(md: string): RouteRef[] {
  const re = new RegExp(
    `(?:\\b(${METHODS.join('|')})\\s+)?(${COMPAT_PREFIX.replace(/\//g, '\\/')}\\/[A-Za-z0-9_\\-/{}:]+)`,
    'g',
  );
  return [...md.matchAll(re)].map((m) => ({ method: m[1] ?? null, path: (m[2] ?? '').replace(/\/$/, '') }));
}

/** Method | path rows of the technical-reference tables, joined to the section's stated prefix. */
function tableRefs(md: string): RouteRef[] {
  const ref = section(md, 'المرجع التقني');
  const routeTables = tables(ref).filter(
    (t) => t.header.some((h) => h.includes('الطريقة')) && t.header.some((h) => h.includes('المسار')),
  );
  if (routeTables.length === 0) return [];
  const prefix = /البادئة:\s*`([^`]+)`/.exec(ref)?.[1];
  if (prefix === undefined) throw new Error('a route table without "البادئة: `…`"');
  expect(prefix).toBe(COMPAT_PREFIX);
  return routeTables.flatMap((t) =>
    t.rows.map((r) => ({
      method: r[column(t, 'الطريقة')] ?? null,
      // A full path (the stored API) stands as written; others hang off the compat prefix.
      path: (r[column(t, 'المسار')] ?? '').startsWith('/api/')
        ? (r[column(t, 'المسار')] ?? '')
        : `${prefix}${r[column(t, 'المسار')] ?? ''}`,
    })),
  );
}

/** `dealix …` commands, in inline code or at the start of a line in a code block. */
function commandRefs(md: string): string[] {
  const inline = [...md.matchAll(/`(dealix [^`]+)`/g)].map((m) => m[1] ?? '');
  const block = lines(md)
    .filter((l) => l.fenced && /^\s*dealix\s/.test(l.text))
    .map((l) => l.text.trim());
  return [...inline, ...block];
}

/** The leading sub-command words of a command line: `dealix claims check <files…>` → ['claims', 'check']. */
function commandWords(cmd: string): string[] {
  const words: string[] = [];
  for (const w of cmd.trim().split(/\s+/).slice(1)) {
    if (!/^[a-z][a-z-]*$/.test(w)) break;
    words.push(w);
  }
  return words;
}

/** The 20 endpoints of the seed (SPEC §9): existing clients call them, so the docs must name them all. */
const SEED_ROUTES: ReadonlyArray<readonly [string, string]> = [
  ['POST', '/onboarding/checklist'],
  ['POST', '/onboarding/update-step'],
  ['GET', '/onboarding/checklist/demo'],
  ['GET', '/connectors/catalog'],
  ['POST', '/connectors/summary'],
  ['POST', '/connectors/update'],
  ['GET', '/connectors/demo'],
  ['GET', '/support/priorities'],
  ['POST', '/support/classify'],
  ['POST', '/support/route'],
  ['GET', '/support/first-response/{priority}'],
  ['POST', '/sla/event'],
  ['POST', '/sla/classify-breach'],
  ['POST', '/sla/health-report'],
  ['GET', '/sla/health-report/demo'],
  ['POST', '/incidents/triage'],
  ['GET', '/incidents/response-plan/{severity}'],
  ['POST', '/cs/weekly-check-in'],
  ['POST', '/cs/at-risk-alert'],
  ['POST', '/cs/success-plan'],
];

describe('the technical reference of each doc', () => {
  let app: App;
  let served: Record<string, Record<string, unknown>> = {};
  let cliCommands: string[][] = [];
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

  beforeAll(async () => {
    app = await buildApp();
    await app.ready();
    const res = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    served = (res.json() as { paths: Record<string, Record<string, unknown>> }).paths;
    const help: string[] = [];
    const code = await main(
      ['--help'],
      (s) => help.push(s),
      () => {},
    );
    expect(code).toBe(0);
    cliCommands = help
      .join('\n')
      .split('\n')
      .filter((l) => /^\s*dealix\s/.test(l))
      // A usage line is "dealix <command> <args>", then two or more spaces, then its description.
      .map((l) => commandWords(l.trim().split(/\s{2,}/)[0] ?? ''))
      .filter((w) => w.length > 0);
  });

  afterAll(async () => {
    await app?.close();
  });

  /** Why a reference is wrong, or null when the app serves it. */
  const problem = (ref: RouteRef): string | null => {
    const path = ref.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    const ops = served[path];
    if (!ops) return `${ref.method ?? '?'} ${ref.path}: no such path`;
    if (ref.method && !(ref.method.toLowerCase() in ops))
      return `${ref.method} ${ref.path}: path exists, method does not`;
    return null;
  };

  it('the CLI offers serve, classify, claims check and sla report', () => {
    expect(cliCommands.map((w) => w.join(' '))).toEqual(
      expect.arrayContaining(['serve', 'classify', 'claims check', 'sla report']),
    );
  });

  describe.each(DOCS)('%s', (name) => {
    const doc = readDoc(name);

    it('ends with an "المرجع التقني" section', () => {
      expect(headings(doc, 2)).toContain('المرجع التقني');
      expect(headings(doc, 2).at(-1)).toBe('المرجع التقني');
    });

    it('names only API paths and methods the app serves', () => {
      const refs = [...fullPathRefs(doc), ...tableRefs(doc)];
      expect(refs.length, 'the doc names at least one API path').toBeGreaterThan(0);
      expect(refs.map(problem).filter((p) => p !== null)).toEqual([]);
    });

    it('names only dealix commands the CLI has', () => {
      const unknown = commandRefs(doc).filter((cmd) => {
        const words = commandWords(cmd);
        return !cliCommands.some((known) => known.every((w, i) => words[i] === w));
      });
      expect(unknown).toEqual([]);
    });

    it('names only npm scripts that package.json has', () => {
      const named = [...doc.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1] ?? '');
      expect(named.filter((s) => !(s in scripts))).toEqual([]);
    });
  });

  it('together the docs name every one of the seed endpoints', () => {
    const named = new Set(
      DOCS.flatMap((d) => [...fullPathRefs(readDoc(d)), ...tableRefs(readDoc(d))]).map(
        (r) => `${r.method} ${r.path}`,
      ),
    );
    const missing = SEED_ROUTES.map(([m, p]) => `${m} ${COMPAT_PREFIX}${p}`).filter((r) => !named.has(r));
    expect(missing).toEqual([]);
  });

  it('the app serves every seed endpoint', () => {
    expect(
      SEED_ROUTES.map(([method, path]) => problem({ method, path: `${COMPAT_PREFIX}${path}` })).filter(
        (p) => p !== null,
      ),
    ).toEqual([]);
  });
});
