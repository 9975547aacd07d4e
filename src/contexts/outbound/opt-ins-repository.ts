/** SQL for WhatsApp opt-ins and the connector states the send gate reads. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { WhatsappOptInTable } from '../../store/schema-outbound.js';

export type Db = Kysely<Database> | Transaction<Database>;

export interface OptInFilter {
  status?: 'active' | 'revoked' | undefined;
  /** The page starts after this phone (phones are unique per customer). */
  after?: string | undefined;
  limit: number;
}

export const optInsRepo = {
  customerExists: async (db: Db, id: string) =>
    (await db.selectFrom('customers').select('id').where('id', '=', id).executeTakeFirst()) !== undefined,

  get: (db: Db, customerId: string, phone: string) =>
    db
      .selectFrom('whatsapp_opt_ins')
      .selectAll()
      .where('customer_id', '=', customerId)
      .where('phone', '=', phone)
      .executeTakeFirst(),

  /** Inserts unless the number is already on record for the customer; true when inserted. */
  insertIfAbsent: async (db: Db, row: WhatsappOptInTable) => {
    const r = await db
      .insertInto('whatsapp_opt_ins')
      .values(row)
      .onConflict((oc) => oc.columns(['customer_id', 'phone']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  },

  /** Records a new opt-in over a revoked one; false when it was not revoked (any more). */
  reactivate: async (
    db: Db,
    id: string,
    patch: Pick<WhatsappOptInTable, 'source' | 'evidence' | 'recorded_at' | 'recorded_by'>,
  ) => {
    const r = await db
      .updateTable('whatsapp_opt_ins')
      .set({ ...patch, revoked_at: null, revoked_by: null })
      .where('id', '=', id)
      .where('revoked_at', 'is not', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  /** Revokes an active opt-in; false when it was already revoked. */
  revoke: async (db: Db, id: string, at: string, by: string) => {
    const r = await db
      .updateTable('whatsapp_opt_ins')
      .set({ revoked_at: at, revoked_by: by })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  list: (db: Db, customerId: string, f: OptInFilter) => {
    let q = db.selectFrom('whatsapp_opt_ins').selectAll().where('customer_id', '=', customerId);
    if (f.status === 'active') q = q.where('revoked_at', 'is', null);
    if (f.status === 'revoked') q = q.where('revoked_at', 'is not', null);
    if (f.after) q = q.where('phone', '>', f.after);
    return q.orderBy('phone').limit(f.limit).execute();
  },

  hasActive: async (db: Db, customerId: string, phone: string) =>
    (await db
      .selectFrom('whatsapp_opt_ins')
      .select('id')
      .where('customer_id', '=', customerId)
      .where('phone', '=', phone)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()) !== undefined,

  connectorState: (db: Db, customerId: string, connectorKey: string) =>
    db
      .selectFrom('connector_states')
      .select('state')
      .where('customer_id', '=', customerId)
      .where('connector_key', '=', connectorKey)
      .executeTakeFirst(),
};
