/** Stored shape of the incidents tables (see migrations/0004_incidents.ts). */
export interface IncidentTable {
  id: string;
  title: string;
  description: string | null;
  severity: string;
  reason_ar: string;
  affected_customers: number;
  /** JSON array of customer ids. */
  customer_ids: string;
  has_data_leak: number;
  has_unauthorized_send: number;
  channel: string | null;
  status: string;
  opened_at: string;
  /** Set only for a data leak: the PDPL clocks run from it. */
  became_aware_at: string | null;
  first_action_due_at: string;
  /** Null once resolved: no further updates are owed. */
  next_update_due_at: string | null;
  /** Null when the severity does not require a post-mortem (SEV3). */
  postmortem_due_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface IncidentStepTable {
  incident_id: string;
  n: number;
  title_ar: string;
  done: number;
  done_at: string | null;
  done_by: string | null;
  note: string;
}

export interface IncidentTimelineTable {
  id: string;
  incident_id: string;
  at: string;
  actor: string;
  kind: string;
  text: string;
}

export interface IncidentTables {
  incidents: IncidentTable;
  incident_steps: IncidentStepTable;
  incident_timeline: IncidentTimelineTable;
}
