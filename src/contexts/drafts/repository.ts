/** SQL for the approval queue. */
import type { Kysely, Transaction } from 'kysely';
import { insertRow } from '../../store/fast-insert.js';
import type { Database } from '../../store/schema.js';
import type { DraftTable } from '../../store/schema-tickets.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface DraftFilter {
  status?: string | undefined;
  kind?: string | undefined;
  customer_id?: string | undefined;
  subject_type?: string | undefined;
  subject_id?: string | undefined;
  after?: { key: string; id: string } | undefined;
  limit: number;
}

export const draftsRepo = {
  insert: (db: Db, row: DraftTable) => insertRow(db, 'drafts', row),
  get: (db: Db, id: string) => db.selectFrom('drafts').selectAll().where('id', '=', id).executeTakeFirst(),

  /** Oldest first: the queue is worked from the longest waiting. */
  list: (db: Db, f: DraftFilter) => {
    let q = db.selectFrom('drafts').selectAll();
    if (f.status) q = q.where('status', '=', f.status);
    if (f.kind) q = q.where('kind', '=', f.kind);
    if (f.customer_id) q = q.where('customer_id', '=', f.customer_id);
    if (f.subject_type) q = q.where('subject_type', '=', f.subject_type);
    if (f.subject_id) q = q.where('subject_id', '=', f.subject_id);
    const after = f.after;
    if (after)
      q = q.where((eb) =>
        eb.or([
          eb('created_at', '>', after.key),
          eb.and([eb('created_at', '=', after.key), eb('id', '>', after.id)]),
        ]),
      );
    return q.orderBy('created_at').orderBy('id').limit(f.limit).execute();
  },

  /** Optimistic update: false when the version moved on. */
  update: async (db: Db, id: string, version: number, row: DraftTable) => {
    const { id: _id, ...rest } = row;
    const r = await db
      .updateTable('drafts')
      .set(rest)
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
};
