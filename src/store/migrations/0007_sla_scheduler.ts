import { type Kysely, sql } from 'kysely';

/**
 * Indexes for the SLA scheduler and the notifications inbox.
 *
 * - The scheduler's questions ("what is due now?", "when is the next thing due?") only ever concern
 *   tickets with a next look planned; most stored tickets are resolved and have none. A partial
 *   index over the planned ones stays small as the table grows, and ends in `id` so the due batch
 *   comes in a stable order.
 * - The inbox's "unread" view is a partial index of the unread notifications, so a long history
 *   of read ones is never walked through.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('tickets_alert_due')
    .on('tickets')
    .columns(['next_alert_at', 'id'])
    .where(sql.ref('next_alert_at'), 'is not', null)
    .execute();
  // Superseded by the partial index above.
  await db.schema.dropIndex('tickets_next_alert').ifExists().execute();
  await db.schema
    .createIndex('notifications_unread')
    .on('notifications')
    .columns(['user_id', 'created_at', 'id'])
    .where(sql.ref('read_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('notifications_unread').ifExists().execute();
  await db.schema
    .createIndex('tickets_next_alert')
    .ifNotExists()
    .on('tickets')
    .columns(['next_alert_at'])
    .execute();
  await db.schema.dropIndex('tickets_alert_due').ifExists().execute();
}
