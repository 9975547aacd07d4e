import type { Kysely } from 'kysely';

/** Incidents, their response-plan checklist and timeline. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('reason_ar', 'text', (c) => c.notNull())
    .addColumn('affected_customers', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('customer_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('has_data_leak', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('has_unauthorized_send', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('channel', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('became_aware_at', 'text')
    .addColumn('first_action_due_at', 'text', (c) => c.notNull())
    .addColumn('next_update_due_at', 'text')
    .addColumn('postmortem_due_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // Overdue updates are found by due time; lists filter by status and page by id.
  await db.schema.createIndex('incidents_next_update').on('incidents').column('next_update_due_at').execute();
  await db.schema.createIndex('incidents_status').on('incidents').columns(['status', 'id']).execute();

  await db.schema
    .createTable('incident_steps')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('n', 'integer', (c) => c.notNull())
    .addColumn('title_ar', 'text', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('done_at', 'text')
    .addColumn('done_by', 'text')
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('incident_steps_pk', ['incident_id', 'n'])
    .execute();

  await db.schema
    .createTable('incident_timeline')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('incident_timeline_incident')
    .on('incident_timeline')
    .columns(['incident_id', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['incident_timeline', 'incident_steps', 'incidents']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
