/**
 * A unit of work: one transaction in which a change and its Ledger entries are written together,
 * so the Ledger can never miss a change nor record one that was rolled back.
 */
import type { Transaction } from 'kysely';
import { type AppendInput, appendEntry, type LedgerEntry } from '../contexts/ledger/repository.js';
import type { Clock } from '../lib/clock.js';
import type { Store } from './db.js';
import type { Database } from './schema.js';

export interface UnitContext {
  tx: Transaction<Database>;
  now: Date;
  actor: string;
  record(action: string, subject: string, data?: unknown): Promise<LedgerEntry>;
}

export interface Deps {
  store: Store;
  clock: Clock;
}

export async function inUnit<T>(deps: Deps, actor: string, fn: (u: UnitContext) => Promise<T>): Promise<T> {
  const now = deps.clock.now();
  return deps.store.db.transaction().execute((tx) =>
    fn({
      tx,
      now,
      actor,
      record: (action, subject, data) =>
        appendEntry(tx, deps.store.dialect, { at: now, actor, action, subject, data } satisfies AppendInput),
    }),
  );
}
