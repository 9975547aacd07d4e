import { describe, expect, it } from 'vitest';
import {
  applyUpdate,
  CATALOG,
  CONNECTOR_STATES,
  reviveStatuses,
  summarize,
  TRANSITIONS,
} from '../../src/contexts/connectors/domain.js';

const now = new Date('2026-11-22T07:00:00Z');

describe('connector catalog', () => {
  it.each([
    ['gmail', 'draft_only', 1, false],
    ['google_calendar', 'draft_only', 1, false],
    ['google_sheets', 'approved_execute', 1, false],
    ['moyasar', 'manual', 1, false],
    ['whatsapp_cloud', 'draft_only', 1, true],
    ['website_forms', 'approved_execute', 1, false],
    ['linkedin_lead_forms', 'ingest_only', 2, false],
    ['google_business_profile', 'draft_only', 2, false],
    ['crm_generic', 'draft_only', 2, false],
    ['google_meet', 'ingest_only', 2, false],
    ['instagram_graph', 'ingest_only', 3, false],
  ] as const)('%s defaults to %s in phase %i (blocking: %s)', (key, mode, phase, blocking) => {
    const c = CATALOG.find((x) => x.key === key)!;
    expect([c.default_mode, c.phase, c.blocking]).toEqual([mode, phase, blocking]);
  });

  it('has eleven connectors and no connector is live by default', () => {
    expect(CATALOG).toHaveLength(11);
    expect(summarize('c', {}).connectors.every((c) => c.live_action_enabled === false)).toBe(true);
  });

  it('each live action has its own flag', () => {
    const flags = Object.fromEntries(
      CATALOG.filter((c) => c.live_action_flag).map((c) => [c.key, c.live_action_flag]),
    );
    expect(flags).toEqual({
      gmail: 'GMAIL_ALLOW_LIVE_SEND',
      google_calendar: 'CALENDAR_ALLOW_LIVE_INSERT',
      whatsapp_cloud: 'WHATSAPP_ALLOW_LIVE_SEND',
      google_business_profile: 'GBP_ALLOW_LIVE_REPLY',
    });
  });
});

describe('connector transitions', () => {
  const legal: Array<[string, string]> = [];
  const illegal: Array<[string, string]> = [];
  for (const from of CONNECTOR_STATES)
    for (const to of CONNECTOR_STATES)
      if (from !== to) (TRANSITIONS[from].includes(to) ? legal : illegal).push([from, to]);

  it('the seed diagram is allowed: not_started → configuring → connected_* / failed / skipped, failed → configuring', () => {
    for (const [from, to] of [
      ['not_started', 'configuring'],
      ['configuring', 'connected_draft_only'],
      ['configuring', 'connected_approved_execute'],
      ['configuring', 'failed'],
      ['configuring', 'skipped'],
      ['failed', 'configuring'],
    ] as const) {
      expect(TRANSITIONS[from]).toContain(to);
    }
  });

  it.each(illegal)('%s → %s is refused with invalid_transition', (from, to) => {
    const statuses = reviveStatuses({ gmail: { state: from, notes: 'x' } });
    expect(() => applyUpdate(statuses, { connector_key: 'gmail', state: to, notes: 'reason' }, now)).toThrow(
      expect.objectContaining({ code: 'invalid_transition', kind: 'conflict' }),
    );
  });

  it.each(legal)('%s → %s is accepted', (from, to) => {
    const statuses = reviveStatuses({ gmail: { state: from } });
    const next = applyUpdate(statuses, { connector_key: 'gmail', state: to, notes: 'reason' }, now);
    expect(next.gmail?.state).toBe(to);
    expect(next.gmail?.updated_at).toBe(now.toISOString());
  });

  it('failed and skipped need a reason', () => {
    const s = reviveStatuses({ gmail: 'configuring' });
    expect(() => applyUpdate(s, { connector_key: 'gmail', state: 'failed' }, now)).toThrow(
      expect.objectContaining({ code: 'reason_required' }),
    );
    expect(() => applyUpdate(s, { connector_key: 'gmail', state: 'skipped', notes: '  ' }, now)).toThrow(
      expect.objectContaining({ code: 'reason_required' }),
    );
  });

  it('unknown connectors and states are errors', () => {
    expect(() => applyUpdate({}, { connector_key: 'telegram', state: 'configuring' }, now)).toThrow(
      expect.objectContaining({ code: 'unknown_connector' }),
    );
    expect(() => applyUpdate({}, { connector_key: 'gmail', state: 'connected' }, now)).toThrow(
      expect.objectContaining({ code: 'unknown_state' }),
    );
    expect(() => reviveStatuses({ gmail: 'bogus' })).toThrow(
      expect.objectContaining({ field: 'statuses.gmail.state' }),
    );
  });
});

describe('readiness summary', () => {
  it('with nothing connected, whatsapp_cloud is missing and the customer is not ready', () => {
    const s = summarize('c', {});
    expect(s.total).toBe(11);
    expect(s.connected_count).toBe(0);
    expect(s.blocking_missing).toEqual(['whatsapp_cloud']);
    expect(s.ready_for_first_service).toBe(false);
    expect(s.by_state.not_started).toBe(11);
  });

  it('WhatsApp connected alone makes the customer ready (no blocking missing, one connected)', () => {
    const s = summarize('c', reviveStatuses({ whatsapp_cloud: 'connected_draft_only' }));
    expect(s.ready_for_first_service).toBe(true);
    expect(s.connected_pct).toBe(9.1);
  });

  it('Gmail connected but WhatsApp only configuring is not ready', () => {
    const s = summarize(
      'c',
      reviveStatuses({ gmail: 'connected_draft_only', whatsapp_cloud: 'configuring' }),
    );
    expect(s.ready_for_first_service).toBe(false);
    expect(s.blocking_missing).toEqual(['whatsapp_cloud']);
    expect(s.by_state).toMatchObject({ connected_draft_only: 1, configuring: 1, not_started: 9 });
  });
});
