import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonical, entryHash, GENESIS_HASH } from '../../src/contexts/ledger/domain.js';
import { appendEntry, listEntries, verifyChain } from '../../src/contexts/ledger/repository.js';
import type { Store } from '../../src/store/db.js';
import { DIALECTS } from '../support/stores.js';

describe('canonical encoding', () => {
  it('sorts keys at every depth and is stable', () => {
    expect(canonical({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });
  it('a hash depends on the previous hash and every field', () => {
    const e = {
      seq: 1,
      at: '2026-01-01T00:00:00.000Z',
      actor: 'a',
      action: 'x',
      subject: 's',
      data: { k: 1 },
    };
    const h = entryHash(GENESIS_HASH, e);
    expect(entryHash(GENESIS_HASH, { ...e, data: { k: 2 } })).not.toBe(h);
    expect(entryHash('f'.repeat(64), e)).not.toBe(h);
  });
});

describe.each(DIALECTS)('ledger on $name', (dialect) => {
  let store: Store & { dispose(): Promise<void> };
  beforeEach(async () => {
    store = await dialect.open();
  });
  afterEach(async () => {
    await store.dispose();
  });

  const append = (i: number, subject = 'cus_1') =>
    store.db.transaction().execute((tx) =>
      appendEntry(tx, store.dialect, {
        at: new Date(Date.UTC(2026, 10, 22, 7, 0, i)),
        actor: 'usr_founder',
        action: 'customer.updated',
        subject,
        data: { i },
      }),
    );

  it('entries chain from the genesis hash and verify', async () => {
    for (let i = 0; i < 5; i++) await append(i);
    const all = await listEntries(store.db, { limit: 100 });
    expect(all.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(all[0]?.prev_hash).toBe(GENESIS_HASH);
    expect(all[1]?.prev_hash).toBe(all[0]?.hash);
    expect(await verifyChain(store.db)).toEqual({ ok: true, entries: 5 });
  });

  it('an edited row is found: verify points at its seq', async () => {
    for (let i = 0; i < 6; i++) await append(i);
    await sql`update ledger set data = ${JSON.stringify({ i: 99 })} where seq = 4`.execute(store.db);
    expect(await verifyChain(store.db)).toMatchObject({
      ok: false,
      first_bad_seq: 4,
      entries: 3,
      reason: 'hash_mismatch',
    });
  });

  it('a deleted row is found', async () => {
    for (let i = 0; i < 6; i++) await append(i);
    await sql`delete from ledger where seq = 2`.execute(store.db);
    expect(await verifyChain(store.db)).toMatchObject({
      ok: false,
      first_bad_seq: 2,
      reason: 'missing_entry',
    });
  });

  it('a recomputed hash without the chain is found at the next entry', async () => {
    for (let i = 0; i < 4; i++) await append(i);
    const e2 = (await listEntries(store.db, { limit: 10 }))[1]!;
    const forged = entryHash(e2.prev_hash, { ...e2, actor: 'intruder' });
    await sql`update ledger set actor = 'intruder', hash = ${forged} where seq = 2`.execute(store.db);
    expect(await verifyChain(store.db)).toMatchObject({ ok: false, first_bad_seq: 3, reason: 'broken_link' });
  });

  it('filters by subject, actor, action and time', async () => {
    await append(1, 'cus_a');
    await append(2, 'cus_b');
    await append(3, 'cus_a');
    expect((await listEntries(store.db, { subject: 'cus_a', limit: 10 })).map((e) => e.seq)).toEqual([1, 3]);
    expect(await listEntries(store.db, { actor: 'nobody', limit: 10 })).toEqual([]);
    expect(
      (await listEntries(store.db, { from: '2026-11-22T07:00:02.000Z', limit: 10 })).map((e) => e.seq),
    ).toEqual([2, 3]);
    expect((await listEntries(store.db, { after_seq: 2, limit: 10 })).map((e) => e.seq)).toEqual([3]);
  });

  it('a rolled-back transaction leaves no entry', async () => {
    await append(1);
    await expect(
      store.db.transaction().execute(async (tx) => {
        await appendEntry(tx, store.dialect, { at: new Date(), actor: 'a', action: 'x', subject: 's' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await verifyChain(store.db)).toEqual({ ok: true, entries: 1 });
  });

  it('concurrent appends never fork the chain', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => append(i)));
    expect(await verifyChain(store.db)).toEqual({ ok: true, entries: 40 });
  });
});
