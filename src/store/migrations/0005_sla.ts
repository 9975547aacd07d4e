import { type Kysely, sql } from 'kysely';

/**
 * The stored SLA engine: versioned calendars and policies, the per-ticket clock state the scheduler
 * wakes on, alerts fired once per ticket and threshold, the notification inbox, and the weekly
 * reviews with the freeze requests a critical verdict raises.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sla_calendars')
    .addColumn('revision', 'integer', (c) => c.primaryKey())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sla_policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scope_key', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('sla_policies_scope_revision', ['scope_key', 'revision'])
    .execute();

  const add = (name: string, type: 'text' | 'integer' | 'real', dflt?: string | number) =>
    db.schema
      .alterTable('tickets')
      .addColumn(name, type, (c) => (dflt === undefined ? c : c.notNull().defaultTo(dflt)))
      .execute();
  await add('calendar_revision', 'integer', 0);
  await add('policy_id', 'text', 'default');
  await add('clock', 'text', 'business');
  await add('fr_target_minutes', 'real', 0);
  await add('res_target_minutes', 'real', 0);
  await add('clock_anchor_at', 'text');
  await add('counted_minutes', 'real', 0);
  await add('paused_at', 'text');
  await add('draft_ready_at', 'text');
  await add('approval_pending_at', 'text');
  await add('approved_at', 'text');
  await add('first_response_minutes', 'real');
  await add('resolution_minutes', 'real');
  await add('fr_breached', 'integer', 0);
  await add('res_breached', 'integer', 0);
  await add('breach_cause', 'text');
  await add('next_alert_at', 'text');
  await add('alerts_fired', 'integer', 0);
  // Each index is one more page written per ticket; status filters ride on the due-time order.
  await db.schema.dropIndex('tickets_status').ifExists().execute();
  // Tickets stored before this migration ran on the default policy.
  await sql`update tickets set
      clock = case when priority in ('P0', 'P1') then 'calendar' else 'business' end,
      fr_target_minutes = case priority when 'P0' then 30 when 'P1' then 120 when 'P2' then 480 else 1440 end,
      res_target_minutes = case priority when 'P0' then 240 when 'P1' then 1440 when 'P2' then 1440 else 2400 end,
      clock_anchor_at = case when resolved_at is null then opened_at else null end,
      draft_ready_at = opened_at,
      approval_pending_at = opened_at`.execute(db);

  // Drafts learn who approved, rejected and sent them (the approval queue).
  for (const col of [
    'approved_by',
    'approved_at',
    'rejected_by',
    'rejected_at',
    'reject_reason',
    'sent_by',
    'sent_at',
    'send_mode',
  ]) {
    await db.schema.alterTable('drafts').addColumn(col, 'text').execute();
  }

  await db.schema
    .createTable('sla_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('threshold', 'integer', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('fired_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addUniqueConstraint('sla_alerts_once', ['ticket_id', 'target', 'threshold'])
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('title_ar', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addUniqueConstraint('notifications_once', ['user_id', 'dedupe_key'])
    .execute();
  await db.schema
    .createIndex('notifications_inbox')
    .on('notifications')
    .columns(['user_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('sla_week_reviews')
    .addColumn('week', 'text', (c) => c.primaryKey())
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('breach_rate', 'real', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('reviewed_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('freeze_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('channel', 'text')
    .addColumn('customer_id', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_key', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('requested'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'freeze_requests',
    'sla_week_reviews',
    'notifications',
    'sla_alerts',
    'sla_policies',
    'sla_calendars',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
