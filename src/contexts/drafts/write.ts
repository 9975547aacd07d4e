/**
 * Writing a draft row inside a caller's unit of work, with its Ledger entry: the one way any
 * context puts a customer-facing text in the approval queue.
 */
import { newId } from '../../store/ids.js';
import type { DraftTable } from '../../store/schema-tickets.js';
import type { UnitContext } from '../../store/unit.js';
import { checkClaims } from '../claims/guard.js';
import { draftsRepo } from './repository.js';

export interface DraftFields {
  kind: string;
  channel: string;
  recipient: string | null;
  subject_type: string;
  subject_id: string;
  customer_id: string | null;
  body_ar: string;
  body_en: string | null;
}

/** A new pending draft row with nothing approved, rejected or sent yet. */
export function draftRow(now: Date, f: DraftFields): DraftTable {
  const at = now.toISOString();
  return {
    id: newId('drf', now),
    ...f,
    status: 'pending',
    created_at: at,
    updated_at: at,
    version: 1,
    approved_by: null,
    approved_at: null,
    rejected_by: null,
    rejected_at: null,
    reject_reason: null,
    sent_by: null,
    sent_at: null,
    send_mode: null,
    approved_hash: null,
    approved_role: null,
    invalidated_reason: null,
    provider_ref: null,
  };
}

export async function writeDraft(u: UnitContext, f: DraftFields): Promise<DraftTable> {
  const row = draftRow(u.now, f);
  await draftsRepo.insert(u.tx, row);
  const claimsOk = checkClaims(row.body_ar).ok && (row.body_en === null || checkClaims(row.body_en).ok);
  await u.record('draft.created', row.id, {
    kind: row.kind,
    channel: row.channel,
    subject_type: row.subject_type,
    subject_id: row.subject_id,
    customer_id: row.customer_id,
    version: 1,
    claims_ok: claimsOk,
  });
  return row;
}

/** The email contacts of the given customers, one draft each (customers without one get none). */
export async function customerContacts(
  u: UnitContext,
  customerIds: readonly string[],
): Promise<Array<{ customer_id: string; email: string; name: string | null }>> {
  if (customerIds.length === 0) return [];
  const rows = await u.tx
    .selectFrom('customers')
    .select(['id', 'contacts'])
    .where('id', 'in', [...customerIds])
    .orderBy('id')
    .execute();
  const out: Array<{ customer_id: string; email: string; name: string | null }> = [];
  for (const r of rows) {
    const contacts = JSON.parse(r.contacts) as Array<{ name?: string; email?: string }>;
    for (const c of contacts)
      if (c.email) out.push({ customer_id: r.id, email: c.email, name: c.name ?? null });
  }
  return out;
}
