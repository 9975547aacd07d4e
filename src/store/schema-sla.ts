/** Stored shape of the SLA engine's tables (see migrations/0005_sla.ts). */

/** One revision of the business calendar; the highest revision is the one in force. */
export interface SlaCalendarTable {
  revision: number;
  /** JSON CalendarDefinition (see contexts/sla/stored-calendar.ts). */
  definition: string;
  note: string;
  created_at: string;
  created_by: string;
}

/** One revision of an SLA policy for a scope: 'default', 'bundle:<id>' or 'customer:<id>'. */
export interface SlaPolicyTable {
  id: string;
  scope_key: string;
  revision: number;
  /** JSON SlaPolicy: { P0: { first_response_minutes, resolution_hours, clock }, … }. */
  definition: string;
  note: string;
  created_at: string;
  created_by: string;
}

/** A warning (50/75/90) or breach (100) fired — or skipped as stale — once per ticket and target. */
export interface SlaAlertTable {
  id: string;
  ticket_id: string;
  target: string;
  threshold: number;
  due_at: string;
  fired_at: string;
  /** 'fired' | 'skipped'. */
  status: string;
}

export interface NotificationTable {
  id: string;
  user_id: string;
  kind: string;
  subject_type: string;
  subject_id: string;
  customer_id: string | null;
  title_ar: string;
  title_en: string;
  /** JSON object. */
  data: string;
  /** With user_id unique: the same event never notifies the same person twice. */
  dedupe_key: string;
  created_at: string;
  read_at: string | null;
}

/** A week's SLA verdict, recorded once when the week is reviewed. */
export interface SlaWeekReviewTable {
  week: string;
  verdict: string;
  breach_rate: number;
  total: number;
  reviewed_at: string;
}

/** A request to freeze live actions (the freeze itself is decided by the founder). */
export interface FreezeRequestTable {
  id: string;
  scope: string;
  channel: string | null;
  customer_id: string | null;
  reason: string;
  source: string;
  /** Unique: the same cause asks once (e.g. 'sla_week:2027-W38'). */
  source_key: string;
  status: string;
  created_at: string;
  created_by: string;
}

export interface SlaTables {
  sla_calendars: SlaCalendarTable;
  sla_policies: SlaPolicyTable;
  sla_alerts: SlaAlertTable;
  notifications: NotificationTable;
  sla_week_reviews: SlaWeekReviewTable;
  freeze_requests: FreezeRequestTable;
}
