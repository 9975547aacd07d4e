import { describe, expect, it } from 'vitest';
import {
  deliverySlaStatus,
  MODES,
  postDeliveryHandoff,
  selfGrowthDailyBrief,
  selfGrowthWeeklyLearning,
  serviceDeliveryBrief,
} from '../../src/contexts/modes/domain.js';
import {
  atRisk,
  CADENCE_TYPES,
  cadenceRules,
  healthScore,
  renewalSteps,
  successPlan,
  weeklyCheckIn,
} from '../../src/contexts/success/domain.js';

describe('at-risk score', () => {
  const r = (days_inactive: number, drafts_pending: number, last_proof_pack_days_ago: number) =>
    atRisk({ customer_id: 'c', days_inactive, drafts_pending, last_proof_pack_days_ago });
  it.each([
    [0, 0, 0, 0, 'low'],
    [6, 4, 13, 0, 'low'],
    [7, 0, 0, 20, 'low'],
    [14, 0, 0, 40, 'medium'],
    [0, 5, 0, 10, 'low'],
    [0, 10, 0, 25, 'low'],
    [0, 0, 14, 30, 'medium'],
    [7, 5, 0, 30, 'medium'],
    [14, 0, 14, 70, 'high'],
    [14, 10, 0, 65, 'high'],
    [14, 10, 14, 95, 'high'],
    [7, 10, 14, 75, 'high'],
  ])('inactive %i d, %i pending, proof %i d ago → %i (%s)', (d, p, pp, score, sev) => {
    expect(r(d, p, pp)).toMatchObject({ risk_score: score, severity: sev });
  });
  it('reasons are listed in Arabic, one per factor', () => {
    expect(r(20, 12, 30).reasons_ar).toHaveLength(3);
    expect(r(20, 12, 30).recommended_action_ar).toContain('المؤسس');
  });
  it('the score never exceeds 100 and a high alert cannot be skipped', () => {
    expect(r(1000, 1000, 1000).risk_score).toBeLessThanOrEqual(100);
    expect(r(14, 0, 14).skippable).toBe(false);
    expect(cadenceRules.skipAlert('high')).toBe('high_alert_not_skippable');
  });
});

describe('success plans and cadences', () => {
  it('there are six cadence types', () => {
    expect(CADENCE_TYPES).toEqual([
      'weekly_check_in',
      'monthly_proof_review',
      'quarterly_business_review',
      'at_risk_alert',
      'renewal_30_day',
      'renewal_7_day',
    ]);
  });
  it.each([
    ['growth_starter', [1, 3, 7, 14, 30]],
    ['executive_growth_os', [1, 7, 14, 21, 30]],
    ['partnership_growth', [1, 5, 10, 14, 30]],
  ])('%s has touch points on days %o', (bundle, days) => {
    expect(successPlan({ customer_id: 'c', bundle_id: bundle }).cadence_ar.map((d) => d.day)).toEqual(days);
  });
  it('executive_growth_os brings the Founder Shadow Board on day 14', () => {
    expect(
      successPlan({ customer_id: 'c', bundle_id: 'executive_growth_os' }).cadence_ar[2]?.items_ar.join(' '),
    ).toContain('Founder Shadow Board');
  });
  it('a bundle without its own plan follows Growth Starter, and says so', () => {
    expect(successPlan({ customer_id: 'c', bundle_id: 'data_to_revenue' })).toMatchObject({
      plan_bundle: 'growth_starter',
      fallback: true,
    });
  });
  it('plan days get dates from the start and a QBR on day 90', () => {
    const p = successPlan(
      { customer_id: 'c', bundle_id: 'growth_starter' },
      new Date('2026-11-22T07:00:00Z'),
    );
    expect(p.cadence_ar[4]?.date).toBe('2026-12-21');
    expect(p.qbr.date).toBe('2027-02-19');
  });
  it('weekly check-in: 25 minutes, five 5-minute items and talking points from metrics', () => {
    const c = weeklyCheckIn({
      customer_id: 'c',
      company_name: 'x',
      metrics: { drafts_approved: 12, replies: 4, meetings: 2, risks_blocked: 1, pipeline_sar: 85000 },
    });
    expect(c.duration_minutes).toBe(25);
    expect(c.agenda_ar.map((a) => a.minutes)).toEqual([5, 5, 5, 5, 5]);
    expect(c.talking_points_ar.join(' ')).toContain('85,000');
    expect(c.talking_points_ar).toHaveLength(5);
  });
  it('renewal: 30 days, 7 days with the 15% annual discount (at-risk alert when at risk), renewal day', () => {
    expect(renewalSteps(30, false).stage).toBe('renewal_30_day');
    expect(renewalSteps(7, false)).toMatchObject({ stage: 'renewal_7_day', discount_pct: 15 });
    expect(renewalSteps(7, true).steps_ar).toHaveLength(3);
    expect(renewalSteps(7, false).steps_ar).toHaveLength(2);
    expect(renewalSteps(0, false).stage).toBe('renewal_day');
  });
  it.each([
    [
      { csat: 10, pipeline_sar: 0, meetings: 0, approval_rate: 0.5, days_inactive: 0, drafts_pending: 0 },
      75,
      'healthy',
    ],
    [
      { csat: 8, pipeline_sar: 10000, meetings: 1, approval_rate: 0, days_inactive: 4, drafts_pending: 0 },
      50,
      'watch',
    ],
    [
      { csat: 8, pipeline_sar: 10000, meetings: 1, approval_rate: 0, days_inactive: 4, drafts_pending: 1 },
      49,
      'at_risk',
    ],
  ])('health score of %o is %d (%s)', (x, score, band) => {
    expect(healthScore(x)).toMatchObject({ score, band });
  });
  it('cadence rules: no upgrade before the first Proof Pack, one check-in a week, changes need approval', () => {
    expect(cadenceRules.upgradeOffer(0)).toBe('upgrade_before_first_proof_pack');
    expect(cadenceRules.upgradeOffer(1)).toBeNull();
    const now = new Date('2026-11-22T07:00:00Z');
    expect(cadenceRules.checkIn(new Date('2026-11-18T07:00:00Z'), now)).toBe('check_in_already_this_week');
    expect(cadenceRules.checkIn(new Date('2026-11-15T07:00:00Z'), now)).toBeNull();
    expect(cadenceRules.changeCadence(false)).toBe('cadence_change_needs_customer_approval');
  });
});

describe('operator modes', () => {
  it('the positioning names five modes', () => {
    expect(MODES).toHaveLength(5);
  });
  it('the daily brief ranks targets and repeats the operator reminders', () => {
    const b = selfGrowthDailyBrief(
      [
        { name: 'B', focus: 'growth_consultancies', fit_score: 0.4 },
        { name: 'A', focus: 'b2b_marketing_agencies', fit_score: 0.9 },
      ],
      '2026-11-22',
    );
    expect(b.top_targets.map((t) => t.name)).toEqual(['A', 'B']);
    expect(b.icp_focuses).toHaveLength(5);
    expect(b.operator_reminders_ar.join(' ')).toContain('واتساب بارد');
    expect(b.operator_reminders_ar.join(' ')).toContain('scraping');
  });
  it('the weekly learning report asks why diagnostics do not convert', () => {
    const r = selfGrowthWeeklyLearning({
      diagnostics_delivered: 10,
      paid_pilots: 1,
      meetings: 3,
      case_studies: 1,
      revenue_sar: 499,
    });
    expect(r.conversion_rate).toBe(0.1);
    expect(r.learning_questions_ar[0]).toContain('pilots');
  });
  it('service delivery: a brief per service, SLA status with breaches, a five-step handoff', () => {
    expect(serviceDeliveryBrief('list_intelligence', 'x').day_one_ar.length).toBeGreaterThan(2);
    expect(serviceDeliveryBrief('unknown', 'x').service).toBe('other');
    const s = deliverySlaStatus([
      { ticket_id: 't1', priority: 'P0', first_response_min: 45, resolution_hours: 1 },
    ]);
    expect(s.breaches.map((b) => b.ticket_id)).toEqual(['t1']);
    expect(s.delivery_ok).toBe(false);
    expect(postDeliveryHandoff({ 1: true }).steps).toHaveLength(5);
    expect(postDeliveryHandoff({ 1: true, 2: true, 3: true, 4: true, 5: true }).complete).toBe(true);
  });
});
