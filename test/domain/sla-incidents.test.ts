import { describe, expect, it } from 'vitest';
import {
  canPublishPostmortem,
  draftPdplNotice,
  evaluateChannelMetrics,
  pdplClocks,
  postmortemTemplate,
  responsePlan,
  triage,
} from '../../src/contexts/incidents/domain.js';
import {
  assertSlaEvent,
  checkBreach,
  healthReport,
  recordEvent,
  verdictFor,
} from '../../src/contexts/sla/domain.js';
import type { Priority } from '../../src/contexts/support/priorities.js';

describe('SLA breach check (plain elapsed numbers)', () => {
  it.each([
    ['P0', 30, 4, false],
    ['P0', 31, 4, true],
    ['P0', 30, 4.01, true],
    ['P1', 120, 24, false],
    ['P1', 121, 1, true],
    ['P2', 480, 72, false],
    ['P2', 481, 73, true],
    ['P3', 1440, 168, false],
    ['P3', 1441, 168, true],
  ] as const)('%s with %d min to first response and %d h to resolve breaches: %s', (p, m, h, breached) => {
    expect(checkBreach(p, m, h).breached).toBe(breached);
  });

  it('both targets can breach, each listed with actual vs target', () => {
    const r = checkBreach('P1', 150, 30);
    expect(r.breaches).toEqual([
      expect.objectContaining({
        kind: 'first_response',
        actual: 150,
        target: 120,
        unit: 'minutes',
        over_by: 30,
      }),
      expect.objectContaining({ kind: 'resolution', actual: 30, target: 24, unit: 'hours', over_by: 6 }),
    ]);
  });

  it('an unresolved ticket cannot breach resolution yet', () => {
    expect(checkBreach('P2', 100, null).breached).toBe(false);
  });
});

describe('SLA events', () => {
  it.each(['opened', 'first_response', 'resolved', 'escalated'])('%s is a valid event', (e) => {
    expect(
      recordEvent({ ticket_id: 't', priority: 'P1', event: e }, new Date('2026-01-01T00:00:00Z')).ts,
    ).toBe('2026-01-01T00:00:00.000Z');
  });
  it('anything else is an error', () => {
    expect(() => assertSlaEvent('closed')).toThrow(expect.objectContaining({ code: 'unknown_event' }));
  });
});

describe('health report', () => {
  const t = (priority: Priority, fr: number, res: number) => ({
    priority,
    first_response_min: fr,
    resolution_hours: res,
  });

  it.each([
    [0, 'healthy'],
    [0.099, 'healthy'],
    [0.1, 'watch'],
    [0.249, 'watch'],
    [0.25, 'critical'],
    [1, 'critical'],
  ] as const)('a breach rate of %d is %s', (rate, verdict) => {
    expect(verdictFor(rate)).toBe(verdict);
  });

  it('aggregates per priority with averages and a 3-decimal breach rate', () => {
    const r = healthReport([
      t('P0', 20, 3),
      t('P0', 40, 3),
      t('P2', 100, 10),
      t('P3', 10, 1),
      t('P3', 10, 1),
      t('P3', 10, 1),
    ]);
    expect(r.total_tickets).toBe(6);
    expect(r.total_breached).toBe(1);
    expect(r.breach_rate).toBe(0.167);
    expect(r.verdict).toBe('watch');
    expect(r.by_priority.P0).toMatchObject({
      count: 2,
      breached: 1,
      avg_first_response_min: 30,
      avg_resolution_hours: 3,
    });
    expect(r.by_priority.P1).toMatchObject({ count: 0, avg_first_response_min: null });
  });

  it('critical escalates to the founder, freezes live actions and opens an incident', () => {
    const r = healthReport([t('P0', 60, 1), t('P1', 10, 1), t('P1', 10, 1), t('P1', 10, 1)]);
    expect(r.verdict).toBe('critical');
    expect([r.escalate_to_founder, r.freeze_live_actions, r.open_incident]).toEqual([true, true, true]);
  });

  it('an empty set is healthy with a zero rate', () => {
    expect(healthReport([])).toMatchObject({ total_tickets: 0, breach_rate: 0, verdict: 'healthy' });
  });
});

describe('incident triage', () => {
  const base = { title: 'x', affected_customers: 0, has_data_leak: false, has_unauthorized_send: false };
  it.each([
    [{ has_data_leak: true, affected_customers: 0 }, 'SEV1'],
    [{ has_unauthorized_send: true, affected_customers: 1 }, 'SEV1'],
    [{ affected_customers: 5 }, 'SEV2'],
    [{ affected_customers: 40 }, 'SEV2'],
    [{ affected_customers: 4 }, 'SEV3'],
    [{ affected_customers: 1 }, 'SEV3'],
  ])('%o is %s', (over, sev) => {
    expect(triage({ ...base, ...over }).severity).toBe(sev);
  });

  it.each([
    ['SEV1', 15, 30],
    ['SEV2', 30, 60],
    ['SEV3', 120, 240],
  ] as const)('%s: first action in %i min, updates every %i min', (sev, first, cadence) => {
    const over = sev === 'SEV1' ? { has_data_leak: true } : sev === 'SEV2' ? { affected_customers: 9 } : {};
    expect(triage({ ...base, ...over })).toMatchObject({
      first_action_minutes: first,
      update_cadence_minutes: cadence,
    });
  });

  it('every plan starts with the common five steps; SEV1 adds the crisis cell, 24 h post-mortem and legal review', () => {
    const p1 = responsePlan('SEV1');
    expect(p1).toHaveLength(8);
    expect(p1[0]).toContain('أوقف');
    expect(p1[4]).toContain('PDPL');
    expect(p1.join(' ')).toContain('24 ساعة');
    expect(responsePlan('SEV2').join(' ')).toContain('60 دقيقة');
    expect(responsePlan('SEV3').join(' ')).toContain('اختياري');
  });

  it('titles and descriptions are bounded', () => {
    expect(() => triage({ ...base, title: 'x'.repeat(201) })).toThrow(
      expect.objectContaining({ code: 'title_too_long' }),
    );
    expect(() => triage({ ...base, description: 'x'.repeat(5001) })).toThrow(
      expect.objectContaining({ code: 'description_too_long' }),
    );
  });

  it('the post-mortem template has the eight sections; SEV3 is optional', () => {
    expect(postmortemTemplate('SEV1').sections.map((s) => s.key)).toEqual([
      'summary',
      'timeline',
      'root_cause',
      'went_well',
      'went_wrong',
      'action_items',
      'owners',
      'deadline',
    ]);
    expect(postmortemTemplate('SEV1').due_within_hours).toBe(24);
    expect(postmortemTemplate('SEV2').due_within_hours).toBe(48);
    expect(postmortemTemplate('SEV3').required).toBe(false);
  });
});

describe('auto-freeze thresholds', () => {
  it.each([
    [{ bounce_rate: 0.05 }, false],
    [{ bounce_rate: 0.0501 }, true],
    [{ complaint_rate: 0.003 }, false],
    [{ complaint_rate: 0.0031 }, true],
    [{ whatsapp_block_rate: 0.03 }, false],
    [{ whatsapp_block_rate: 0.031 }, true],
  ])('%o freezes: %s', (m, freeze) => {
    expect(evaluateChannelMetrics(m).freeze).toBe(freeze);
  });

  it('warns at half a threshold', () => {
    expect(evaluateChannelMetrics({ bounce_rate: 0.03 }).warnings).toHaveLength(1);
    expect(evaluateChannelMetrics({ bounce_rate: 0.02 }).warnings).toHaveLength(0);
  });

  it('a rate outside 0–1 is refused', () => {
    expect(() => evaluateChannelMetrics({ bounce_rate: 5 })).toThrow(
      expect.objectContaining({ code: 'invalid_rate' }),
    );
  });
});

describe('publishing and PDPL', () => {
  it('a SEV1 post-mortem needs legal review, consent and no PII; SEV2 may be published', () => {
    expect(
      canPublishPostmortem('SEV1', { legal_review: true, customer_consent: false, pii_removed: true }),
    ).toEqual({ allowed: false, missing: ['customer_consent'] });
    expect(
      canPublishPostmortem('SEV2', { legal_review: false, customer_consent: false, pii_removed: false })
        .allowed,
    ).toBe(true);
  });

  it('clocks run from the time Dealix became aware: customer in 24 h, SDAIA in 72 h', () => {
    const c = pdplClocks(new Date('2026-11-22T07:00:00Z'), new Date('2026-11-22T08:00:00Z'));
    expect(c.customer_notice_due_at).toBe('2026-11-23T07:00:00.000Z');
    expect(c.sdaia_notice_due_at).toBe('2026-11-25T07:00:00.000Z');
    expect(c.customer_notice_minutes_left).toBe(23 * 60);
  });

  it('a notice draft lists the facts still missing instead of inventing them', () => {
    const d = draftPdplNotice({
      title: 't',
      description: 'd',
      occurred_at: null,
      became_aware_at: '2026-11-22T07:00:00Z',
      data_categories: [],
      people_affected: null,
      risks: '',
      measures_taken: [],
      measures_planned: [],
      people_informed: false,
      contact: 'dpo@dealix.sa',
    });
    expect(d.sections.map((s) => s.key)).toEqual([
      'what_happened',
      'data_and_people',
      'risks_and_measures',
      'people_informed',
      'contact',
    ]);
    expect(d.missing).toEqual(['occurred_at', 'data_categories', 'people_affected', 'risks']);
    expect(d.complete).toBe(false);
  });
});
