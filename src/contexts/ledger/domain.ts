/**
 * The Action Ledger's hash chain. Each entry's hash is SHA-256 over the previous hash and a
 * canonical encoding of the entry (keys sorted, no insignificant white space), so changing,
 * removing or reordering any stored entry breaks every hash after it.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface LedgerFields {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  data: unknown;
}

/** JSON with object keys sorted at every depth; undefined members are dropped as JSON does. */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonical(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(',')}}`;
}

export function entryHash(prevHash: string, e: LedgerFields): string {
  const body = canonical({
    seq: e.seq,
    at: e.at,
    actor: e.actor,
    action: e.action,
    subject: e.subject,
    data: e.data,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}
