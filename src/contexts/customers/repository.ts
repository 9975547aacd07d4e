/** SQL for customers and the records created with them. */
import type { Kysely, Transaction } from 'kysely';
import type { CustomerTable, Database } from '../../store/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export const customersRepo = {
  insert: (db: Db, row: CustomerTable) => db.insertInto('customers').values(row).execute(),
  get: (db: Db, id: string) => db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst(),
  list: (db: Db, opts: { limit: number; after?: string | undefined }) => {
    let q = db.selectFrom('customers').selectAll();
    if (opts.after) q = q.where('id', '>', opts.after);
    return q.orderBy('id', 'asc').limit(opts.limit).execute();
  },
  /** Optimistic update: returns false when the version moved on. */
  update: async (db: Db, id: string, version: number, patch: Partial<CustomerTable>) => {
    const r = await db
      .updateTable('customers')
      .set({ ...patch, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  steps: (db: Db, customerId: string) =>
    db
      .selectFrom('onboarding_steps')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('position')
      .execute(),
  connectors: (db: Db, customerId: string) =>
    db.selectFrom('connector_states').selectAll().where('customer_id', '=', customerId).execute(),
  connectorHistory: (db: Db, customerId: string) =>
    db
      .selectFrom('connector_history')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('id')
      .execute(),
  tasks: (db: Db, customerId: string) =>
    db
      .selectFrom('success_tasks')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('day')
      .orderBy('id')
      .execute(),
};
