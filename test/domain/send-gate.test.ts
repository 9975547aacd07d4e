import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentHash, decideSend, type GateFacts } from '../../src/contexts/drafts/gate.js';
import type { DraftTable } from '../../src/store/schema-tickets.js';

const base: DraftTable = {
  id: 'drf_1',
  kind: 'outreach',
  channel: 'whatsapp',
  recipient: '+966501234567',
  subject_type: 'customer',
  subject_id: 'cus_1',
  customer_id: 'cus_1',
  body_ar: 'مرحبا',
  body_en: null,
  status: 'approved',
  created_at: '2026-11-25T09:00:00.000Z',
  updated_at: '2026-11-25T09:00:00.000Z',
  version: 2,
  approved_by: 'usr_1',
  approved_at: '2026-11-25T09:01:00.000Z',
  rejected_by: null,
  rejected_at: null,
  reject_reason: null,
  sent_by: null,
  sent_at: null,
  send_mode: null,
  approved_hash: null,
  approved_role: 'founder',
  invalidated_reason: null,
  provider_ref: null,
};
base.approved_hash = contentHash(base);

const facts = (over: Partial<GateFacts> = {}, live: Partial<GateFacts['live']> = {}): GateFacts => ({
  draft: base,
  approverAllowed: true,
  claimsOk: true,
  freezeId: null,
  live: {
    flag: true,
    adapterConfigured: true,
    connector: 'whatsapp_cloud',
    connectorState: 'connected_approved_execute',
    optIn: true,
    ...live,
  },
  ...over,
});

describe('the send gate', () => {
  it.each([
    ['sent already', facts({ draft: { ...base, status: 'sent' } }), 'already_sent'],
    ['pending', facts({ draft: { ...base, status: 'pending' } }), 'not_approved'],
    ['invalidated by a freeze', facts({ draft: { ...base, status: 'invalidated' } }), 'not_approved'],
    ['changed after approval', facts({ draft: { ...base, body_ar: 'نص ثاني' } }), 'approval_changed'],
    [
      'recipient changed after approval',
      facts({ draft: { ...base, recipient: '+966500000000' } }),
      'approval_changed',
    ],
    ['approver no longer allowed', facts({ approverAllowed: false }), 'approver_not_allowed'],
    ['prohibited claim', facts({ claimsOk: false }), 'prohibited_claim'],
    ['adapter missing', facts({}, { adapterConfigured: false }), 'adapter_not_configured'],
    ['connector draft-only', facts({}, { connectorState: 'connected_draft_only' }), 'connector_draft_only'],
    ['connector not connected', facts({}, { connectorState: 'configuring' }), 'connector_not_connected'],
    ['no opt-in', facts({}, { optIn: false }), 'whatsapp_opt_in_missing'],
    ['frozen', facts({ freezeId: 'frz_1' }), 'frozen'],
    ['frozen hand-off', facts({ freezeId: 'frz_1' }, { flag: false }), 'frozen'],
  ])('%s → %s', (_name, f, code) => {
    expect(decideSend(f)).toMatchObject({ ok: false, code });
  });

  it('sends live when every check passes, hands off when the flag is off', () => {
    expect(decideSend(facts())).toEqual({ ok: true, mode: 'live' });
    expect(decideSend(facts({}, { flag: false, adapterConfigured: false, connectorState: null }))).toEqual({
      ok: true,
      mode: 'handoff',
    });
  });

  it('never lets anything out that is unapproved, changed, claimed, refused by its approver or frozen', () => {
    const arb = fc.record({
      status: fc.constantFrom('pending', 'approved', 'sent', 'rejected', 'invalidated', 'sending'),
      approved: fc.boolean(),
      changed: fc.boolean(),
      approverAllowed: fc.boolean(),
      claimsOk: fc.boolean(),
      frozen: fc.boolean(),
      flag: fc.boolean(),
      adapter: fc.boolean(),
      state: fc.constantFrom(null, 'configuring', 'connected_draft_only', 'connected_approved_execute'),
      optIn: fc.constantFrom(null, true, false),
    });
    fc.assert(
      fc.property(arb, (a) => {
        const draft = {
          ...base,
          status: a.status,
          approved_at: a.approved ? base.approved_at : null,
          body_ar: a.changed ? 'نص معدّل' : base.body_ar,
        };
        const d = decideSend({
          draft,
          approverAllowed: a.approverAllowed,
          claimsOk: a.claimsOk,
          freezeId: a.frozen ? 'frz_1' : null,
          live: {
            flag: a.flag,
            adapterConfigured: a.adapter,
            connector: 'whatsapp_cloud',
            connectorState: a.state,
            optIn: a.optIn,
          },
        });
        if (!d.ok) return;
        expect(draft.status).toBe('approved');
        expect(a.approved && !a.changed && a.approverAllowed && a.claimsOk && !a.frozen).toBe(true);
        if (d.mode === 'live') {
          expect(a.flag && a.adapter && a.state === 'connected_approved_execute' && a.optIn !== false).toBe(
            true,
          );
        } else expect(a.flag).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
