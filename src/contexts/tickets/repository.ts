/** SQL for tickets, their event log and their drafts. */
import {
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type SqlBool,
  sql,
  type Transaction,
} from 'kysely';
import { insertRow } from '../../store/fast-insert.js';
import type { Database } from '../../store/schema.js';
import type { DraftTable, TicketEventTable, TicketTable } from '../../store/schema-tickets.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Sorts after every ISO time, so tickets with nothing due come last on every dialect. */
const NOTHING_DUE = '9999-12-31T23:59:59.999Z';
const dueKey = sql<string>`coalesce(${sql.ref('next_due_at')}, ${NOTHING_DUE})`;

/**
 * A target missed as of `now` (ISO): met late, or unmet and past due — an unmet target judged when
 * its clock stopped (paused on the customer, or resolved). Must agree with the ticket view. Each
 * branch is null-safe so NOT(...) is exact too.
 */
function breachingExpr(eb: ExpressionBuilder<Database, 'tickets'>, now: string): Expression<SqlBool> {
  const frJudged = sql<string>`coalesce(${sql.ref('paused_at')}, ${sql.ref('resolved_at')}, ${now})`;
  const resJudged = sql<string>`coalesce(${sql.ref('paused_at')}, ${now})`;
  return eb.or([
    eb.and([eb('first_response_at', 'is', null), eb('first_response_due_at', '<', frJudged)]),
    eb.and([
      eb('first_response_at', 'is not', null),
      eb('first_response_at', '>', eb.ref('first_response_due_at')),
    ]),
    eb.and([eb('resolved_at', 'is', null), eb('resolution_due_at', '<', resJudged)]),
    eb.and([eb('resolved_at', 'is not', null), eb('resolved_at', '>', eb.ref('resolution_due_at'))]),
  ]);
}

export interface TicketFilter {
  customer_id?: string | undefined;
  status?: string | undefined;
  priority?: string | undefined;
  breaching?: boolean | undefined;
  /** The position after which the page starts: (sort key, id) of the previous page's last row. */
  after?: { key: string; id: string } | undefined;
  now: string;
  limit: number;
}

export const ticketsRepo = {
  /** The customer a ticket is opened for, with its contacts (to greet the sender by name). */
  customer: (db: Db, id: string) =>
    db.selectFrom('customers').select(['id', 'contacts']).where('id', '=', id).executeTakeFirst(),
  insert: (db: Db, row: TicketTable) => insertRow(db, 'tickets', row),
  get: (db: Db, id: string) => db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst(),

  /** Earliest next due first, nothing due last, then by id: a stable keyset order. */
  list: (db: Db, f: TicketFilter) => {
    let q = db.selectFrom('tickets').selectAll().select(dueKey.as('sort_key'));
    if (f.customer_id) q = q.where('customer_id', '=', f.customer_id);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.priority) q = q.where('priority', '=', f.priority);
    if (f.breaching !== undefined)
      q = q.where((eb) => (f.breaching ? breachingExpr(eb, f.now) : eb.not(breachingExpr(eb, f.now))));
    const after = f.after;
    if (after)
      q = q.where((eb) =>
        eb.or([eb(dueKey, '>', after.key), eb.and([eb(dueKey, '=', after.key), eb('id', '>', after.id)])]),
      );
    return q.orderBy(dueKey).orderBy('id').limit(f.limit).execute();
  },

  /** Optimistic update: returns false when the version moved on. */
  update: async (db: Db, id: string, version: number, patch: Partial<TicketTable>) => {
    const r = await db
      .updateTable('tickets')
      .set({ ...patch, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  addEvent: (db: Db, row: TicketEventTable) => db.insertInto('ticket_events').values(row).execute(),
  events: (db: Db, ticketId: string) =>
    db
      .selectFrom('ticket_events')
      .selectAll()
      .where('ticket_id', '=', ticketId)
      .orderBy('at')
      .orderBy('id')
      .execute(),

  addDraft: (db: Db, row: DraftTable) => insertRow(db, 'drafts', row),
  drafts: (db: Db, ticketId: string) =>
    db
      .selectFrom('drafts')
      .selectAll()
      .where('subject_type', '=', 'ticket')
      .where('subject_id', '=', ticketId)
      .orderBy('id')
      .execute(),
  /** Marks a ticket's still-pending drafts of one kind; returns how many changed. */
  supersedePending: async (db: Db, ticketId: string, kind: string, at: string) => {
    const r = await db
      .updateTable('drafts')
      .set((eb) => ({ status: 'superseded', updated_at: at, version: eb('version', '+', 1) }))
      .where('subject_type', '=', 'ticket')
      .where('subject_id', '=', ticketId)
      .where('kind', '=', kind)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
};
