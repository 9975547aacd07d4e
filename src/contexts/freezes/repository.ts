/** SQL for freezes, channel metrics and the drafts a freeze withdraws approval from. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { ChannelMetricsTable, FreezeTable } from '../../store/schema-outbound.js';
import { FROZEN_STATUSES, type FreezeTarget } from './domain.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface FreezeFilter {
  status?: string | undefined;
  scope?: string | undefined;
  customer_id?: string | undefined;
  channel?: string | undefined;
  /** The last row of the previous page (newest first). */
  before?: { key: string; id: string } | undefined;
  limit: number;
}

/**
 * The freeze, if any, that stops a live action on `channel` for `customer_id`: a still-frozen row
 * (active or waiting for its second approver) whose scope covers the pair. One query on the
 * (status, scope) index; the oldest such freeze is answered so the reason is stable.
 */
export function activeFreezeFor(
  db: Db,
  target: { channel: string; customer_id: string | null },
): Promise<FreezeTable | undefined> {
  return db
    .selectFrom('freezes')
    .selectAll()
    .where('status', 'in', FROZEN_STATUSES)
    .where((eb) => {
      const any = [
        eb('scope', '=', 'global'),
        eb.and([eb('scope', '=', 'channel'), eb('channel', '=', target.channel)]),
      ];
      if (target.customer_id !== null) {
        any.push(
          eb.and([eb('scope', '=', 'customer'), eb('customer_id', '=', target.customer_id)]),
          eb.and([
            eb('scope', '=', 'customer_channel'),
            eb('customer_id', '=', target.customer_id),
            eb('channel', '=', target.channel),
          ]),
        );
      }
      return eb.or(any);
    })
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

export const freezesRepo = {
  insert: (db: Db, row: FreezeTable) => db.insertInto('freezes').values(row).execute(),

  get: (db: Db, id: string) => db.selectFrom('freezes').selectAll().where('id', '=', id).executeTakeFirst(),

  /** Newest first. */
  list: (db: Db, f: FreezeFilter) => {
    let q = db.selectFrom('freezes').selectAll();
    if (f.status) q = q.where('status', '=', f.status);
    if (f.scope) q = q.where('scope', '=', f.scope);
    if (f.customer_id) q = q.where('customer_id', '=', f.customer_id);
    if (f.channel) q = q.where('channel', '=', f.channel);
    const before = f.before;
    if (before)
      q = q.where((eb) =>
        eb.or([
          eb('created_at', '<', before.key),
          eb.and([eb('created_at', '=', before.key), eb('id', '<', before.id)]),
        ]),
      );
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
  },

  /** A still-frozen freeze from `source` with exactly this scope, if one exists. */
  frozenFromSource: (db: Db, source: string, t: FreezeTarget) => {
    let q = db
      .selectFrom('freezes')
      .selectAll()
      .where('status', 'in', FROZEN_STATUSES)
      .where('scope', '=', t.scope)
      .where('source', '=', source);
    q = t.channel === null ? q.where('channel', 'is', null) : q.where('channel', '=', t.channel);
    q =
      t.customer_id === null
        ? q.where('customer_id', 'is', null)
        : q.where('customer_id', '=', t.customer_id);
    return q.orderBy('created_at').limit(1).executeTakeFirst();
  },

  /** A freeze raised by `source` for `ref` (an incident, a week), whatever its status. */
  bySourceRef: (db: Db, source: string, ref: string) =>
    db
      .selectFrom('freezes')
      .selectAll()
      .where('source', '=', source)
      .where('source_ref', '=', ref)
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst(),

  /** Optimistic update: false when the version moved on. */
  update: async (
    db: Db,
    id: string,
    version: number,
    patch: Partial<Omit<FreezeTable, 'id' | 'version'>>,
  ) => {
    const r = await db
      .updateTable('freezes')
      .set({ ...patch, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  customerExists: async (db: Db, id: string) =>
    (await db.selectFrom('customers').select('id').where('id', '=', id).executeTakeFirst()) !== undefined,

  /** Locks the customer's row until the transaction ends (PostgreSQL), serialising its metrics. */
  lockCustomer: (db: Db, id: string) =>
    db.selectFrom('customers').select('id').where('id', '=', id).forUpdate().executeTakeFirst(),

  insertMetrics: (db: Db, row: ChannelMetricsTable) => db.insertInto('channel_metrics').values(row).execute(),

  /**
   * Withdraws the approval of every approved, unsent draft in the scope, in one statement, and
   * answers the rows it changed (so each gets its Ledger entry and none is missed or counted twice).
   */
  invalidateApproved: (db: Db, t: FreezeTarget, reason: string, at: string) => {
    let q = db
      .updateTable('drafts')
      .set((eb) => ({
        status: 'invalidated',
        invalidated_reason: reason,
        approved_by: null,
        approved_at: null,
        approved_hash: null,
        approved_role: null,
        updated_at: at,
        version: eb('version', '+', 1),
      }))
      .where('status', '=', 'approved');
    if (t.channel !== null) q = q.where('channel', '=', t.channel);
    if (t.customer_id !== null) q = q.where('customer_id', '=', t.customer_id);
    return q.returning(['id', 'kind', 'channel', 'customer_id']).execute();
  },
};
