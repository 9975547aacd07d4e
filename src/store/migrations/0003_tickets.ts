import type { Kysely } from 'kysely';

/** Tickets, their SLA event log and first-response drafts. */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
