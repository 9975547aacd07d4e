/**
 * Durability: a real server process taking writes is killed with SIGKILL mid-stream. After a
 * restart every write it acknowledged is there and the Ledger still verifies.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { exampleKey } from '../../src/contexts/access/service.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const pgUrl = process.env.TEST_DATABASE_URL || null;

interface Running {
  proc: ChildProcess;
  base: string;
}

function start(env: Record<string, string>): Promise<Running> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, base: m[1]! });
      }
    });
    proc.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${out}`));
    });
  });
}

function killHard(r: Running): Promise<void> {
  return new Promise((resolve) => {
    r.proc.removeAllListeners('exit');
    r.proc.once('exit', () => resolve());
    r.proc.kill('SIGKILL');
  });
}

const cases: Array<{
  name: string;
  env: () => Promise<Record<string, string>>;
  cleanup: () => Promise<void>;
}> = [];
const dir = mkdtempSync(join(tmpdir(), 'dealix-durable-'));
cases.push({
  name: 'sqlite',
  env: async () => ({ DATA_DIR: dir }),
  cleanup: async () => rmSync(dir, { recursive: true, force: true }),
});
if (pgUrl) {
  const schema = `dur_${randomBytes(5).toString('hex')}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(q);
    await c.end();
  };
  cases.push({
    name: 'postgres',
    env: async () => {
      await admin(`CREATE SCHEMA "${schema}"`);
      const u = new URL(pgUrl);
      u.searchParams.set('options', `-c search_path=${schema}`);
      return { DATABASE_URL: u.toString() };
    },
    cleanup: () => admin(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`),
  });
}

afterAll(async () => {
  for (const c of cases) await c.cleanup();
});

describe.each(cases)('a SIGKILLed server on $name loses no acknowledged write', (c) => {
  it('every acknowledged customer is there after a restart and the Ledger verifies', async () => {
    const key = exampleKey();
    const env = { ...(await c.env()), DEALIX_ADMIN_KEY: key };
    const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const first = await start(env);
    const acked: string[] = [];
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const res = await fetch(`${first.base}/api/v1/customers`, {
            method: 'POST',
            headers: auth,
            body: JSON.stringify({ name: `عميل ${w}-${i}`, bundle_id: 'growth_starter' }),
          });
          if (res.status === 201) acked.push(((await res.json()) as { id: string }).id);
        } catch {
          return; // the server is gone
        }
      }
    };
    const writers = Array.from({ length: 4 }, (_, w) => writer(w));
    while (acked.length < 60) await new Promise((r) => setTimeout(r, 20));
    await killHard(first);
    stop = true;
    await Promise.all(writers);

    const second = await start(env);
    try {
      for (const id of acked) {
        const res = await fetch(`${second.base}/api/v1/customers/${id}`, { headers: auth });
        expect(res.status, id).toBe(200);
      }
      const verify = (await (
        await fetch(`${second.base}/api/v1/ledger/verify`, { headers: auth })
      ).json()) as { ok: boolean; entries: number };
      expect(verify.ok).toBe(true);
      expect(verify.entries).toBeGreaterThanOrEqual(acked.length);
    } finally {
      await killHard(second);
    }
  }, 90_000);
});
