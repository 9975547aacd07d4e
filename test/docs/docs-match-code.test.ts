/**
 * The numbers the Arabic docs promise customers are the numbers the code runs on. Each test reads a
 * doc's Markdown table (or its one formula/sentence), normalises Arabic digits, and compares it with
 * the table or the behaviour in src/contexts/*.
 */
import { describe, expect, it } from 'vitest';
import {
  CATALOG,
  CONNECTOR_KEYS,
  CONNECTOR_MODES,
  CONNECTOR_STATES,
  TRANSITIONS,
} from '../../src/contexts/connectors/domain.js';
import {
  evaluateChannelMetrics,
  FREEZE_THRESHOLDS,
  PDPL_CUSTOMER_NOTICE_HOURS,
  PDPL_SDAIA_NOTICE_HOURS,
  POSTMORTEM_WITHIN_HOURS,
  pdplClocks,
  SEV2_MIN_CUSTOMERS,
  SEVERITIES,
  SEVERITY_TABLE,
  triage,
} from '../../src/contexts/incidents/domain.js';
import {
  ESTIMATED_TOTAL_MINUTES,
  fiveDayPlan,
  STEP_IDS,
  STEPS,
  TOTAL_STEPS,
} from '../../src/contexts/onboarding/domain.js';
import { CRITICAL_AT, SLA_EVENTS, verdictFor, WATCH_AT } from '../../src/contexts/sla/domain.js';
import {
  ANNUAL_DISCOUNT_PCT,
  atRisk,
  CADENCE_TYPES,
  CHECK_IN_MINUTES,
  healthScore,
  renewalSteps,
  successPlan,
  weeklyCheckIn,
} from '../../src/contexts/success/domain.js';
import { PRIORITIES, PRIORITY_TABLE, type Priority } from '../../src/contexts/support/priorities.js';
import { column, latinDigits, numbersIn, readDoc, section, type Table, table } from '../support/markdown.js';

// ---------------------------------------------------------------------------------------------
// Markdown helpers beyond test/support/markdown.ts.

/** The contents of the first fenced code block in `md`. */
function codeBlock(md: string): string {
  const m = /```[^\n]*\n([\s\S]*?)```/.exec(md);
  if (!m) throw new Error('no code block');
  return latinDigits(m[1] ?? '');
}

/** The rows of a table as objects keyed by the given column names (matched as substrings of the header). */
function records<K extends string>(t: Table, columns: Record<K, string>): Array<Record<K, string>> {
  const index = Object.fromEntries(
    Object.entries<string>(columns).map(([key, name]) => [key, column(t, name)]),
  ) as Record<K, number>;
  return t.rows.map(
    (r) =>
      Object.fromEntries(Object.entries<number>(index).map(([k, i]) => [k, r[i] ?? ''])) as Record<K, string>,
  );
}

// ---------------------------------------------------------------------------------------------
// Reading quantities written in Arabic.

/** "30 دقيقة" → 30, "ساعتان" → 120, "8 ساعات" → 480, "24 ساعة عمل" → 1440 (minutes). */
function minutesIn(text: string): number {
  const t = latinDigits(text);
  if (/ساعتان|ساعتين/.test(t)) return 120;
  if (/دقيقتان|دقيقتين/.test(t)) return 2;
  const m = /(\d+(?:\.\d+)?)\s*(دقيقة|دقائق|ساعة|ساعات)/.exec(t);
  if (!m) throw new Error(`no duration in "${text}"`);
  return Number(m[1]) * (m[2]?.startsWith('د') ? 1 : 60);
}

function onlyNumber(s: string): number {
  const ns = numbersIn(s);
  if (ns.length !== 1) throw new Error(`expected one number in "${s}", found ${ns.join(', ') || 'none'}`);
  return ns[0]!;
}

const yesNo = (cell: string): boolean => {
  if (/^نعم$/.test(cell)) return true;
  if (/^لا$/.test(cell)) return false;
  throw new Error(`expected نعم or لا, got "${cell}"`);
};

// =============================================================================================

describe('SUPPORT_SLA.md and PRIORITY_TABLE', () => {
  const doc = readDoc('SUPPORT_SLA.md');
  const rows = records(table(section(doc, 'الأولويات الأربع'), ['الأولوية', 'أول رد', 'الحل', 'المالك']), {
    priority: 'الأولوية',
    first: 'أول رد',
    resolution: 'الحل',
    owner: 'المالك',
  });

  it('lists exactly P0–P3, in order', () => {
    expect(rows.map((r) => r.priority)).toEqual([...PRIORITIES]);
  });

  it.each(PRIORITIES)('%s has the first response, resolution and owner of the code', (p) => {
    const row = rows.find((r) => r.priority === p);
    expect(row).toBeDefined();
    const code = PRIORITY_TABLE[p];
    expect(minutesIn(row?.first ?? '')).toBe(code.first_response_minutes);
    expect(minutesIn(row?.resolution ?? '')).toBe(code.resolution_hours * 60);
    expect(row?.owner).toBe(code.owner);
  });

  describe('the working-time policy', () => {
    const policy = records(
      table(section(doc, 'سياسة وقت العمل'), ['الأولوية', 'أول رد', 'الحل', 'نوع الوقت']),
      {
        priority: 'الأولوية',
        first: 'أول رد',
        resolution: 'الحل',
        kind: 'نوع الوقت',
      },
    );
    const text = latinDigits(section(doc, 'سياسة وقت العمل'));
    const calendar = /(\d{2}):00[–-](\d{2}):00/.exec(text);
    const hoursPerDay = Number(calendar?.[2]) - Number(calendar?.[1]);
    const wallClock: Priority[] = ['P0', 'P1'];
    const working: Priority[] = ['P2', 'P3'];

    it('works Sunday–Thursday, 09:00–17:00 Riyadh: 8 working hours a day', () => {
      expect(text).toContain('الأحد–الخميس');
      expect(text).toContain('Asia/Riyadh');
      expect(hoursPerDay).toBe(8);
      expect(text).toContain(`${hoursPerDay} ساعات عمل = يوم عمل واحد`);
    });

    it.each(wallClock)('%s runs on the wall clock with the PRIORITY_TABLE targets', (p) => {
      const row = policy.find((r) => r.priority === p);
      expect(row?.kind).toContain('wall clock');
      expect(minutesIn(row?.first ?? '')).toBe(PRIORITY_TABLE[p].first_response_minutes);
      expect(minutesIn(row?.resolution ?? '')).toBe(PRIORITY_TABLE[p].resolution_hours * 60);
    });

    it.each(working)('%s runs on working time, its first response in the PRIORITY_TABLE hours', (p) => {
      const row = policy.find((r) => r.priority === p);
      expect(row?.kind).toBe('وقت عمل');
      expect(row?.first).toMatch(/ساع\S* عمل/);
      expect(minutesIn(row?.first ?? '')).toBe(PRIORITY_TABLE[p].first_response_minutes);
    });

    it('states working-day and working-week resolutions in working hours that add up (SPEC §4: 24 and 40)', () => {
      const p2 = policy.find((r) => r.priority === 'P2')?.resolution ?? '';
      const p3 = policy.find((r) => r.priority === 'P3')?.resolution ?? '';
      // "3 أيام عمل (24 ساعة عمل)" and "أسبوع عمل واحد (40 ساعة عمل)"
      expect(numbersIn(p2)).toEqual([3, 3 * hoursPerDay]);
      expect(p2).toContain('ساعة عمل');
      expect(p3).toContain('أسبوع عمل');
      expect(numbersIn(p3)).toEqual([5 * hoursPerDay]);
    });

    it('keeps the seed numbers for the stateless endpoints', () => {
      const sentence = text.split('\n').find((l) => l.includes('stateless')) ?? '';
      const [first, resolution] = sentence.split('لأول رد');
      expect(numbersIn(first ?? '')).toEqual(PRIORITIES.map((p) => PRIORITY_TABLE[p].first_response_minutes));
      expect(numbersIn(resolution ?? '')).toEqual(PRIORITIES.map((p) => PRIORITY_TABLE[p].resolution_hours));
    });
  });

  it('lists the SLA events of SLA_EVENTS', () => {
    const events = records(table(section(doc, 'أحداث الـ SLA'), ['الحدث', 'متى']), { event: 'الحدث' }).map(
      (r) => r.event,
    );
    expect(events).toEqual([...SLA_EVENTS]);
  });

  it('gives the verdict thresholds of verdictFor (10% and 25%)', () => {
    const v = records(table(section(doc, 'تقرير صحة'), ['الحكم', 'نسبة الإخلال']), {
      verdict: 'الحكم',
      rate: 'نسبة الإخلال',
    });
    expect(v.map((r) => r.verdict)).toEqual(['healthy', 'watch', 'critical']);
    const [healthy, watch, critical] = v.map((r) => numbersIn(r.rate));
    expect(healthy).toEqual([WATCH_AT * 100]);
    expect(watch).toEqual([WATCH_AT * 100, CRITICAL_AT * 100]);
    expect(critical).toEqual([CRITICAL_AT * 100]);
    // "أقل من" is strict, "فأكثر" inclusive: the boundaries behave as written.
    expect(verdictFor(WATCH_AT - 0.001)).toBe('healthy');
    expect(verdictFor(WATCH_AT)).toBe('watch');
    expect(verdictFor(CRITICAL_AT - 0.001)).toBe('watch');
    expect(verdictFor(CRITICAL_AT)).toBe('critical');
  });
});

// =============================================================================================

describe('INCIDENT_RESPONSE.md and the incidents domain', () => {
  const doc = readDoc('INCIDENT_RESPONSE.md');
  const sev = records(table(section(doc, 'مستويات الخطورة'), ['المستوى', 'أول إجراء', 'تحديثات']), {
    severity: 'المستوى',
    meaning: 'المعنى',
    first: 'أول إجراء',
    cadence: 'تحديثات',
  });

  it('lists exactly SEV1–SEV3, in order', () => {
    expect(sev.map((r) => r.severity)).toEqual([...SEVERITIES]);
  });

  it.each(SEVERITIES)('%s has the first action and update cadence of SEVERITY_TABLE', (s) => {
    const row = sev.find((r) => r.severity === s);
    expect(minutesIn(row?.first ?? '')).toBe(SEVERITY_TABLE[s].first_action_minutes);
    expect(minutesIn(row?.cadence ?? '')).toBe(SEVERITY_TABLE[s].update_cadence_minutes);
  });

  it('promises the first 15 minutes the SEV1 table gives', () => {
    expect(minutesIn(/أول (\d+ دقيقة)/.exec(latinDigits(doc))?.[1] ?? '')).toBe(
      SEVERITY_TABLE.SEV1.first_action_minutes,
    );
  });

  it('triages to SEV2 from SEV2_MIN_CUSTOMERS affected customers, as the table and the rules say', () => {
    const sev2 = sev.find((r) => r.severity === 'SEV2');
    expect(numbersIn(sev2?.meaning ?? '')).toEqual([SEV2_MIN_CUSTOMERS]);
    expect(latinDigits(section(doc, 'قواعد الفرز'))).toContain(`${SEV2_MIN_CUSTOMERS} أو أكثر ← SEV2`);
    const base = { title: 'x', has_data_leak: false, has_unauthorized_send: false };
    expect(triage({ ...base, affected_customers: SEV2_MIN_CUSTOMERS }).severity).toBe('SEV2');
    expect(triage({ ...base, affected_customers: SEV2_MIN_CUSTOMERS - 1 }).severity).toBe('SEV3');
    expect(triage({ ...base, affected_customers: 1, has_data_leak: true }).severity).toBe('SEV1');
  });

  it('gives the post-mortem deadlines of POSTMORTEM_WITHIN_HOURS', () => {
    const extras = records(table(section(doc, 'إضافات حسب المستوى'), ['المستوى']), {
      severity: 'المستوى',
      adds: 'ما يُضاف',
    });
    for (const s of SEVERITIES) {
      const adds = extras.find((r) => r.severity === s)?.adds ?? '';
      const due = /post-mortem خلال (\d+) ساعة/.exec(adds)?.[1];
      const expected = POSTMORTEM_WITHIN_HOURS[s];
      if (expected === null) expect(adds, s).toContain('اختياري');
      else expect(Number(due), s).toBe(expected);
    }
  });

  describe('auto-freeze thresholds', () => {
    const BY_NAME: Record<string, keyof typeof FREEZE_THRESHOLDS> = {
      'bounce rate': 'bounce_rate',
      'complaint rate': 'complaint_rate',
      'WhatsApp block rate': 'whatsapp_block_rate',
    };
    const conditions = records(table(section(doc, 'الإجراءات الآلية'), ['الشرط', 'الإجراء']), {
      when: 'الشرط',
      action: 'الإجراء',
    })
      .map((r) => ({ ...r, metric: BY_NAME[/\(([^)]+)\)/.exec(r.when)?.[1] ?? ''] }))
      .filter((r) => r.metric !== undefined);

    it('covers the three metrics of FREEZE_THRESHOLDS', () => {
      expect(conditions.map((c) => c.metric).sort()).toEqual(Object.keys(FREEZE_THRESHOLDS).sort());
    });

    it.each(Object.keys(BY_NAME))('freezes on %s strictly above the percentage in the doc', (name) => {
      const c = conditions.find((x) => x.metric === BY_NAME[name]);
      const metric = BY_NAME[name]!;
      const pct = Number(/(\d+(?:\.\d+)?)%/.exec(c?.when ?? '')?.[1]);
      expect(c?.when).toContain('أعلى من');
      expect(c?.action).toContain('تجميد');
      expect(pct / 100).toBeCloseTo(FREEZE_THRESHOLDS[metric], 10);
      expect(evaluateChannelMetrics({ [metric]: pct / 100 }).freeze).toBe(false);
      expect(evaluateChannelMetrics({ [metric]: pct / 100 + 0.0001 }).freeze).toBe(true);
    });
  });

  describe('PDPL clocks', () => {
    const pdpl = section(doc, 'ساعات PDPL');
    const who = records(table(pdpl, ['من', 'متى']), { from: 'من', to: 'يُبلِغ', when: 'متى' });

    it('gives SDAIA PDPL_SDAIA_NOTICE_HOURS from becoming aware', () => {
      const row = who.find((r) => r.to.includes('SDAIA'));
      expect(minutesIn(row?.when ?? '')).toBe(PDPL_SDAIA_NOTICE_HOURS * 60);
      expect(row?.when).toContain('من لحظة العلم');
    });

    it('has Dealix, the processor, tell the customer within PDPL_CUSTOMER_NOTICE_HOURS', () => {
      const row = who.find((r) => r.from.includes('processor'));
      expect(row?.when).toContain(`${PDPL_CUSTOMER_NOTICE_HOURS} ساعة`);
      expect(latinDigits(pdpl)).toContain(`إشعار العميل (${PDPL_CUSTOMER_NOTICE_HOURS} ساعة)`);
      expect(latinDigits(pdpl)).toContain(`إشعار سدايا (${PDPL_SDAIA_NOTICE_HOURS} ساعة)`);
      expect(latinDigits(section(doc, 'خطة الاستجابة المشتركة'))).toMatch(
        new RegExp(`${PDPL_CUSTOMER_NOTICE_HOURS} ساعة.*${PDPL_SDAIA_NOTICE_HOURS} ساعة`),
      );
    });

    it('tells the data subjects without undue delay, as pdplClocks does', () => {
      const row = who.find((r) => r.to.includes('أصحاب البيانات'));
      expect(row?.when).toContain('دون تأخير غير مبرر');
      const aware = new Date('2026-03-01T09:00:00Z');
      const clocks = pdplClocks(aware, aware);
      expect(clocks.data_subjects_notice).toBe('without_undue_delay');
      expect(clocks.customer_notice_minutes_left).toBe(PDPL_CUSTOMER_NOTICE_HOURS * 60);
      expect(clocks.sdaia_notice_minutes_left).toBe(PDPL_SDAIA_NOTICE_HOURS * 60);
    });

    it('lists the five notice fields (a)–(e)', () => {
      expect([...pdpl.matchAll(/^- \*\*\(([^)]+)\)\*\*/gm)].map((m) => m[1])).toEqual([
        'أ',
        'ب',
        'ج',
        'د',
        'هـ',
      ]);
    });
  });
});

// =============================================================================================

describe('CUSTOMER_SUCCESS_PLAYBOOK.md and the success domain', () => {
  const doc = readDoc('CUSTOMER_SUCCESS_PLAYBOOK.md');

  it('lists the cadence types of CADENCE_TYPES', () => {
    const ids = records(table(section(doc, 'أنواع الإيقاع'), ['المعرّف']), { id: 'المعرّف' }).map((r) => r.id);
    expect(ids).toEqual([...CADENCE_TYPES]);
  });

  it('has a 25-minute weekly check-in of five 5-minute items, like weeklyCheckIn', () => {
    const s = section(doc, 'اجتماع المتابعة الأسبوعي');
    const agenda = records(table(s, ['البند', 'المدة']), { minutes: 'المدة' }).map((r) =>
      minutesIn(r.minutes),
    );
    const code = weeklyCheckIn({ customer_id: 'c', company_name: 'x', metrics: {} });
    expect(minutesIn(s.split('\n')[0] ?? '')).toBe(CHECK_IN_MINUTES);
    expect(agenda).toEqual(code.agenda_ar.map((a) => a.minutes));
    expect(agenda.reduce((a, b) => a + b, 0)).toBe(CHECK_IN_MINUTES);
  });

  describe('the at-risk score', () => {
    const s = section(doc, 'درجة الخطر');
    type Field = 'days_inactive' | 'drafts_pending' | 'last_proof_pack_days_ago';
    const FIELD_OF: Array<[string, Field]> = [
      ['أيام بدون نشاط', 'days_inactive'],
      ['مسودات', 'drafts_pending'],
      ['Proof Pack', 'last_proof_pack_days_ago'],
    ];
    // Continuation rows leave the indicator cell empty: carry the last one down.
    let current: Field | undefined;
    const weights = records(table(s, ['المؤشر', 'الشرط', 'النقاط']), {
      indicator: 'المؤشر',
      when: 'الشرط',
      points: 'النقاط',
    }).map((r) => {
      if (r.indicator !== '') current = FIELD_OF.find(([label]) => r.indicator.includes(label))?.[1];
      if (!current) throw new Error(`unknown indicator "${r.indicator}"`);
      return { field: current, threshold: onlyNumber(r.when), points: onlyNumber(r.points) };
    });
    const zero = { customer_id: 'c', days_inactive: 0, drafts_pending: 0, last_proof_pack_days_ago: 0 };

    it('has the weights 40/20, 25/10 and 30 at 14/7, 10/5 and 14', () => {
      expect(weights).toEqual([
        { field: 'days_inactive', threshold: 14, points: 40 },
        { field: 'days_inactive', threshold: 7, points: 20 },
        { field: 'drafts_pending', threshold: 10, points: 25 },
        { field: 'drafts_pending', threshold: 5, points: 10 },
        { field: 'last_proof_pack_days_ago', threshold: 14, points: 30 },
      ]);
    });

    it.each(weights.map((w) => [w.field, w.threshold, w.points] as const))(
      '%s at %i adds the %i points atRisk adds, and one less does not',
      (field, threshold, points) => {
        expect(atRisk({ ...zero, [field]: threshold }).risk_score).toBe(points);
        expect(atRisk({ ...zero, [field]: threshold - 1 }).risk_score).toBeLessThan(points);
      },
    );

    it('caps at 100', () => {
      expect(s).toContain('لا يتجاوز 100');
      expect(
        atRisk({ ...zero, days_inactive: 99, drafts_pending: 99, last_proof_pack_days_ago: 99 }).risk_score,
      ).toBeLessThanOrEqual(100);
    });

    it('bands high from 60 and medium from 30, as atRisk does for every reachable score', () => {
      const bands = records(table(s, ['الخطورة', 'الدرجة']), { severity: 'الخطورة', score: 'الدرجة' });
      const high = bands.find((b) => b.severity.includes('high'));
      const medium = bands.find((b) => b.severity.includes('medium'));
      const low = bands.find((b) => b.severity.includes('low'));
      expect(high?.score).toContain('فأكثر');
      expect(low?.score).toContain('أقل من');
      const highFrom = onlyNumber(high?.score ?? '');
      const [mediumFrom, mediumTo] = numbersIn(medium?.score ?? '');
      const lowBelow = onlyNumber(low?.score ?? '');
      expect([highFrom, mediumFrom, mediumTo, lowBelow]).toEqual([60, 30, 59, 30]);
      const docBand = (score: number) => (score >= highFrom ? 'high' : score >= lowBelow ? 'medium' : 'low');
      const seen = new Set<number>();
      for (const days_inactive of [0, 7, 14]) {
        for (const drafts_pending of [0, 5, 10]) {
          for (const last_proof_pack_days_ago of [0, 14]) {
            const r = atRisk({ customer_id: 'c', days_inactive, drafts_pending, last_proof_pack_days_ago });
            seen.add(r.risk_score);
            expect(r.severity, `score ${r.risk_score}`).toBe(docBand(r.risk_score));
          }
        }
      }
      // The boundaries themselves are reachable, so the loop above tested them.
      expect(seen.has(highFrom) && seen.has(mediumFrom!)).toBe(true);
    });

    it('computes the worked example as the doc does', () => {
      const ex = latinDigits(s.split('\n').find((l) => l.startsWith('**مثال:**')) ?? '');
      const m =
        /منذ (\d+) يوماً.*?عنده (\d+) مسودات.*?قبل (\d+) يوماً.*?الدرجة (\d+)، خطورة \*\*(\S+)\*\*/.exec(ex);
      expect(m, ex).not.toBeNull();
      const r = atRisk({
        customer_id: 'c',
        days_inactive: Number(m?.[1]),
        drafts_pending: Number(m?.[2]),
        last_proof_pack_days_ago: Number(m?.[3]),
      });
      expect(r.risk_score).toBe(Number(m?.[4]));
      expect({ عالية: 'high', متوسطة: 'medium', منخفضة: 'low' }[m?.[5] ?? '']).toBe(r.severity);
    });
  });

  it.each(['growth_starter', 'executive_growth_os', 'partnership_growth'])(
    'gives %s the plan days of successPlan',
    (bundle) => {
      const days = records(table(section(doc, `(\`${bundle}\`)`), ['اليوم']), { day: 'اليوم' }).map((r) =>
        onlyNumber(r.day),
      );
      expect(days).toEqual(successPlan({ customer_id: 'c', bundle_id: bundle }).cadence_ar.map((d) => d.day));
    },
  );

  it('sends bundles without a plan of their own to growth_starter', () => {
    expect(section(doc, 'خطة أول 30 يوماً')).toMatch(/Data to Revenue.*growth_starter/);
    const plan = successPlan({ customer_id: 'c', bundle_id: 'data_to_revenue' });
    expect(plan.plan_bundle).toBe('growth_starter');
    expect(plan.fallback).toBe(true);
  });

  it('holds the QBR at 90 days', () => {
    expect(latinDigits(section(doc, 'QBR'))).toContain('عند 90 يوماً');
    expect(successPlan({ customer_id: 'c', bundle_id: 'growth_starter' }).qbr.day).toBe(90);
  });

  it('renews at 30 and 7 days out with the 15% annual discount of ANNUAL_DISCOUNT_PCT', () => {
    const steps = records(table(section(doc, 'مسار التجديد'), ['التوقيت', 'ماذا نفعل']), {
      when: 'التوقيت',
      what: 'ماذا نفعل',
    });
    const days = steps.map((r) => numbersIn(r.when)[0]).filter((d): d is number => d !== undefined);
    expect(days).toEqual([30, 7]);
    expect(renewalSteps(30, false).stage).toBe('renewal_30_day');
    expect(renewalSteps(7, false).stage).toBe('renewal_7_day');
    expect(renewalSteps(0, false).stage).toBe('renewal_day');
    expect(steps[1]?.what).toContain(`خصم ${ANNUAL_DISCOUNT_PCT}%`);
  });

  describe('the health score', () => {
    const s = section(doc, 'مؤشر صحة الحساب');
    const formula = codeBlock(s).replace(/\s+/g, ' ');
    const none = {
      csat: 0,
      pipeline_sar: 0,
      meetings: 0,
      approval_rate: 0,
      days_inactive: 0,
      drafts_pending: 0,
    };

    it.each([
      ['csat', '×'],
      ['pipeline_sar', '/'],
      ['meetings', '×'],
      ['approval_rate', '×'],
      ['days_inactive', '×'],
      ['drafts_pending', null],
    ] as const)('weighs %s as the formula writes it', (term, op) => {
      const m = new RegExp(`([=+−-]) ${term}(?: ([×/]) (\\d+))?`).exec(formula);
      expect(m, formula).not.toBeNull();
      expect(m?.[2] ?? null).toBe(op);
      const sign = m?.[1] === '−' || m?.[1] === '-' ? -1 : 1;
      const n = Number(m?.[3] ?? 1);
      // One unit of a multiplied term moves the score by n; n units of a divided term move it by 1.
      const probe = op === '/' ? n : 1;
      const expected = sign * (op === '×' ? n : 1);
      expect(healthScore({ ...none, [term]: probe }).score).toBeCloseTo(expected, 6);
    });

    it('bands healthy from 75 and watch from 50, as healthScore does', () => {
      const bands = records(table(s, ['الحكم', 'المؤشر']), { band: 'الحكم', score: 'المؤشر' });
      expect(bands.map((b) => b.band)).toEqual(['healthy', 'watch', 'at-risk']);
      const [healthyFrom] = numbersIn(bands[0]?.score ?? '');
      const [watchFrom, watchTo] = numbersIn(bands[1]?.score ?? '');
      const [atRiskBelow] = numbersIn(bands[2]?.score ?? '');
      expect([healthyFrom, watchFrom, watchTo, atRiskBelow]).toEqual([75, 50, 74, 50]);
      // pipeline_sar / 1000 alone sets the score exactly.
      const band = (score: number) => healthScore({ ...none, pipeline_sar: score * 1000 }).band;
      expect(band(healthyFrom!)).toBe('healthy');
      expect(band(watchTo!)).toBe('watch');
      expect(band(watchFrom!)).toBe('watch');
      expect(band(atRiskBelow! - 1)).toBe('at_risk');
    });

    it('computes the worked example as the doc does', () => {
      const ex = latinDigits(s.split('\n').find((l) => l.startsWith('**مثال:**')) ?? '');
      const num = (re: RegExp) => Number((re.exec(ex)?.[1] ?? 'NaN').replace(/,/g, ''));
      const meetings = /اجتماعان/.test(ex) ? 2 : num(/(\d+) اجتماعات/);
      const input = {
        csat: num(/csat (\d+)/),
        pipeline_sar: num(/pipeline ([\d,]+)/),
        meetings,
        approval_rate: num(/نسبة اعتماد ([\d.]+)/),
        days_inactive: num(/(\d+) أيام بلا نشاط/),
        drafts_pending: num(/(\d+) مسودات/),
      };
      for (const [k, v] of Object.entries(input)) expect(Number.isFinite(v), k).toBe(true);
      const r = healthScore(input);
      expect(r.score).toBe(num(/= \*\*(\d+)\*\*/));
      expect(ex).toContain(`← ${r.band}`);
    });
  });
});

// =============================================================================================

describe('CONNECTOR_SETUP_GUIDES.md and CATALOG', () => {
  const doc = readDoc('CONNECTOR_SETUP_GUIDES.md');
  const rows = records(
    table(section(doc, 'ملخص الموصلات'), ['المفتاح', 'الوضع الافتراضي', 'المرحلة', 'حاجب']),
    {
      key: 'المفتاح',
      mode: 'الوضع الافتراضي',
      phase: 'المرحلة',
      blocking: 'حاجب',
    },
  );

  it('lists the eleven connectors of CATALOG, in order', () => {
    expect(rows.map((r) => r.key)).toEqual([...CONNECTOR_KEYS]);
    expect(CATALOG.map((c) => c.key)).toEqual([...CONNECTOR_KEYS]);
  });

  it.each(CATALOG.map((c) => [c.key, c] as const))(
    '%s has the default mode, phase and blocking of CATALOG',
    (key, def) => {
      const row = rows.find((r) => r.key === key);
      expect(row).toBeDefined();
      expect(row?.mode).toBe(def.default_mode);
      expect(onlyNumber(row?.phase ?? '')).toBe(def.phase);
      expect(yesNo(row?.blocking ?? '')).toBe(def.blocking);
    },
  );

  it.each(CATALOG.map((c) => [c.key, c] as const))(
    'the %s guide repeats mode, phase, blocking and live flag',
    (key, def) => {
      const guide = latinDigits(section(doc, `\`${key}\``));
      const meta = guide.split('\n').find((l) => l.startsWith('**الوضع:**')) ?? '';
      expect(meta).toContain(`**الوضع:** \`${def.default_mode}\``);
      expect(meta).toContain(`**المرحلة:** ${def.phase}`);
      expect(meta).toMatch(def.blocking ? /\*\*حاجب: نعم\*\*|\*\*حاجب:\*\* نعم/ : /\*\*حاجب:\*\* لا/);
      const flags = [...meta.matchAll(/`([A-Z_]+_ALLOW_[A-Z_]+)`/g)].map((m) => m[1]);
      expect(flags).toEqual(def.live_action_flag ? [def.live_action_flag] : []);
    },
  );

  it('explains every connector mode of CONNECTOR_MODES', () => {
    const explained = [...doc.matchAll(/^- `([a-z_]+)` — /gm)].map((m) => m[1]);
    expect(explained.sort()).toEqual([...CONNECTOR_MODES].sort());
  });

  it('names only states of CONNECTOR_STATES and transitions TRANSITIONS allows', () => {
    const s = section(doc, 'حالات الموصل');
    const moves = records(table(s, ['من', 'إلى']), { from: 'من', to: 'إلى' });
    const states = CONNECTOR_STATES as readonly string[];
    for (const m of moves) {
      expect(states, m.from).toContain(m.from);
      expect(states, m.to).toContain(m.to);
      expect(TRANSITIONS[m.from as (typeof CONNECTOR_STATES)[number]], `${m.from} → ${m.to}`).toContain(m.to);
    }
    const inDiagram = [...codeBlock(s).matchAll(/[a-z_]{5,}/g)].map((m) => m[0]);
    expect(inDiagram.filter((w) => !states.includes(w))).toEqual([]);
  });
});

// =============================================================================================

describe('ONBOARDING_RUNBOOK.md and the onboarding and connector domains', () => {
  const doc = readDoc('ONBOARDING_RUNBOOK.md');
  const steps = records(table(section(doc, 'الخطوات الثماني'), ['المعرّف', 'الدقائق', 'تحتاج اعتماد']), {
    order: '#',
    id: 'المعرّف',
    input: 'المُدخل',
    minutes: 'الدقائق',
    approval: 'تحتاج اعتماد',
  });

  it('lists the eight steps of STEPS, in order', () => {
    expect(steps.map((s) => s.id)).toEqual([...STEP_IDS]);
    expect(steps.map((s) => Number(s.order))).toEqual(STEPS.map((s) => s.order));
  });

  it.each(STEPS.map((s) => [s.step_id, s] as const))(
    '%s has the input, minutes and approval of STEPS',
    (id, def) => {
      const row = steps.find((s) => s.id === id);
      expect(row).toBeDefined();
      expect(row?.input === '—' ? null : row?.input).toBe(def.input);
      expect(row?.minutes === 'async' ? 0 : Number(row?.minutes)).toBe(def.minutes);
      expect(row?.minutes === 'async').toBe(def.is_async);
      expect(yesNo(row?.approval ?? '')).toBe(def.requires_approval);
    },
  );

  it('states the total minutes and the progress step of the code', () => {
    const s = latinDigits(section(doc, 'الخطوات الثماني'));
    const total = /الوقت الإجمالي المتوقع من العميل:\*\* (\d+) دقيقة \(مجموع الدقائق: ([\d +]+)\)/.exec(s);
    expect(total, 'the total-minutes line').not.toBeNull();
    expect(Number(total?.[1])).toBe(ESTIMATED_TOTAL_MINUTES);
    expect(numbersIn(total?.[2] ?? '')).toEqual(STEPS.map((x) => x.minutes));
    expect(s).toContain(`فيه ${TOTAL_STEPS} خطوات`);
    expect(s).toContain(`÷ ${TOTAL_STEPS} × 100`);
    expect(s).toContain(`كل خطوة تساوي ${100 / TOTAL_STEPS}`);
  });

  it('runs steps 1–3 on day 1 of five, as fiveDayPlan does', () => {
    const day1 = latinDigits(section(doc, 'اليوم 1'));
    const m = /الخطوات (\d+)[–-](\d+)/.exec(day1);
    const plan = fiveDayPlan();
    expect(plan).toHaveLength(5);
    expect(plan[0]?.steps).toEqual(STEP_IDS.slice(Number(m?.[1]) - 1, Number(m?.[2])));
  });

  it('names whatsapp_cloud, in draft_only, as the only blocking connector', () => {
    const blocking = CATALOG.filter((c) => c.blocking);
    expect(doc).toMatch(/الموصل الحاجب الوحيد حالياً هو `whatsapp_cloud`، ويُربط بوضع `draft_only`/);
    expect(blocking.map((c) => c.key)).toEqual(['whatsapp_cloud']);
    expect(blocking[0]?.default_mode).toBe('draft_only');
  });

  it('connects Gmail and Calendar as drafts and Sheets for exports on day 2, as CATALOG sets them', () => {
    const day2 = section(doc, 'اليوم 2');
    const mode = (key: string) => CATALOG.find((c) => c.key === key)?.default_mode;
    expect(day2).toContain('ربط Gmail بوضع المسودات فقط');
    expect(day2).toContain('ربط Google Calendar بوضع المسودات فقط');
    expect(day2).toContain('ربط Google Sheets للتصدير');
    expect([mode('gmail'), mode('google_calendar'), mode('google_sheets')]).toEqual([
      'draft_only',
      'draft_only',
      'approved_execute',
    ]);
  });

  it('counts the connectors and names only states and flags the code has', () => {
    expect(latinDigits(section(doc, 'المرجع التقني'))).toContain(`الموصلات الـ ${CATALOG.length}`);
    const s = section(doc, 'حالات الموصلات');
    const states = CONNECTOR_STATES as readonly string[];
    expect(
      [...codeBlock(s).matchAll(/[a-z_]{5,}/g)].map((m) => m[0]).filter((w) => !states.includes(w)),
    ).toEqual([]);
    const flags = [...s.matchAll(/`([A-Z_]+_ALLOW_[A-Z_]+)`/g)].map((m) => m[1]);
    expect(flags.length).toBeGreaterThan(0);
    for (const f of flags) expect(CATALOG.map((c) => c.live_action_flag)).toContain(f);
  });
});
