/**
 * Channel connectors: the catalog of eleven, their setup state machine, and the per-customer
 * readiness summary. Connecting never enables a live action; each live action has its own flag.
 */
import { conflict, invalid, round } from '../../lib/errors.js';
import { CONNECTOR_TEXT, STATE_TEXT } from './messages.js';

export const CONNECTOR_KEYS = [
  'gmail',
  'google_calendar',
  'google_sheets',
  'moyasar',
  'whatsapp_cloud',
  'website_forms',
  'linkedin_lead_forms',
  'google_business_profile',
  'crm_generic',
  'google_meet',
  'instagram_graph',
] as const;
export type ConnectorKey = (typeof CONNECTOR_KEYS)[number];

export const CONNECTOR_MODES = ['draft_only', 'approved_execute', 'manual', 'ingest_only'] as const;
export type ConnectorMode = (typeof CONNECTOR_MODES)[number];

export const CONNECTOR_STATES = [
  'not_started',
  'configuring',
  'connected_draft_only',
  'connected_approved_execute',
  'failed',
  'skipped',
] as const;
export type ConnectorState = (typeof CONNECTOR_STATES)[number];

export interface ConnectorDefinition {
  key: ConnectorKey;
  name_ar: string;
  name_en: string;
  purpose_ar: string;
  default_mode: ConnectorMode;
  phase: 1 | 2 | 3;
  blocking: boolean;
  /** The environment flag that must be on (with a human approval) before this connector acts live. */
  live_action_flag: string | null;
  live_action: string | null;
}

const c = (
  key: ConnectorKey,
  default_mode: ConnectorMode,
  phase: 1 | 2 | 3,
  blocking: boolean,
  live_action_flag: string | null = null,
  live_action: string | null = null,
): ConnectorDefinition => ({
  key,
  ...CONNECTOR_TEXT[key],
  default_mode,
  phase,
  blocking,
  live_action_flag,
  live_action,
});

export const CATALOG: readonly ConnectorDefinition[] = [
  c('gmail', 'draft_only', 1, false, 'GMAIL_ALLOW_LIVE_SEND', 'send'),
  c('google_calendar', 'draft_only', 1, false, 'CALENDAR_ALLOW_LIVE_INSERT', 'insert'),
  c('google_sheets', 'approved_execute', 1, false),
  c('moyasar', 'manual', 1, false, null, null),
  c('whatsapp_cloud', 'draft_only', 1, true, 'WHATSAPP_ALLOW_LIVE_SEND', 'send'),
  c('website_forms', 'approved_execute', 1, false),
  c('linkedin_lead_forms', 'ingest_only', 2, false),
  c('google_business_profile', 'draft_only', 2, false, 'GBP_ALLOW_LIVE_REPLY', 'reply'),
  c('crm_generic', 'draft_only', 2, false),
  c('google_meet', 'ingest_only', 2, false),
  c('instagram_graph', 'ingest_only', 3, false),
];

const BY_KEY = new Map(CATALOG.map((d) => [d.key, d]));

export function isConnectorKey(key: string): key is ConnectorKey {
  return BY_KEY.has(key as ConnectorKey);
}

export function assertConnectorKey(key: string, field = 'connector_key'): ConnectorKey {
  if (!isConnectorKey(key)) {
    throw invalid(
      'unknown_connector',
      `Unknown connector "${key}". Known connectors: ${CONNECTOR_KEYS.join(', ')}`,
      field,
    );
  }
  return key;
}

export function isConnectorState(s: string): s is ConnectorState {
  return (CONNECTOR_STATES as readonly string[]).includes(s);
}

export function assertConnectorState(s: string, field = 'state'): ConnectorState {
  if (!isConnectorState(s)) {
    throw invalid(
      'unknown_state',
      `Unknown connector state "${s}". Known states: ${CONNECTOR_STATES.join(', ')}`,
      field,
    );
  }
  return s;
}

export function connectorDefinition(key: ConnectorKey): ConnectorDefinition {
  return BY_KEY.get(key)!;
}

/**
 * Legal moves. Beyond the seed's diagram: a skipped connector may be taken up again, and a
 * connected one can be re-configured or lose its connection (a revoked token) and fail.
 */
export const TRANSITIONS: Readonly<Record<ConnectorState, readonly ConnectorState[]>> = {
  not_started: ['configuring', 'skipped'],
  configuring: ['connected_draft_only', 'connected_approved_execute', 'failed', 'skipped'],
  connected_draft_only: ['configuring', 'failed'],
  connected_approved_execute: ['configuring', 'failed'],
  failed: ['configuring', 'skipped'],
  skipped: ['configuring'],
};

export const CONNECTED_STATES: readonly ConnectorState[] = [
  'connected_draft_only',
  'connected_approved_execute',
];
export const isConnected = (s: ConnectorState) =>
  s === 'connected_draft_only' || s === 'connected_approved_execute';

/** States that must carry a reason: the customer or the operator has to say why. */
export const REASON_REQUIRED: readonly ConnectorState[] = ['failed', 'skipped'];

export function assertTransition(key: ConnectorKey, from: ConnectorState, to: ConnectorState): void {
  if (from === to) return;
  if (!TRANSITIONS[from].includes(to)) {
    throw conflict(
      'invalid_transition',
      `Connector "${key}" cannot move from ${from} to ${to}. Allowed from ${from}: ${TRANSITIONS[from].join(', ') || 'none'}`,
      'state',
      { from, to, allowed: TRANSITIONS[from] },
    );
  }
}

export interface ConnectorStatus {
  state: ConnectorState;
  notes: string;
  updated_at: string | null;
}
export type StatusMap = Partial<Record<ConnectorKey, ConnectorStatus>>;

export const NOTES_MAX = 1000;

/** Accepts the two shapes clients send (`{gmail: "configuring"}` or `{gmail: {state, notes}}`). */
export function reviveStatuses(
  raw: Record<
    string,
    string | { state: string; notes?: string | undefined; updated_at?: string | null | undefined }
  >,
): StatusMap {
  const out: StatusMap = {};
  for (const [key, value] of Object.entries(raw)) {
    const k = assertConnectorKey(key, `statuses.${key}`);
    const v = typeof value === 'string' ? { state: value } : value;
    const state = assertConnectorState(v.state, `statuses.${key}.state`);
    const notes = 'notes' in v && typeof v.notes === 'string' ? v.notes : '';
    if (notes.length > NOTES_MAX)
      throw invalid(
        'notes_too_long',
        `notes must be at most ${NOTES_MAX} characters`,
        `statuses.${key}.notes`,
      );
    out[k] = {
      state,
      notes,
      updated_at: 'updated_at' in v && typeof v.updated_at === 'string' ? v.updated_at : null,
    };
  }
  return out;
}

export function stateOf(statuses: StatusMap, key: ConnectorKey): ConnectorState {
  return statuses[key]?.state ?? 'not_started';
}

export function applyUpdate(
  statuses: StatusMap,
  update: { connector_key: string; state: string; notes?: string | undefined },
  now: Date,
): StatusMap {
  const key = assertConnectorKey(update.connector_key);
  const to = assertConnectorState(update.state);
  const notes = update.notes ?? '';
  if (notes.length > NOTES_MAX)
    throw invalid('notes_too_long', `notes must be at most ${NOTES_MAX} characters`, 'notes');
  assertTransition(key, stateOf(statuses, key), to);
  if (REASON_REQUIRED.includes(to) && notes.trim() === '') {
    throw invalid('reason_required', `Moving "${key}" to ${to} needs a reason in notes`, 'notes');
  }
  return { ...statuses, [key]: { state: to, notes, updated_at: now.toISOString() } };
}

export interface ConnectorSummary {
  customer_id: string;
  total: number;
  connected_count: number;
  connected_pct: number;
  by_state: Record<ConnectorState, number>;
  blocking_missing: ConnectorKey[];
  ready_for_first_service: boolean;
  connectors: Array<ConnectorDefinition & ConnectorStatus & { state_ar: string; live_action_enabled: false }>;
  approval_required: true;
  live_send_allowed: false;
}

export function summarize(customer_id: string, statuses: StatusMap): ConnectorSummary {
  const by_state = Object.fromEntries(CONNECTOR_STATES.map((s) => [s, 0])) as Record<ConnectorState, number>;
  const connectors = CATALOG.map((d) => {
    const st = statuses[d.key] ?? { state: 'not_started' as const, notes: '', updated_at: null };
    by_state[st.state]++;
    return { ...d, ...st, state_ar: STATE_TEXT[st.state], live_action_enabled: false as const };
  });
  const connected_count = connectors.filter((x) => isConnected(x.state)).length;
  const blocking_missing = connectors.filter((x) => x.blocking && !isConnected(x.state)).map((x) => x.key);
  return {
    customer_id,
    total: CATALOG.length,
    connected_count,
    connected_pct: round((connected_count / CATALOG.length) * 100, 1),
    by_state,
    blocking_missing,
    ready_for_first_service: blocking_missing.length === 0 && connected_count >= 1,
    connectors,
    approval_required: true,
    live_send_allowed: false,
  };
}
