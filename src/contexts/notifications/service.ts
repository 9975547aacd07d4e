/**
 * The notifications inbox: every user reads and clears only their own notifications (written by
 * notify.ts — SLA warnings and breaches, and whatever else addresses a role). Someone else's
 * notification is simply not there (404), whatever the caller's role.
 *
 * Marking read is personal bookkeeping, not a business decision, so it is not written to the Ledger.
 */

import type { Kysely, Transaction } from 'kysely';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { notFound } from '../../lib/errors.js';
import type { Database } from '../../store/schema.js';
import type { NotificationTable } from '../../store/schema-sla.js';
import type { Deps } from '../../store/unit.js';
import { authorize, type Principal } from '../access/domain.js';

type Db = Kysely<Database> | Transaction<Database>;

const decodeAtCursor = (s: string) => {
  const c = decodeCursor(s);
  return { at: c.key, id: c.id };
};

export interface NotificationView {
  id: string;
  kind: string;
  subject_type: string;
  subject_id: string;
  customer_id: string | null;
  title_ar: string;
  title_en: string;
  data: Record<string, unknown>;
  created_at: string;
  read_at: string | null;
}

export interface NotificationPage {
  notifications: NotificationView[];
  /** Pass as `after` for the next (older) page; null on the last page. */
  next_after: string | null;
  /** The caller's unread notifications in all, whatever the page. */
  unread_count: number;
}

export interface InboxQuery {
  unread?: boolean | undefined;
  after?: string | undefined;
  limit: number;
}

const COLUMNS = [
  'id',
  'kind',
  'subject_type',
  'subject_id',
  'customer_id',
  'title_ar',
  'title_en',
  'data',
  'created_at',
  'read_at',
] as const satisfies readonly (keyof NotificationTable)[];
type Row = Pick<NotificationTable, (typeof COLUMNS)[number]>;

function viewOf(r: Row): NotificationView {
  let data: Record<string, unknown> = {};
  try {
    const v = JSON.parse(r.data) as unknown;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) data = v as Record<string, unknown>;
  } catch {
    // a damaged payload shows as empty rather than failing the whole inbox
  }
  return { ...r, data };
}

export const notificationNotFound = (id: string) =>
  notFound('notification_not_found', `No notification with id "${id}"`, 'id');

const inbox = {
  /** Newest first, then by id: a stable keyset order (index notifications_inbox / _unread). */
  list: (
    db: Db,
    userId: string,
    q: { unread: boolean; after: { at: string; id: string } | null; limit: number },
  ) => {
    let s = db.selectFrom('notifications').select(COLUMNS).where('user_id', '=', userId);
    if (q.unread) s = s.where('read_at', 'is', null);
    const after = q.after;
    if (after)
      s = s.where((eb) =>
        eb.or([
          eb('created_at', '<', after.at),
          eb.and([eb('created_at', '=', after.at), eb('id', '<', after.id)]),
        ]),
      );
    return s.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
  },
  unreadCount: async (db: Db, userId: string) => {
    const r = await db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  },
  get: (db: Db, userId: string, id: string) =>
    db
      .selectFrom('notifications')
      .select(COLUMNS)
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst(),
  /** Marks unread notifications of a user read (one, or all); returns how many changed. */
  markRead: async (db: Db, userId: string, at: string, id?: string) => {
    let u = db
      .updateTable('notifications')
      .set({ read_at: at })
      .where('user_id', '=', userId)
      .where('read_at', 'is', null);
    if (id !== undefined) u = u.where('id', '=', id);
    const r = await u.executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
};

export function notificationsService(deps: Deps) {
  return {
    /** The caller's own inbox, newest first. */
    async list(q: InboxQuery, p: Principal): Promise<NotificationPage> {
      authorize(p, 'notifications.read');
      const db = deps.store.db;
      const [rows, unread_count] = await Promise.all([
        inbox.list(db, p.user_id, {
          unread: q.unread === true,
          after: q.after ? decodeAtCursor(q.after) : null,
          limit: q.limit,
        }),
        inbox.unreadCount(db, p.user_id),
      ]);
      const last = rows.at(-1);
      return {
        notifications: rows.map(viewOf),
        next_after: last && rows.length === q.limit ? encodeCursor(last.created_at, last.id) : null,
        unread_count,
      };
    },

    /** Marks one of the caller's notifications read; reading it again keeps the first read time. */
    async markRead(id: string, p: Principal): Promise<NotificationView> {
      authorize(p, 'notifications.read');
      const db = deps.store.db;
      await inbox.markRead(db, p.user_id, deps.clock.now().toISOString(), id);
      const row = await inbox.get(db, p.user_id, id);
      if (!row) throw notificationNotFound(id);
      return viewOf(row);
    },

    /** Marks every unread notification of the caller read. */
    async markAllRead(p: Principal): Promise<{ marked_read: number; read_at: string }> {
      authorize(p, 'notifications.read');
      const at = deps.clock.now().toISOString();
      return { marked_read: await inbox.markRead(deps.store.db, p.user_id, at), read_at: at };
    },
  };
}
export type NotificationsService = ReturnType<typeof notificationsService>;
