/**
 * Ledger storage: append inside the caller's transaction, list with filters, verify the chain.
 * Appends are serialised (an advisory lock on PostgreSQL; SQLite has one writer) so two writers
 * can never both extend the same tail.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Dialect } from '../../store/db.js';
import type { Database } from '../../store/schema.js';
import { entryHash, GENESIS_HASH } from './domain.js';

const LEDGER_LOCK = 7_424_242;

export interface LedgerEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  data: unknown;
  prev_hash: string;
  hash: string;
}

export interface AppendInput {
  at: Date;
  actor: string;
  action: string;
  subject: string;
  data?: unknown;
}

type Db = Kysely<Database> | Transaction<Database>;

export async function appendEntry(
  tx: Transaction<Database>,
  dialect: Dialect,
  input: AppendInput,
): Promise<LedgerEntry> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${LEDGER_LOCK})`.execute(tx);
  const last = await tx
    .selectFrom('ledger')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const seq = last ? Number(last.seq) + 1 : 1;
  const prev_hash = last?.hash ?? GENESIS_HASH;
  const at = input.at.toISOString();
  const data = input.data ?? {};
  const hash = entryHash(prev_hash, {
    seq,
    at,
    actor: input.actor,
    action: input.action,
    subject: input.subject,
    data,
  });
  await tx
    .insertInto('ledger')
    .values({
      seq,
      at,
      actor: input.actor,
      action: input.action,
      subject: input.subject,
      data: JSON.stringify(data),
      prev_hash,
      hash,
    })
    .execute();
  return { seq, at, actor: input.actor, action: input.action, subject: input.subject, data, prev_hash, hash };
}

export interface LedgerFilter {
  subject?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  after_seq?: number | undefined;
  limit: number;
}

const parse = (r: {
  seq: number | string;
  at: string;
  actor: string;
  action: string;
  subject: string;
  data: string;
  prev_hash: string;
  hash: string;
}): LedgerEntry => ({
  ...r,
  seq: Number(r.seq),
  data: JSON.parse(r.data) as unknown,
});

export async function listEntries(db: Db, f: LedgerFilter): Promise<LedgerEntry[]> {
  let q = db.selectFrom('ledger').selectAll();
  if (f.subject) q = q.where('subject', '=', f.subject);
  if (f.actor) q = q.where('actor', '=', f.actor);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  if (f.after_seq !== undefined) q = q.where('seq', '>', f.after_seq);
  const rows = await q.orderBy('seq', 'asc').limit(f.limit).execute();
  return rows.map(parse);
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  first_bad_seq?: number;
  reason?: string;
}

/** Recomputes the whole chain in batches; stops at the first entry that does not match. */
export async function verifyChain(db: Db, batch = 5000): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const rows = await db
      .selectFrom('ledger')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq', 'asc')
      .limit(batch)
      .execute();
    if (rows.length === 0) break;
    for (const raw of rows) {
      const seq = Number(raw.seq);
      if (seq !== expectedSeq)
        return { ok: false, entries: count, first_bad_seq: expectedSeq, reason: 'missing_entry' };
      let data: unknown;
      try {
        data = JSON.parse(raw.data);
      } catch {
        return { ok: false, entries: count, first_bad_seq: seq, reason: 'unreadable_data' };
      }
      if (raw.prev_hash !== prev)
        return { ok: false, entries: count, first_bad_seq: seq, reason: 'broken_link' };
      const hash = entryHash(prev, {
        seq,
        at: raw.at,
        actor: raw.actor,
        action: raw.action,
        subject: raw.subject,
        data,
      });
      if (hash !== raw.hash)
        return { ok: false, entries: count, first_bad_seq: seq, reason: 'hash_mismatch' };
      prev = raw.hash;
      expectedSeq++;
      count++;
    }
  }
  return { ok: true, entries: count };
}
