import type { Kysely } from 'kysely';

/** Reserved for people's sign-in (passwords and sessions). */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
