/**
 * Opens the store: SQLite (one file under DATA_DIR, WAL) by default, PostgreSQL when a URL is given.
 * Both sit behind the same Kysely interface and the same migrations.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
  PostgresDialect,
  SqliteDialect,
} from 'kysely';
import pg from 'pg';
import * as m0001 from './migrations/0001_init.js';
import * as m0002 from './migrations/0002_access.js';
import * as m0003 from './migrations/0003_tickets.js';
import * as m0004 from './migrations/0004_incidents.js';
import * as m0005 from './migrations/0005_sla.js';
import * as m0006 from './migrations/0006_sla_report.js';
import * as m0007 from './migrations/0007_sla_scheduler.js';
import * as m0008 from './migrations/0008_outbound.js';
import * as m0009 from './migrations/0009_sessions.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** PostgreSQL schema the store lives in, when not the default. */
  schema?: string;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** A postgres:// URL, or null for SQLite. */
  databaseUrl: string | null;
  /** Directory of the SQLite file; ignored for PostgreSQL. */
  dataDir?: string;
  /** SQLite file name, or ':memory:'. */
  file?: string;
  /** PostgreSQL schema to use (tests isolate themselves in their own schema). */
  schema?: string;
}

/** Migrations are listed here, in order: a static list works from sources and from the build. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_init': m0001,
  '0002_access': m0002,
  '0003_tickets': m0003,
  '0004_incidents': m0004,
  '0005_sla': m0005,
  '0006_sla_report': m0006,
  '0007_sla_scheduler': m0007,
  '0008_outbound': m0008,
  '0009_sessions': m0009,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export function openStore(opts: StoreOptions): Store {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    if (opts.schema) {
      const schema = opts.schema;
      pool.on('connect', (client) => {
        client.query(`SET search_path TO "${schema.replaceAll('"', '')}"`).catch(() => {});
      });
    }
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      dialect: 'postgres',
      ...(opts.schema ? { schema: opts.schema } : {}),
      close: () => db.destroy(),
    };
  }
  const file = opts.file ?? 'dealix.db';
  let path = file;
  if (file !== ':memory:') {
    const dir = opts.dataDir ?? './data';
    mkdirSync(dir, { recursive: true });
    path = join(dir, file);
  }
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Checkpoint every ~16 MB of WAL rather than 4 MB: the pages every ticket touches (the right edge
  // of each index) are copied into the database once per checkpoint, not once per 4 MB.
  sqlite.pragma('wal_autocheckpoint = 4000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/**
 * Kysely prepares every query afresh; the same few hundred SQL texts repeat, so keep their prepared
 * statements. (Statements are run to completion one at a time on the single connection.)
 */
function withStatementCache(sqlite: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  return new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop === 'prepare') {
        return (source: string) => {
          let stmt = cache.get(source);
          if (!stmt) {
            stmt = target.prepare(source);
            if (cache.size < 2000) cache.set(source, stmt);
          }
          return stmt;
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Applies pending migrations under the migrator's lock; returns the names applied. */
export async function migrate(store: Store): Promise<string[]> {
  // With its own schema, the migrator must keep its bookkeeping tables there too.
  const migrator = new Migrator({
    db: store.db,
    provider,
    ...(store.schema ? { migrationTableSchema: store.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${(error as Error).message ?? String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
