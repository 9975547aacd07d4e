/**
 * Customer success: cadence types, the weekly check-in, the at-risk score, 30-day plans per
 * bundle, QBR and renewal steps, the health score, and the cadence rules.
 */
import { invalid, round } from '../../lib/errors.js';
import { addDays, riyadhDate } from '../../lib/time.js';
import {
  BUNDLE_PLANS_AR,
  CADENCE_TEXT,
  HEALTH_BAND_AR,
  QBR_AGENDA_AR,
  RENEWAL_STEPS_AR,
  RISK_ACTION,
  RISK_REASONS,
  TALKING_POINTS,
  WEEKLY_AGENDA_AR,
} from './messages.js';

export const CADENCE_TYPES = Object.keys(CADENCE_TEXT) as Array<keyof typeof CADENCE_TEXT>;
export type CadenceType = keyof typeof CADENCE_TEXT;

export const BUNDLES = {
  growth_starter: { name: 'Growth Starter', price_sar: 499, pricing: 'one_time' },
  data_to_revenue: { name: 'Data to Revenue', price_sar: 1500, pricing: 'one_time' },
  executive_growth_os: { name: 'Executive Growth OS', price_sar: 2999, pricing: 'monthly' },
  partnership_growth: {
    name: 'Partnership Growth',
    price_sar: null,
    price_range_sar: [3000, 7500],
    pricing: 'range',
  },
  full_growth_control_tower: { name: 'Full Growth Control Tower', price_sar: null, pricing: 'custom' },
} as const;
export type BundleId = keyof typeof BUNDLES;
export const BUNDLE_IDS = Object.keys(BUNDLES) as BundleId[];

export function assertBundle(id: string, field = 'bundle_id'): BundleId {
  if (!(id in BUNDLES))
    throw invalid('unknown_bundle', `Unknown bundle "${id}". Known: ${BUNDLE_IDS.join(', ')}`, field);
  return id as BundleId;
}

export const CHECK_IN_MINUTES = 25;

export interface CheckInMetrics {
  drafts_approved?: number | undefined;
  replies?: number | undefined;
  meetings?: number | undefined;
  risks_blocked?: number | undefined;
  pipeline_sar?: number | undefined;
}

const sar = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function weeklyCheckIn(input: { customer_id: string; company_name: string; metrics: CheckInMetrics }) {
  const m = input.metrics;
  const points: string[] = [];
  points.push(TALKING_POINTS.drafts_approved(m.drafts_approved ?? 0));
  points.push(TALKING_POINTS.replies(m.replies ?? 0));
  points.push((m.meetings ?? 0) > 0 ? TALKING_POINTS.meetings(m.meetings ?? 0) : TALKING_POINTS.no_meetings);
  points.push(TALKING_POINTS.risks_blocked(m.risks_blocked ?? 0));
  points.push(TALKING_POINTS.pipeline_sar(sar.format(m.pipeline_sar ?? 0)));
  return {
    customer_id: input.customer_id,
    company_name: input.company_name,
    cadence_type: 'weekly_check_in' as const,
    duration_minutes: CHECK_IN_MINUTES,
    agenda_ar: WEEKLY_AGENDA_AR.map((title_ar, i) => ({ order: i + 1, title_ar, minutes: 5 })),
    talking_points_ar: points,
    approval_required: true as const,
    live_send_allowed: false as const,
  };
}

export type RiskSeverity = 'high' | 'medium' | 'low';

export function atRisk(input: {
  customer_id: string;
  days_inactive: number;
  drafts_pending: number;
  last_proof_pack_days_ago: number;
}) {
  for (const f of ['days_inactive', 'drafts_pending', 'last_proof_pack_days_ago'] as const) {
    if (!Number.isFinite(input[f]) || input[f] < 0)
      throw invalid('invalid_number', `${f} must be a non-negative number`, f);
  }
  let score = 0;
  const reasons: string[] = [];
  if (input.days_inactive >= 14) {
    score += 40;
    reasons.push(RISK_REASONS.inactive_14(input.days_inactive));
  } else if (input.days_inactive >= 7) {
    score += 20;
    reasons.push(RISK_REASONS.inactive_7(input.days_inactive));
  }
  if (input.drafts_pending >= 10) {
    score += 25;
    reasons.push(RISK_REASONS.drafts_10(input.drafts_pending));
  } else if (input.drafts_pending >= 5) {
    score += 10;
    reasons.push(RISK_REASONS.drafts_5(input.drafts_pending));
  }
  if (input.last_proof_pack_days_ago >= 14) {
    score += 30;
    reasons.push(RISK_REASONS.proof_14(input.last_proof_pack_days_ago));
  }
  const risk_score = Math.min(100, score);
  const severity: RiskSeverity = risk_score >= 60 ? 'high' : risk_score >= 30 ? 'medium' : 'low';
  return {
    customer_id: input.customer_id,
    risk_score,
    severity,
    reasons_ar: reasons,
    recommended_action_ar: RISK_ACTION[severity],
    cadence_type: severity === 'low' ? ('weekly_check_in' as const) : ('at_risk_alert' as const),
    skippable: severity !== 'high',
    approval_required: true as const,
    live_send_allowed: false as const,
  };
}

export type PlanBundle = keyof typeof BUNDLE_PLANS_AR;

/** The 30-day plan; bundles without a plan of their own follow Growth Starter's. */
export function successPlan(input: { customer_id: string; bundle_id: string }, start?: Date) {
  const plan_bundle: PlanBundle =
    input.bundle_id in BUNDLE_PLANS_AR ? (input.bundle_id as PlanBundle) : 'growth_starter';
  const startDate = start ? riyadhDate(start) : null;
  return {
    customer_id: input.customer_id,
    bundle_id: input.bundle_id,
    plan_bundle,
    fallback: plan_bundle !== input.bundle_id,
    cadence_ar: BUNDLE_PLANS_AR[plan_bundle].map((d) => ({
      day: d.day,
      date: startDate ? addDays(startDate, d.day - 1) : null,
      items_ar: d.items_ar,
    })),
    qbr: { day: 90, date: startDate ? addDays(startDate, 89) : null, agenda_ar: QBR_AGENDA_AR },
    approval_required: true as const,
    live_send_allowed: false as const,
  };
}

export const ANNUAL_DISCOUNT_PCT = 15;

export function renewalSteps(daysToRenewal: number, atRiskNow: boolean) {
  if (daysToRenewal === 30)
    return { stage: 'renewal_30_day' as const, steps_ar: [...RENEWAL_STEPS_AR.renewal_30_day] };
  if (daysToRenewal === 7) {
    const steps = [...RENEWAL_STEPS_AR.renewal_7_day];
    return {
      stage: 'renewal_7_day' as const,
      steps_ar: atRiskNow ? steps : steps.slice(0, 2),
      discount_pct: ANNUAL_DISCOUNT_PCT,
    };
  }
  if (daysToRenewal === 0)
    return { stage: 'renewal_day' as const, steps_ar: [...RENEWAL_STEPS_AR.renewal_day] };
  return { stage: null, steps_ar: [] as string[] };
}

export interface HealthInput {
  csat: number;
  pipeline_sar: number;
  meetings: number;
  approval_rate: number;
  days_inactive: number;
  drafts_pending: number;
}

export function healthScore(x: HealthInput) {
  if (!(x.csat >= 0 && x.csat <= 10)) throw invalid('invalid_csat', 'csat must be between 0 and 10', 'csat');
  if (!(x.approval_rate >= 0 && x.approval_rate <= 1))
    throw invalid('invalid_approval_rate', 'approval_rate must be between 0 and 1', 'approval_rate');
  const score = round(
    x.csat * 5 +
      x.pipeline_sar / 1000 +
      x.meetings * 8 +
      x.approval_rate * 50 -
      x.days_inactive * 2 -
      x.drafts_pending,
    1,
  );
  const band = score >= 75 ? 'healthy' : score >= 50 ? 'watch' : 'at_risk';
  return { score, band, band_ar: HEALTH_BAND_AR[band] } as const;
}

/** Cadence rules: each returns why an action is refused, or null when allowed. */
export const cadenceRules = {
  upgradeOffer: (proofPacksDelivered: number) =>
    proofPacksDelivered < 1 ? 'upgrade_before_first_proof_pack' : null,
  checkIn: (lastCheckInAt: Date | null, now: Date) =>
    lastCheckInAt && now.getTime() - lastCheckInAt.getTime() < 7 * 86_400_000
      ? 'check_in_already_this_week'
      : null,
  skipAlert: (severity: RiskSeverity) => (severity === 'high' ? 'high_alert_not_skippable' : null),
  changeCadence: (customerApproved: boolean) =>
    customerApproved ? null : 'cadence_change_needs_customer_approval',
};
