/**
 * Operator modes on top of the customer-ops rules: Self-Growth (Dealix finds its own customers
 * with its own system) and Service Delivery (running a customer's service end to end).
 */
import { round } from '../../lib/errors.js';
import { checkBreach, healthReport, type ReportTicket } from '../sla/domain.js';
import {
  DAILY_ACTIONS_AR,
  EXPERIMENTS_AR,
  HANDOFF_STEPS_AR,
  ICP_FOCUSES,
  LEARNING_QUESTIONS_AR,
  OPERATOR_REMINDERS_AR,
  SERVICES,
} from './messages.js';

export const MODES = [
  'CEO Mode',
  'Growth Manager Mode',
  'Agency Partner Mode',
  'Self-Growth Mode',
  'Service Delivery Mode',
] as const;

export interface Target {
  name: string;
  focus: (typeof ICP_FOCUSES)[number]['key'];
  fit_score: number;
}

/** Daily brief: the best-fitting targets first, today's actions, and the reminders. */
export function selfGrowthDailyBrief(targets: Target[], date: string, limit = 10) {
  const top = [...targets]
    .sort((a, b) => b.fit_score - a.fit_score || a.name.localeCompare(b.name))
    .slice(0, limit);
  return {
    mode: 'Self-Growth Mode' as const,
    date,
    icp_focuses: ICP_FOCUSES,
    top_targets: top,
    today_actions_ar: DAILY_ACTIONS_AR,
    operator_reminders_ar: OPERATOR_REMINDERS_AR,
    approval_required: true as const,
    live_send_allowed: false as const,
  };
}

export interface WeekNumbers {
  diagnostics_delivered: number;
  paid_pilots: number;
  meetings: number;
  case_studies: number;
  revenue_sar: number;
}

export function selfGrowthWeeklyLearning(week: WeekNumbers) {
  const keys: Array<keyof typeof LEARNING_QUESTIONS_AR> = [];
  if (week.diagnostics_delivered > 0 && week.paid_pilots / week.diagnostics_delivered < 0.2)
    keys.push('low_conversion');
  if (week.meetings === 0) keys.push('no_meetings');
  if (week.case_studies === 0) keys.push('no_case_studies');
  if (keys.length === 0) keys.push('default');
  return {
    mode: 'Self-Growth Mode' as const,
    numbers: week,
    conversion_rate:
      week.diagnostics_delivered === 0 ? null : round(week.paid_pilots / week.diagnostics_delivered, 3),
    learning_questions_ar: keys.map((k) => LEARNING_QUESTIONS_AR[k]),
    next_week_experiments_ar: keys.map((k) => EXPERIMENTS_AR[k]),
    operator_reminders_ar: OPERATOR_REMINDERS_AR,
  };
}

export type ServiceId = keyof typeof SERVICES;

export function serviceDeliveryBrief(service: string, customerName: string) {
  const id: ServiceId = service in SERVICES ? (service as ServiceId) : 'other';
  return {
    mode: 'Service Delivery Mode' as const,
    service: id,
    customer_name: customerName,
    ...SERVICES[id],
    approval_required: true as const,
    live_send_allowed: false as const,
  };
}

/** SLA status of a customer's open tickets: the health verdict and each breach. */
export function deliverySlaStatus(tickets: ReportTicket[]) {
  const report = healthReport(tickets);
  return {
    verdict: report.verdict,
    breach_rate: report.breach_rate,
    total_tickets: report.total_tickets,
    breaches: tickets
      .map((t) => ({
        ticket_id: t.ticket_id ?? null,
        ...checkBreach(t.priority, t.first_response_min, t.resolution_hours),
      }))
      .filter((b) => b.breached),
    delivery_ok: report.verdict !== 'critical',
  };
}

export function postDeliveryHandoff(done: Partial<Record<number, boolean>> = {}) {
  const steps = HANDOFF_STEPS_AR.map((title_ar, i) => ({
    step: i + 1,
    title_ar,
    done: done[i + 1] === true,
  }));
  return {
    steps,
    complete: steps.every((s) => s.done),
    approval_required: true as const,
    live_send_allowed: false as const,
  };
}
