/**
 * Incidents: triage to SEV1–SEV3, the response plan per severity, the post-mortem template,
 * channel auto-freeze thresholds, publication rules and PDPL clocks.
 */
import { invalid } from '../../lib/errors.js';
import {
  AUTO_FREEZE_REASON,
  COMMON_PLAN_AR,
  EXTRA_PLAN_AR,
  PDPL_NOTICE_HEADINGS,
  POSTMORTEM_SECTIONS,
  SEVERITY_TEXT,
  TRIAGE_REASON,
} from './messages.js';

export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_TABLE: Readonly<
  Record<Severity, { first_action_minutes: number; update_cadence_minutes: number }>
> = {
  SEV1: { first_action_minutes: 15, update_cadence_minutes: 30 },
  SEV2: { first_action_minutes: 30, update_cadence_minutes: 60 },
  SEV3: { first_action_minutes: 120, update_cadence_minutes: 240 },
};

export const SEV2_MIN_CUSTOMERS = 5;
export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 5000;
export const POSTMORTEM_WITHIN_HOURS: Readonly<Record<Severity, number | null>> = {
  SEV1: 24,
  SEV2: 48,
  SEV3: null,
};

export function assertSeverity(s: string, field = 'severity'): Severity {
  if (!(SEVERITIES as readonly string[]).includes(s)) {
    throw invalid('unknown_severity', `Unknown severity "${s}". Known: ${SEVERITIES.join(', ')}`, field);
  }
  return s as Severity;
}

export function responsePlan(severity: Severity): string[] {
  return [...COMMON_PLAN_AR, ...EXTRA_PLAN_AR[severity]];
}

export interface TriageInput {
  title: string;
  description?: string | undefined;
  affected_customers: number;
  has_data_leak: boolean;
  has_unauthorized_send: boolean;
}

export function triage(input: TriageInput) {
  if (input.title.trim() === '') throw invalid('title_required', 'title must not be empty', 'title');
  if (input.title.length > TITLE_MAX)
    throw invalid('title_too_long', `title must be at most ${TITLE_MAX} characters`, 'title');
  if ((input.description ?? '').length > DESCRIPTION_MAX) {
    throw invalid(
      'description_too_long',
      `description must be at most ${DESCRIPTION_MAX} characters`,
      'description',
    );
  }
  if (!Number.isInteger(input.affected_customers) || input.affected_customers < 0) {
    throw invalid(
      'invalid_affected_customers',
      'affected_customers must be a non-negative integer',
      'affected_customers',
    );
  }
  let severity: Severity;
  let reason: keyof typeof TRIAGE_REASON;
  if (input.has_data_leak) [severity, reason] = ['SEV1', 'data_leak'];
  else if (input.has_unauthorized_send) [severity, reason] = ['SEV1', 'unauthorized_send'];
  else if (input.affected_customers >= SEV2_MIN_CUSTOMERS) [severity, reason] = ['SEV2', 'many_customers'];
  else [severity, reason] = ['SEV3', 'few_customers'];
  return {
    severity,
    reason_ar: TRIAGE_REASON[reason],
    ...SEVERITY_TEXT[severity],
    ...SEVERITY_TABLE[severity],
    title: input.title,
    affected_customers: input.affected_customers,
    has_data_leak: input.has_data_leak,
    has_unauthorized_send: input.has_unauthorized_send,
    plan_ar: responsePlan(severity),
    freeze_live_actions: true,
    notify_founder: severity === 'SEV1' || input.has_data_leak,
    notify_oncall: true,
    ledger_entry_required: true,
    pdpl_applies: input.has_data_leak,
    postmortem_required: severity !== 'SEV3',
    postmortem_within_hours: POSTMORTEM_WITHIN_HOURS[severity],
    postmortem_sections: POSTMORTEM_SECTIONS,
    approval_required: true as const,
    live_send_allowed: false as const,
  };
}

export function postmortemTemplate(severity: Severity) {
  return {
    severity,
    due_within_hours: POSTMORTEM_WITHIN_HOURS[severity],
    required: severity !== 'SEV3',
    sections: POSTMORTEM_SECTIONS.map((s) => ({ ...s, content: '' })),
  };
}

/** Freeze thresholds (strictly above), warnings at half of each. Rates are fractions (0.05 = 5%). */
export const FREEZE_THRESHOLDS = {
  bounce_rate: 0.05,
  complaint_rate: 0.003,
  whatsapp_block_rate: 0.03,
} as const;
export type ChannelMetric = keyof typeof FREEZE_THRESHOLDS;

export function evaluateChannelMetrics(metrics: Partial<Record<ChannelMetric, number>>) {
  const freeze: Array<{ metric: ChannelMetric; value: number; threshold: number; reason_ar: string }> = [];
  const warn: Array<{ metric: ChannelMetric; value: number; threshold: number }> = [];
  for (const metric of Object.keys(FREEZE_THRESHOLDS) as ChannelMetric[]) {
    const value = metrics[metric];
    if (value == null) continue;
    if (!(value >= 0 && value <= 1))
      throw invalid('invalid_rate', `${metric} must be a fraction between 0 and 1`, metric);
    const threshold = FREEZE_THRESHOLDS[metric];
    if (value > threshold) freeze.push({ metric, value, threshold, reason_ar: AUTO_FREEZE_REASON[metric] });
    else if (value > threshold / 2) warn.push({ metric, value, threshold: threshold / 2 });
  }
  return { freeze: freeze.length > 0, reasons: freeze, warnings: warn };
}

/** A SEV1 post-mortem goes public only with legal review, the customers' consent and no PII. */
export function canPublishPostmortem(
  severity: Severity,
  checks: { legal_review: boolean; customer_consent: boolean; pii_removed: boolean },
): { allowed: boolean; missing: string[] } {
  if (severity !== 'SEV1') return { allowed: true, missing: [] };
  const missing = (['legal_review', 'customer_consent', 'pii_removed'] as const).filter((k) => !checks[k]);
  return { allowed: missing.length === 0, missing };
}

const HOUR = 3_600_000;
/** Dealix is the processor: tell the customer (the controller) fast enough for their own 72 hours. */
export const PDPL_CUSTOMER_NOTICE_HOURS = 24;
/** The controller's deadline to notify SDAIA after becoming aware (Implementing Regulation, Art. 24). */
export const PDPL_SDAIA_NOTICE_HOURS = 72;

export function pdplClocks(becameAwareAt: Date, now: Date) {
  const customerDue = new Date(becameAwareAt.getTime() + PDPL_CUSTOMER_NOTICE_HOURS * HOUR);
  const sdaiaDue = new Date(becameAwareAt.getTime() + PDPL_SDAIA_NOTICE_HOURS * HOUR);
  const left = (d: Date) => Math.round((d.getTime() - now.getTime()) / 60_000);
  return {
    became_aware_at: becameAwareAt.toISOString(),
    customer_notice_due_at: customerDue.toISOString(),
    customer_notice_minutes_left: left(customerDue),
    sdaia_notice_due_at: sdaiaDue.toISOString(),
    sdaia_notice_minutes_left: left(sdaiaDue),
    data_subjects_notice: 'without_undue_delay' as const,
  };
}

export interface PdplNoticeInput {
  title: string;
  description: string;
  occurred_at: string | null;
  became_aware_at: string;
  data_categories: string[];
  people_affected: number | null;
  risks: string;
  measures_taken: string[];
  measures_planned: string[];
  people_informed: boolean;
  contact: string;
}

/** Drafts the notice fields (a)–(e) from an incident; missing facts are listed, never invented. */
export function draftPdplNotice(x: PdplNoticeInput) {
  const missing: string[] = [];
  if (!x.occurred_at) missing.push('occurred_at');
  if (x.data_categories.length === 0) missing.push('data_categories');
  if (x.people_affected == null) missing.push('people_affected');
  if (x.risks.trim() === '') missing.push('risks');
  if (x.contact.trim() === '') missing.push('contact');
  return {
    sections: [
      {
        key: 'what_happened',
        heading_ar: PDPL_NOTICE_HEADINGS.what_happened,
        content: {
          title: x.title,
          description: x.description,
          occurred_at: x.occurred_at,
          became_aware_at: x.became_aware_at,
        },
      },
      {
        key: 'data_and_people',
        heading_ar: PDPL_NOTICE_HEADINGS.data_and_people,
        content: { data_categories: x.data_categories, people_affected: x.people_affected },
      },
      {
        key: 'risks_and_measures',
        heading_ar: PDPL_NOTICE_HEADINGS.risks_and_measures,
        content: { risks: x.risks, measures_taken: x.measures_taken, measures_planned: x.measures_planned },
      },
      {
        key: 'people_informed',
        heading_ar: PDPL_NOTICE_HEADINGS.people_informed,
        content: { people_informed: x.people_informed },
      },
      { key: 'contact', heading_ar: PDPL_NOTICE_HEADINGS.contact, content: { contact: x.contact } },
    ],
    missing,
    complete: missing.length === 0,
    approval_required: true as const,
    live_send_allowed: false as const,
  };
}
