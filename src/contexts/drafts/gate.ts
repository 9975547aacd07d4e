/**
 * The send gate's decision, pure: every check in a fixed order, the first failure named by a
 * stable code. The facts are gathered by the drafts service in the same transaction that records
 * the send, so nothing can change between the decision and the record.
 *
 * Order: approved by a role still allowed, and unchanged since → claims guard → the channel's live
 * flag (off: the approved text is handed off instead of sent) → the adapter is configured → the
 * customer's connector allows sending → WhatsApp opt-in → no freeze covers it. A freeze stops
 * hand-offs too: during a freeze nothing leaves.
 */
import { createHash } from 'node:crypto';
import type { DraftTable } from '../../store/schema-tickets.js';

/** The fingerprint of what a human approved: channel, recipient and both bodies. */
export function contentHash(d: Pick<DraftTable, 'channel' | 'recipient' | 'body_ar' | 'body_en'>): string {
  return createHash('sha256')
    .update(JSON.stringify([d.channel, d.recipient, d.body_ar, d.body_en]))
    .digest('hex');
}

export interface LiveFacts {
  /** The channel's live flag (e.g. GMAIL_ALLOW_LIVE_SEND) is 'true'. */
  flag: boolean;
  adapterConfigured: boolean;
  /** The connector the channel goes through, or null when the channel has none. */
  connector: string | null;
  /** Its state for this customer ('connected_approved_execute' may send). */
  connectorState: string | null;
  /** WhatsApp only: the recipient's opt-in is recorded (null for other channels). */
  optIn: boolean | null;
}

export interface GateFacts {
  draft: DraftTable;
  /** The approver's role may still approve this draft (e.g. the ticket did not become P0 since). */
  approverAllowed: boolean;
  claimsOk: boolean;
  /** The id of a freeze covering the draft's customer and channel, if any. */
  freezeId: string | null;
  live: LiveFacts;
}

export type GateCode =
  | 'already_sent'
  | 'not_approved'
  | 'approval_changed'
  | 'approver_not_allowed'
  | 'prohibited_claim'
  | 'adapter_not_configured'
  | 'connector_not_connected'
  | 'connector_draft_only'
  | 'whatsapp_opt_in_missing'
  | 'frozen';

export type GateDecision =
  | { ok: true; mode: 'handoff' | 'live' }
  | { ok: false; code: GateCode; message: string; field: string };

const refuse = (code: GateCode, message: string, field = 'id'): GateDecision => ({
  ok: false,
  code,
  message,
  field,
});

export function decideSend(f: GateFacts): GateDecision {
  const d = f.draft;
  if (d.status === 'sent') return refuse('already_sent', `Draft ${d.id} was already sent`);
  if (d.status !== 'approved' || d.approved_at === null || d.approved_hash === null)
    return refuse('not_approved', `Draft ${d.id} is ${d.status}; only an approved draft can be sent`);
  if (contentHash(d) !== d.approved_hash)
    return refuse(
      'approval_changed',
      `Draft ${d.id} changed after it was approved; it needs a fresh approval`,
    );
  if (!f.approverAllowed)
    return refuse(
      'approver_not_allowed',
      `Draft ${d.id} was approved by a ${d.approved_role ?? 'unknown'} role, which may no longer approve it`,
    );
  if (!f.claimsOk) return refuse('prohibited_claim', `Draft ${d.id} makes a prohibited claim`, 'body_ar');
  const freeze = () =>
    f.freezeId === null
      ? null
      : refuse('frozen', `Live actions for this ${d.channel} draft are frozen (freeze ${f.freezeId})`);
  if (!f.live.flag) return freeze() ?? { ok: true, mode: 'handoff' };
  if (!f.live.adapterConfigured)
    return refuse(
      'adapter_not_configured',
      `The ${d.channel} channel is live but its adapter is not configured`,
    );
  if (f.live.connector !== null && f.live.connectorState !== 'connected_approved_execute') {
    return f.live.connectorState === 'connected_draft_only'
      ? refuse(
          'connector_draft_only',
          `The customer's ${f.live.connector} connector only allows drafts in the customer's own tool`,
        )
      : refuse(
          'connector_not_connected',
          `The customer's ${f.live.connector} connector is ${f.live.connectorState ?? 'not set up'}`,
        );
  }
  if (f.live.optIn === false)
    return refuse(
      'whatsapp_opt_in_missing',
      `No recorded WhatsApp opt-in for ${d.recipient ?? 'this recipient'}`,
      'recipient',
    );
  return freeze() ?? { ok: true, mode: 'live' };
}
