import type { Kysely } from 'kysely';

/** Incidents, their response-plan checklist and timeline. */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
