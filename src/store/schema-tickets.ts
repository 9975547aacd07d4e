/** Stored shape of the tickets tables (see migrations/0003_tickets.ts). */

export interface TicketTable {
  id: string;
  customer_id: string;
  text: string;
  contact_email: string | null;
  channel: string;
  /** The current priority: the classifier's, or higher when a human raised it. */
  priority: string;
  classified_priority: string;
  rule: string;
  reason_ar: string;
  /** JSON array of the matched terms ({ concept, text, start, end }). */
  matched: string;
  owner: string;
  /** open → resolved → closed (closed only on the customer's confirmation). */
  status: string;
  opened_at: string;
  first_response_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  first_response_due_at: string;
  resolution_due_at: string;
  /** The earliest target still open; null when nothing is due. Indexed for the scheduler. */
  next_due_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  // --- the SLA engine (migration 0005) ---
  /** Calendar revision the due times were computed with (0 = the built-in Saudi calendar). */
  calendar_revision: number;
  /** The sla_policies row in force ('default' = the built-in policy of SPEC §4). */
  policy_id: string;
  /** 'calendar' (wall clock) or 'business' (working time): the unit of every minute below. */
  clock: string;
  fr_target_minutes: number;
  res_target_minutes: number;
  /**
   * The clock's state, enough to place any threshold without replaying the history: while it runs,
   * `counted_minutes` were counted before `clock_anchor_at` and counting goes on from there; while
   * paused (pending_customer) or stopped (resolved) the anchor is null.
   */
  clock_anchor_at: string | null;
  counted_minutes: number;
  /** Since when the ticket waits on the customer (clocks paused), else null. */
  paused_at: string | null;
  /** First times a reply draft was ready, entered the approval queue, was approved. */
  draft_ready_at: string | null;
  approval_pending_at: string | null;
  approved_at: string | null;
  /** Counted minutes (clock units) to the first response and to resolution, once met. */
  first_response_minutes: number | null;
  resolution_minutes: number | null;
  /** 1 once the target is known to be missed (met late, or the scheduler saw it pass). */
  fr_breached: number;
  res_breached: number;
  /** Why the first response was late: 'drafting' | 'approval' | 'response'. */
  breach_cause: string | null;
  /** When the scheduler must next look at this ticket (indexed); null when nothing is pending. */
  next_alert_at: string | null;
  /** Bit set of alerts already fired or skipped (see sla/alerts.ts). */
  alerts_fired: number;
}

export interface TicketEventTable {
  id: string;
  ticket_id: string;
  event: string;
  at: string;
  actor: string;
  /** JSON object. */
  data: string;
}

/** Every outbound message starts as a draft a human approves; tickets write the first ones. */
export interface DraftTable {
  id: string;
  kind: string;
  channel: string;
  recipient: string | null;
  subject_type: string;
  subject_id: string;
  customer_id: string | null;
  body_ar: string;
  body_en: string | null;
  /** pending → approved → sent | rejected | superseded; an edit sends an approved draft back to pending. */
  status: string;
  created_at: string;
  updated_at: string;
  version: number;
  approved_by: string | null;
  approved_at: string | null;
  rejected_by: string | null;
  rejected_at: string | null;
  reject_reason: string | null;
  sent_by: string | null;
  sent_at: string | null;
  /** 'handoff' (exported and sent by hand) or 'live' (sent by an adapter). */
  send_mode: string | null;
  /** SHA-256 of what was approved (channel, recipient, bodies): the gate sends only that. */
  approved_hash: string | null;
  /** The approver's role, checked again at send time. */
  approved_role: string | null;
  /** Why an approval was withdrawn (a freeze, an edit). */
  invalidated_reason: string | null;
  /** The provider's message id of a live send. */
  provider_ref: string | null;
}

export interface TicketTables {
  tickets: TicketTable;
  ticket_events: TicketEventTable;
  drafts: DraftTable;
}
