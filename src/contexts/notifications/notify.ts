/**
 * Writes notifications into users' inboxes (delivery channels come later). A notification is
 * addressed to a role — the ticket's owner, the founder — and lands in the inbox of every active
 * user with that role; when nobody holds the role it goes to the founders, so nothing is dropped.
 * The same `dedupe_key` never notifies the same user twice (a unique constraint), so a retried or
 * concurrent writer is harmless.
 */
import type { Kysely, Transaction } from 'kysely';
import { newId } from '../../store/ids.js';
import type { Database } from '../../store/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface NotificationInput {
  /** A role name (founder, operator_oncall, operator_team). */
  role: string;
  kind: string;
  subject_type: string;
  subject_id: string;
  customer_id: string | null;
  title_ar: string;
  title_en: string;
  data: Record<string, unknown>;
  dedupe_key: string;
}

/** Fans a notification out to the role's active users; returns the user ids written to. */
export async function notifyRole(db: Db, n: NotificationInput, now: Date): Promise<string[]> {
  const usersOf = (role: string) =>
    db
      .selectFrom('users')
      .select('id')
      .where('role', '=', role)
      .where('disabled', '=', 0)
      .orderBy('id')
      .execute();
  let users = await usersOf(n.role);
  if (users.length === 0 && n.role !== 'founder') users = await usersOf('founder');
  const at = now.toISOString();
  const written: string[] = [];
  for (const u of users) {
    const r = await db
      .insertInto('notifications')
      .values({
        id: newId('ntf', now),
        user_id: u.id,
        kind: n.kind,
        subject_type: n.subject_type,
        subject_id: n.subject_id,
        customer_id: n.customer_id,
        title_ar: n.title_ar,
        title_en: n.title_en,
        data: JSON.stringify(n.data),
        dedupe_key: n.dedupe_key,
        created_at: at,
        read_at: null,
      })
      .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0n) > 0) written.push(u.id);
  }
  return written;
}
