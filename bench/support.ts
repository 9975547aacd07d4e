/** What the store benchmarks share: their result row, and a migrated store in a throwaway schema. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate, openStore, type Store } from '../src/store/db.js';

export interface BenchRow {
  suite: string;
  metric: string;
  value: number;
  unit: string;
  target?: string | undefined;
}

async function admin(url: string, q: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(q);
  } finally {
    await c.end();
  }
}

/** Runs `fn` on a migrated PostgreSQL store in a fresh schema, dropped afterwards whatever happens. */
export async function withPgSchema<T>(
  url: string,
  prefix: string,
  fn: (store: Store, schema: string) => Promise<T>,
): Promise<T> {
  const schema = `${prefix}_${randomBytes(5).toString('hex')}`;
  await admin(url, `CREATE SCHEMA "${schema}"`);
  try {
    const store = openStore({ databaseUrl: url, schema });
    try {
      await migrate(store);
      return await fn(store, schema);
    } finally {
      await store.close();
    }
  } finally {
    await admin(url, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  }
}
