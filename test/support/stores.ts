/**
 * Store tests run on every dialect: SQLite always (a fresh in-memory database per test), and
 * PostgreSQL when TEST_DATABASE_URL is set (a fresh schema per test, dropped afterwards).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate, openStore, type Store } from '../../src/store/db.js';

export interface DialectCase {
  name: 'sqlite' | 'postgres';
  open(): Promise<Store & { dispose(): Promise<void> }>;
}

const pgUrl = process.env.TEST_DATABASE_URL || null;

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: pgUrl! });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export const DIALECTS: DialectCase[] = [
  {
    name: 'sqlite',
    async open() {
      const store = openStore({ databaseUrl: null, file: ':memory:' });
      await migrate(store);
      return { ...store, dispose: () => store.close() };
    },
  },
  ...(pgUrl
    ? [
        {
          name: 'postgres' as const,
          async open() {
            const schema = `t_${randomBytes(6).toString('hex')}`;
            await withAdmin((c) => c.query(`CREATE SCHEMA "${schema}"`));
            const store = openStore({ databaseUrl: pgUrl, schema });
            await migrate(store);
            return {
              ...store,
              dispose: async () => {
                await store.close();
                await withAdmin((c) => c.query(`DROP SCHEMA "${schema}" CASCADE`));
              },
            };
          },
        },
      ]
    : []),
];

export const hasPostgres = pgUrl !== null;
