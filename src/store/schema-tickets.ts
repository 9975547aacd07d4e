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
  status: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface TicketTables {
  tickets: TicketTable;
  ticket_events: TicketEventTable;
  drafts: DraftTable;
}
