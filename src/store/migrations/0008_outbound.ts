import type { Kysely } from 'kysely';

/**
 * Approval-first outbound: freezes (manual and automatic), channel health metrics, WhatsApp opt-ins
 * and what a draft looked like when it was approved (so the send gate can tell it is unchanged).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('freezes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('channel', 'text')
    .addColumn('customer_id', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_ref', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('needs_second_approver', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('lift_requested_by', 'text')
    .addColumn('lift_requested_at', 'text')
    .addColumn('lift_reason', 'text')
    .addColumn('lifted_by', 'text')
    .addColumn('lifted_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('freezes_status').on('freezes').columns(['status', 'scope']).execute();

  await db.schema
    .createTable('channel_metrics')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('sent', 'integer', (c) => c.notNull())
    .addColumn('bounced', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('complained', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('blocked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('period_start', 'text')
    .addColumn('period_end', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('channel_metrics_customer')
    .on('channel_metrics')
    .columns(['customer_id', 'channel', 'recorded_at'])
    .execute();

  await db.schema
    .createTable('whatsapp_opt_ins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .addUniqueConstraint('whatsapp_opt_ins_number', ['customer_id', 'phone'])
    .execute();

  // The approved content's fingerprint and who may have approved it; sends name their provider id.
  for (const col of ['approved_hash', 'approved_role', 'invalidated_reason', 'provider_ref']) {
    await db.schema.alterTable('drafts').addColumn(col, 'text').execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['whatsapp_opt_ins', 'channel_metrics', 'freezes']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
