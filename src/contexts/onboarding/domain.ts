/**
 * Onboarding: eight ordered steps from signed pilot to first Proof Pack in five business days.
 * Pure: every function takes `now` and returns new values.
 */
import { invalid, round } from '../../lib/errors.js';
import { businessDays, dualDate, riyadhDate, riyadhMidnight } from '../../lib/time.js';
import { DAY_PLAN_TEXT, RECOVERY_TEXT, STEP_TEXT } from './messages.js';

export const STEP_IDS = [
  'select_goal',
  'select_bundle',
  'company_intake',
  'connect_channels',
  'upload_or_source',
  'risk_review',
  'first_service_run',
  'first_proof_pack',
] as const;
export type StepId = (typeof STEP_IDS)[number];

interface StepDefinition {
  step_id: StepId;
  order: number;
  input: string | null;
  minutes: number;
  is_async: boolean;
  requires_approval: boolean;
}

const def = (
  order: number,
  step_id: StepId,
  input: string | null,
  minutes: number,
  requires_approval: boolean,
) => ({
  step_id,
  order,
  input,
  minutes,
  is_async: minutes === 0,
  requires_approval,
});

export const STEPS: readonly StepDefinition[] = [
  def(1, 'select_goal', 'goal', 2, false),
  def(2, 'select_bundle', 'bundle_id', 3, true),
  def(3, 'company_intake', 'company_profile', 5, false),
  def(4, 'connect_channels', 'channels_oauth', 8, true),
  def(5, 'upload_or_source', 'list_or_source', 5, true),
  def(6, 'risk_review', null, 4, true),
  def(7, 'first_service_run', null, 0, true),
  def(8, 'first_proof_pack', null, 0, false),
];

export const TOTAL_STEPS = STEPS.length;
export const ESTIMATED_TOTAL_MINUTES = STEPS.reduce((s, x) => s + x.minutes, 0);
export const NOTES_MAX = 2000;
export const DONE = 'done';

export interface ChecklistStep {
  step_id: StepId;
  order: number;
  title_ar: string;
  title_en: string;
  input: string | null;
  minutes: number;
  is_async: boolean;
  requires_approval: boolean;
  completed: boolean;
  completed_at: string | null;
  notes: string;
}

export interface Checklist {
  customer_id: string;
  company_name: string;
  bundle_id: string;
  created_at: string;
  steps: ChecklistStep[];
  total_steps: number;
  completed_steps: number;
  progress_pct: number;
  current_step_id: StepId | typeof DONE;
  estimated_total_minutes: number;
  remaining_minutes: number;
  is_complete: boolean;
  approval_required: true;
  live_send_allowed: false;
}

export function isStepId(id: string): id is StepId {
  return (STEP_IDS as readonly string[]).includes(id);
}

export function assertStepId(id: string, field = 'step_id'): StepId {
  if (!isStepId(id)) {
    throw invalid(
      'unknown_step',
      `Unknown onboarding step "${id}". Known steps: ${STEP_IDS.join(', ')}`,
      field,
    );
  }
  return id;
}

function freshStep(d: StepDefinition): ChecklistStep {
  return {
    step_id: d.step_id,
    order: d.order,
    ...STEP_TEXT[d.step_id],
    input: d.input,
    minutes: d.minutes,
    is_async: d.is_async,
    requires_approval: d.requires_approval,
    completed: false,
    completed_at: null,
    notes: '',
  };
}

/** Recomputes every derived field from the steps, so a checklist can never disagree with itself. */
function derive(
  base: Omit<
    Checklist,
    | 'total_steps'
    | 'completed_steps'
    | 'progress_pct'
    | 'current_step_id'
    | 'estimated_total_minutes'
    | 'remaining_minutes'
    | 'is_complete'
    | 'approval_required'
    | 'live_send_allowed'
  >,
): Checklist {
  const completed = base.steps.filter((s) => s.completed).length;
  const current = base.steps.find((s) => !s.completed);
  return {
    ...base,
    total_steps: TOTAL_STEPS,
    completed_steps: completed,
    progress_pct: round((completed / TOTAL_STEPS) * 100, 1),
    current_step_id: current ? current.step_id : DONE,
    estimated_total_minutes: ESTIMATED_TOTAL_MINUTES,
    remaining_minutes: base.steps.filter((s) => !s.completed).reduce((sum, s) => sum + s.minutes, 0),
    is_complete: completed === TOTAL_STEPS,
    approval_required: true,
    live_send_allowed: false,
  };
}

export function newChecklist(
  input: { customer_id: string; company_name: string; bundle_id: string },
  now: Date,
): Checklist {
  return derive({
    customer_id: input.customer_id,
    company_name: input.company_name,
    bundle_id: input.bundle_id,
    created_at: now.toISOString(),
    steps: STEPS.map(freshStep),
  });
}

export interface StepUpdate {
  step_id: string;
  completed: boolean;
  notes?: string | undefined;
}

/**
 * Completes (or re-opens) one step. The current step is always the first incomplete one in order,
 * so completing steps in order walks `current_step_id` forward and finally to `done`.
 */
export function updateStep(checklist: Checklist, update: StepUpdate, now: Date): Checklist {
  const stepId = assertStepId(update.step_id);
  if (update.notes !== undefined && update.notes.length > NOTES_MAX) {
    throw invalid('notes_too_long', `notes must be at most ${NOTES_MAX} characters`, 'notes');
  }
  const steps = checklist.steps.map((s) => {
    if (s.step_id !== stepId) return s;
    const becameComplete = update.completed && !s.completed;
    return {
      ...s,
      completed: update.completed,
      completed_at: update.completed ? (becameComplete ? now.toISOString() : s.completed_at) : null,
      notes: update.notes ?? s.notes,
    };
  });
  return derive({ ...checklist, steps });
}

/**
 * Rebuilds a checklist that arrived from a client: the step definitions are ours, only
 * `completed`, `completed_at` and `notes` are taken from the input. Unknown or missing steps are errors.
 */
export function reviveChecklist(
  input: {
    customer_id: string;
    company_name: string;
    bundle_id: string;
    created_at?: string | undefined;
    steps: Array<{
      step_id: string;
      completed?: boolean | undefined;
      completed_at?: string | null | undefined;
      notes?: string | undefined;
    }>;
  },
  now: Date,
): Checklist {
  const byId = new Map<StepId, (typeof input.steps)[number]>();
  input.steps.forEach((s, i) => {
    const id = assertStepId(s.step_id, `checklist.steps.${i}.step_id`);
    if (byId.has(id))
      throw invalid('duplicate_step', `step "${id}" appears twice`, `checklist.steps.${i}.step_id`);
    if (s.notes !== undefined && s.notes.length > NOTES_MAX) {
      throw invalid(
        'notes_too_long',
        `notes must be at most ${NOTES_MAX} characters`,
        `checklist.steps.${i}.notes`,
      );
    }
    byId.set(id, s);
  });
  const missing = STEP_IDS.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw invalid('missing_steps', `checklist is missing steps: ${missing.join(', ')}`, 'checklist.steps');
  }
  return derive({
    customer_id: input.customer_id,
    company_name: input.company_name,
    bundle_id: input.bundle_id,
    created_at: input.created_at ?? now.toISOString(),
    steps: STEPS.map((d) => {
      const s = byId.get(d.step_id)!;
      const completed = s.completed === true;
      return {
        ...freshStep(d),
        completed,
        completed_at: completed ? (s.completed_at ?? null) : null,
        notes: s.notes ?? '',
      };
    }),
  });
}

export interface DayPlanEntry {
  day: number;
  date: string | null;
  date_hijri: string | null;
  title_ar: string;
  title_en: string;
  tasks_ar: readonly string[];
  steps: StepId[];
}

const DAY_STEPS: StepId[][] = [
  ['select_goal', 'select_bundle', 'company_intake'],
  ['connect_channels'],
  ['upload_or_source', 'risk_review'],
  ['first_service_run'],
  ['first_proof_pack'],
];

/**
 * The five-day plan. With `start`, each day gets a business date (Sunday–Thursday, skipping
 * whatever `isHoliday` excludes), the first being `start`'s day if it is a business day.
 */
export function fiveDayPlan(start?: Date, isHoliday?: (date: string) => boolean): DayPlanEntry[] {
  const dates = start ? businessDays(riyadhDate(start), 5, isHoliday) : [];
  return DAY_PLAN_TEXT.map((d, i) => {
    const date = dates[i] ?? null;
    return {
      day: i + 1,
      date,
      date_hijri: date ? dualDate(new Date(riyadhMidnight(date).getTime() + 12 * 3600_000)).hijri : null,
      title_ar: d.title_ar,
      title_en: d.title_en,
      tasks_ar: d.tasks_ar,
      steps: DAY_STEPS[i] ?? [],
    };
  });
}

export const FAILURE_RECOVERY = RECOVERY_TEXT;

export interface OnboardedInput {
  checklist: Checklist;
  ready_for_first_service: boolean;
  proof_pack_v1_delivered: boolean;
  proof_pack_v1_approved: boolean;
  cs_cadence_active: boolean;
}

/**
 * SPEC acceptance: all steps complete (the async ones may trail), ready for first service,
 * Proof Pack v1 delivered and approved, CS cadence active. Returns what is still missing.
 */
export function onboardingAcceptance(x: OnboardedInput): { onboarded: boolean; missing: string[] } {
  const missing: string[] = [];
  const syncIncomplete = x.checklist.steps.filter((s) => !s.is_async && !s.completed).map((s) => s.step_id);
  if (syncIncomplete.length > 0) missing.push(`steps_incomplete:${syncIncomplete.join(',')}`);
  if (!x.ready_for_first_service) missing.push('not_ready_for_first_service');
  if (!x.proof_pack_v1_delivered) missing.push('proof_pack_v1_not_delivered');
  if (!x.proof_pack_v1_approved) missing.push('proof_pack_v1_not_approved');
  if (!x.cs_cadence_active) missing.push('cs_cadence_inactive');
  return { onboarded: missing.length === 0, missing };
}
