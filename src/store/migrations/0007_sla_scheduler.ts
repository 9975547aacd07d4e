import type { Kysely } from 'kysely';

/** Reserved for indexes; nothing to do yet. */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
