/** SQL for stored incidents, their plan steps and timeline. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../store/schema.js';
import type {
  IncidentStepTable,
  IncidentTable,
  IncidentTimelineTable,
} from '../../store/schema-incidents.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface IncidentFilter {
  status?: string | undefined;
  severity?: string | undefined;
  after?: string | undefined;
  limit: number;
}

export const incidentsRepo = {
  insert: (db: Db, row: IncidentTable) => db.insertInto('incidents').values(row).execute(),
  get: (db: Db, id: string) => db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst(),
  /** Newest first: ids are time-ordered, so paging goes to ids below `after`. */
  list: (db: Db, f: IncidentFilter) => {
    let q = db.selectFrom('incidents').selectAll();
    if (f.status) q = q.where('status', '=', f.status);
    if (f.severity) q = q.where('severity', '=', f.severity);
    if (f.after) q = q.where('id', '<', f.after);
    return q.orderBy('id', 'desc').limit(f.limit).execute();
  },
  /** Optimistic update: returns false when the version moved on. */
  update: async (db: Db, id: string, version: number, patch: Partial<IncidentTable>) => {
    const r = await db
      .updateTable('incidents')
      .set({ ...patch, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  /** Bumps the version without a check, for changes that cannot conflict (steps, updates). */
  touch: (db: Db, id: string, patch: Partial<IncidentTable>) =>
    db
      .updateTable('incidents')
      .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .execute(),
  existingCustomerIds: async (db: Db, ids: string[]) => {
    if (ids.length === 0) return new Set<string>();
    const rows = await db.selectFrom('customers').select('id').where('id', 'in', ids).execute();
    return new Set(rows.map((r) => r.id));
  },
  insertSteps: (db: Db, rows: IncidentStepTable[]) => db.insertInto('incident_steps').values(rows).execute(),
  steps: (db: Db, incidentId: string) =>
    db.selectFrom('incident_steps').selectAll().where('incident_id', '=', incidentId).orderBy('n').execute(),
  step: (db: Db, incidentId: string, n: number) =>
    db
      .selectFrom('incident_steps')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .where('n', '=', n)
      .executeTakeFirst(),
  updateStep: (db: Db, incidentId: string, n: number, patch: Partial<IncidentStepTable>) =>
    db
      .updateTable('incident_steps')
      .set(patch)
      .where('incident_id', '=', incidentId)
      .where('n', '=', n)
      .execute(),
  addTimeline: (db: Db, row: IncidentTimelineTable) =>
    db.insertInto('incident_timeline').values(row).execute(),
  timeline: (db: Db, incidentId: string) =>
    db
      .selectFrom('incident_timeline')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .orderBy('id')
      .execute(),
};
