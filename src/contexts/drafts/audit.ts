/**
 * The unauthorized-send detector. A send is authorized only by an approval of the very content
 * that left (same fingerprint), not withdrawn since by an edit, a rejection or a freeze. The audit
 * walks the Action Ledger's draft entries in order and checks every send and hand-off against the
 * approval before it, and checks that every draft stored as sent has its send in the Ledger (a
 * send written around the gate leaves no entry). Each finding opens a SEV1 incident, once per draft.
 */
import type { DraftTable } from '../../store/schema-tickets.js';
import { type Deps, inUnit } from '../../store/unit.js';
import { CHANNELS, type Channel, incidentsService } from '../incidents/stored-service.js';
import { AUDIT_AR } from './messages.js';

export const DETECTED_ACTION = 'outbound.unauthorized_send_detected';
const PAGE = 5000;

export interface AuditFinding {
  draft_id: string;
  reason: 'no_matching_approval' | 'sent_without_ledger' | 'approval_changed';
  seq: number | null;
}

/** Findings over the whole Ledger and drafts table (read-only). */
export async function findUnauthorizedSends(deps: Deps): Promise<AuditFinding[]> {
  const db = deps.store.db;
  const approved = new Map<string, string | null>();
  const sentInLedger = new Set<string>();
  const findings: AuditFinding[] = [];
  for (let after = 0; ; ) {
    const rows = await db
      .selectFrom('ledger')
      .select(['seq', 'action', 'subject', 'data'])
      .where('seq', '>', after)
      .where('action', 'like', 'draft.%')
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const r of rows) {
      const data = JSON.parse(r.data) as { approved_hash?: string | null };
      switch (r.action) {
        case 'draft.approved':
          approved.set(r.subject, data.approved_hash ?? null);
          break;
        case 'draft.edited':
        case 'draft.rejected':
        case 'draft.invalidated':
          approved.set(r.subject, null);
          break;
        case 'draft.sent':
        case 'draft.handed_off': {
          sentInLedger.add(r.subject);
          const hash = approved.get(r.subject) ?? null;
          if (hash === null || data.approved_hash !== hash)
            findings.push({ draft_id: r.subject, reason: 'no_matching_approval', seq: Number(r.seq) });
          break;
        }
        case 'draft.tamper_suspected':
          findings.push({ draft_id: r.subject, reason: 'approval_changed', seq: Number(r.seq) });
          break;
      }
    }
    if (rows.length < PAGE) break;
    after = Number(rows.at(-1)!.seq);
  }
  const sentRows = await db.selectFrom('drafts').select('id').where('status', '=', 'sent').execute();
  for (const d of sentRows)
    if (!sentInLedger.has(d.id)) findings.push({ draft_id: d.id, reason: 'sent_without_ledger', seq: null });
  return findings;
}

/** Opens a SEV1 incident for a draft sent (or about to be) without a matching approval — once. */
export async function openTamperIncident(
  deps: Deps,
  draft: Pick<DraftTable, 'id' | 'channel' | 'customer_id'>,
  reason: string,
): Promise<string | null> {
  const seen = await deps.store.db
    .selectFrom('ledger')
    .select('seq')
    .where('subject', '=', draft.id)
    .where('action', '=', DETECTED_ACTION)
    .executeTakeFirst();
  if (seen) return null;
  const channel = (CHANNELS as readonly string[]).includes(draft.channel)
    ? (draft.channel as Channel)
    : undefined;
  const incident = await incidentsService(deps).create(
    {
      title: AUDIT_AR.title,
      description: AUDIT_AR.description(draft.id, reason),
      affected_customers: draft.customer_id ? 1 : 0,
      has_unauthorized_send: true,
      ...(draft.customer_id ? { customer_ids: [draft.customer_id] } : {}),
      ...(channel ? { channel } : {}),
    },
    'system',
  );
  const id =
    (incident as { id?: string; incident?: { id: string } }).id ??
    (incident as { incident: { id: string } }).incident.id;
  await inUnit(deps, 'system', (u) => u.record(DETECTED_ACTION, draft.id, { reason, incident_id: id }));
  return id;
}

/** Runs the audit and opens one SEV1 incident per offending draft; returns what it found. */
export async function auditSends(deps: Deps) {
  const findings = await findUnauthorizedSends(deps);
  const opened: Array<{ draft_id: string; incident_id: string }> = [];
  for (const f of findings) {
    const d = await deps.store.db
      .selectFrom('drafts')
      .select(['id', 'channel', 'customer_id'])
      .where('id', '=', f.draft_id)
      .executeTakeFirst();
    const id = await openTamperIncident(
      deps,
      d ?? { id: f.draft_id, channel: 'other', customer_id: null },
      f.reason,
    );
    if (id) opened.push({ draft_id: f.draft_id, incident_id: id });
  }
  return { findings, incidents_opened: opened };
}
