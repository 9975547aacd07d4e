import { describe, expect, it } from 'vitest';
import {
  ESTIMATED_TOTAL_MINUTES,
  fiveDayPlan,
  newChecklist,
  onboardingAcceptance,
  reviveChecklist,
  STEP_IDS,
  STEPS,
  updateStep,
} from '../../src/contexts/onboarding/domain.js';
import { DomainError } from '../../src/lib/errors.js';

const now = new Date('2026-11-22T07:00:00Z'); // Sunday 10:00 Riyadh
const fresh = () =>
  newChecklist({ customer_id: 'c1', company_name: 'شركة النخبة', bundle_id: 'growth_starter' }, now);

describe('onboarding checklist', () => {
  it('a new checklist has 8 steps in the seed order, none complete, current step select_goal', () => {
    const c = fresh();
    expect(c.steps.map((s) => s.step_id)).toEqual([...STEP_IDS]);
    expect(c.total_steps).toBe(8);
    expect(c.completed_steps).toBe(0);
    expect(c.progress_pct).toBe(0);
    expect(c.current_step_id).toBe('select_goal');
    expect(c.approval_required).toBe(true);
    expect(c.live_send_allowed).toBe(false);
  });

  it('the estimated total is the sum of the step minutes (2+3+5+8+5+4+0+0 = 27)', () => {
    expect(ESTIMATED_TOTAL_MINUTES).toBe(27);
    expect(fresh().estimated_total_minutes).toBe(27);
  });

  it.each([
    ['select_goal', 2, false],
    ['select_bundle', 3, true],
    ['company_intake', 5, false],
    ['connect_channels', 8, true],
    ['upload_or_source', 5, true],
    ['risk_review', 4, true],
    ['first_service_run', 0, true],
    ['first_proof_pack', 0, false],
  ] as const)('step %s takes %i minutes and needs approval: %s', (id, minutes, approval) => {
    const step = STEPS.find((s) => s.step_id === id)!;
    expect(step.minutes).toBe(minutes);
    expect(step.requires_approval).toBe(approval);
  });

  it('completing one step gives 12.5% and moves the current step to the next one', () => {
    const c = updateStep(
      fresh(),
      { step_id: 'select_goal', completed: true, notes: 'زيادة الاجتماعات' },
      now,
    );
    expect(c.progress_pct).toBe(12.5);
    expect(c.current_step_id).toBe('select_bundle');
    expect(c.steps[0]?.completed_at).toBe(now.toISOString());
    expect(c.steps[0]?.notes).toBe('زيادة الاجتماعات');
  });

  it('completing every step in order ends at done with 100%', () => {
    let c = fresh();
    const progress: number[] = [];
    for (const id of STEP_IDS) {
      c = updateStep(c, { step_id: id, completed: true }, now);
      progress.push(c.progress_pct);
    }
    expect(progress).toEqual([12.5, 25, 37.5, 50, 62.5, 75, 87.5, 100]);
    expect(c.current_step_id).toBe('done');
    expect(c.is_complete).toBe(true);
  });

  it('re-opening a step takes progress back and makes it current again', () => {
    let c = fresh();
    c = updateStep(c, { step_id: 'select_goal', completed: true }, now);
    c = updateStep(c, { step_id: 'select_bundle', completed: true }, now);
    c = updateStep(c, { step_id: 'select_goal', completed: false }, now);
    expect(c.progress_pct).toBe(12.5);
    expect(c.current_step_id).toBe('select_goal');
    expect(c.steps[0]?.completed_at).toBeNull();
  });

  it('an unknown step id is an error, never a silent no-op', () => {
    expect(() => updateStep(fresh(), { step_id: 'select_golf', completed: true }, now)).toThrowError(
      DomainError,
    );
    try {
      updateStep(fresh(), { step_id: 'select_golf', completed: true }, now);
    } catch (e) {
      expect((e as DomainError).code).toBe('unknown_step');
      expect((e as DomainError).field).toBe('step_id');
    }
  });

  it('notes longer than the bound are refused', () => {
    expect(() =>
      updateStep(fresh(), { step_id: 'select_goal', completed: true, notes: 'x'.repeat(2001) }, now),
    ).toThrow(/at most 2000/);
  });

  it('a checklist sent back by a client is rebuilt from our step definitions, not trusted', () => {
    const c = fresh();
    const tampered = {
      ...c,
      steps: c.steps.map((s) => ({ ...s, minutes: 999, completed: s.step_id === 'select_goal' })),
      progress_pct: 99,
    };
    const revived = reviveChecklist(tampered, now);
    expect(revived.progress_pct).toBe(12.5);
    expect(revived.steps.every((s) => s.minutes !== 999)).toBe(true);
  });

  it('a checklist missing steps or repeating one is refused', () => {
    const c = fresh();
    expect(() => reviveChecklist({ ...c, steps: c.steps.slice(1) }, now)).toThrow(
      /missing steps: select_goal/,
    );
    expect(() => reviveChecklist({ ...c, steps: [...c.steps.slice(0, 7), c.steps[0]!] }, now)).toThrow(
      /twice/,
    );
  });
});

describe('five-day plan', () => {
  it('a plan started on Sunday runs Sunday to Thursday', () => {
    const plan = fiveDayPlan(now);
    expect(plan.map((d) => d.date)).toEqual([
      '2026-11-22',
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
    ]);
    expect(plan[0]?.steps).toEqual(['select_goal', 'select_bundle', 'company_intake']);
    expect(plan[4]?.date_hijri).toMatch(/\d/);
  });

  it('a plan started on Thursday skips the weekend (Friday and Saturday)', () => {
    const plan = fiveDayPlan(new Date('2026-11-26T07:00:00Z'));
    expect(plan.map((d) => d.date)).toEqual([
      '2026-11-26',
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
    ]);
  });

  it('a holiday is skipped when the calendar says so', () => {
    const plan = fiveDayPlan(now, (d) => d === '2026-11-23');
    expect(plan.map((d) => d.date)).toEqual([
      '2026-11-22',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-29',
    ]);
  });

  it('day 1 holds the 30-minute kick-off call and day 5 the Proof Pack review', () => {
    const plan = fiveDayPlan();
    expect(plan[0]?.tasks_ar.join(' ')).toContain('٣٠ دقيقة');
    expect(plan[4]?.tasks_ar.join(' ')).toContain('Proof Pack');
  });
});

describe('onboarded acceptance', () => {
  const done = () =>
    STEP_IDS.reduce((c, id) => updateStep(c, { step_id: id, completed: true }, now), fresh());

  it('all four conditions together make a customer onboarded', () => {
    expect(
      onboardingAcceptance({
        checklist: done(),
        ready_for_first_service: true,
        proof_pack_v1_delivered: true,
        proof_pack_v1_approved: true,
        cs_cadence_active: true,
      }),
    ).toEqual({ onboarded: true, missing: [] });
  });

  it('async steps may trail; a delivered but unapproved Proof Pack is not enough', () => {
    let c = fresh();
    for (const id of STEP_IDS.slice(0, 6)) c = updateStep(c, { step_id: id, completed: true }, now);
    const r = onboardingAcceptance({
      checklist: c,
      ready_for_first_service: true,
      proof_pack_v1_delivered: true,
      proof_pack_v1_approved: false,
      cs_cadence_active: true,
    });
    expect(r.onboarded).toBe(false);
    expect(r.missing).toEqual(['proof_pack_v1_not_approved']);
  });
});
