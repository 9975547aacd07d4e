/**
 * The stored shape of every table, as Kysely sees it. Times are ISO-8601 UTC strings and JSON is
 * text in both dialects, so one set of queries and migrations serves SQLite and PostgreSQL alike.
 */
export interface LedgerTable {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  data: string;
  prev_hash: string;
  hash: string;
}

export interface CustomerTable {
  id: string;
  name: string;
  bundle_id: string;
  goal: string | null;
  contacts: string;
  status: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface OnboardingStepTable {
  customer_id: string;
  step_id: string;
  position: number;
  completed: number;
  completed_at: string | null;
  completed_by: string | null;
  approved_by: string | null;
  notes: string;
  updated_at: string;
  version: number;
}

export interface ConnectorStateTable {
  customer_id: string;
  connector_key: string;
  state: string;
  notes: string;
  updated_at: string;
  updated_by: string | null;
  version: number;
}

export interface ConnectorHistoryTable {
  id: string;
  customer_id: string;
  connector_key: string;
  from_state: string;
  to_state: string;
  notes: string;
  actor: string;
  at: string;
}

export interface SuccessTaskTable {
  id: string;
  customer_id: string;
  day: number;
  due_date: string;
  kind: string;
  title_ar: string;
  done: number;
  done_at: string | null;
  done_by: string | null;
  updated_at: string;
  version: number;
}

export interface UserTable {
  id: string;
  name: string;
  email: string | null;
  role: string;
  customer_id: string | null;
  disabled: number;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface ApiKeyTable {
  id: string;
  user_id: string;
  secret_hash: string;
  label: string;
  created_at: string;
  revoked_at: string | null;
}

import type { IncidentTables } from './schema-incidents.js';
import type { OutboundTables } from './schema-outbound.js';
import type { SessionTables } from './schema-sessions.js';
import type { SlaTables } from './schema-sla.js';
import type { TicketTables } from './schema-tickets.js';

export interface Database extends TicketTables, IncidentTables, SlaTables, OutboundTables, SessionTables {
  users: UserTable;
  api_keys: ApiKeyTable;
  ledger: LedgerTable;
  customers: CustomerTable;
  onboarding_steps: OnboardingStepTable;
  connector_states: ConnectorStateTable;
  connector_history: ConnectorHistoryTable;
  success_tasks: SuccessTaskTable;
}
