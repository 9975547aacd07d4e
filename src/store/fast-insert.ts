/**
 * A plain INSERT of one whole row, its SQL text built once per table, column list and dialect.
 * The query builder re-parses every value of a wide row on each call; ticket intake inserts two
 * wide rows per ticket, so it takes this shortcut. Only for rows whose keys are column names.
 */
import { CompiledQuery, type Kysely, PostgresAdapter, type Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;
const texts = new Map<string, string>();

export async function insertRow<T extends keyof Database>(db: Db, table: T, row: Database[T]): Promise<void> {
  const values = row as unknown as Record<string, unknown>;
  const columns = Object.keys(values);
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const key = `${pg ? 'pg' : 'sqlite'}:${table}:${columns.join(',')}`;
  let text = texts.get(key);
  if (!text) {
    const names = columns.map((c) => `"${c}"`).join(', ');
    const marks = columns.map((_, i) => (pg ? `$${i + 1}` : '?')).join(', ');
    text = `insert into "${table}" (${names}) values (${marks})`;
    if (texts.size < 200) texts.set(key, text);
  }
  await db.executeQuery(
    CompiledQuery.raw(
      text,
      columns.map((c) => values[c]),
    ),
  );
}
