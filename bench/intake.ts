/**
 * Durable ticket intake over HTTP: a real server process (SQLite file, or PostgreSQL when
 * BENCH_DATABASE_URL / TEST_DATABASE_URL is set) and a load generator in this process.
 * Each request creates a ticket: classify → SLA due times → draft → Ledger, committed.
 */
import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { exampleKey } from '../src/contexts/access/service.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

const TEXTS = [
  'الخدمة كلها طايحة عند الجميع',
  'ربط الجيميل يطلب صلاحيات مرة ثانية',
  'كم سعر باقة Data to Revenue؟',
  'The drafting service fails every time we run it',
  'Our card was charged twice this month',
  'الـ Proof Pack متأخر عن موعده',
];

export interface IntakeResult {
  store: string;
  max_tickets_per_s: number;
  paced_rate: number;
  paced_p50_ms: number;
  paced_p99_ms: number;
  paced_errors: number;
}

function startServer(env: Record<string, string>): Promise<{ proc: ChildProcess; base: string }> {
  return new Promise((resolve, reject) => {
    // The built server, as `npm start` runs it (benchIntake builds it first).
    const proc = spawn(process.execPath, ['dist/cli.js', 'serve'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) resolve({ proc, base: m[1]! });
    });
    proc.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    proc.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function runAgainst(name: string, env: Record<string, string>): Promise<IntakeResult> {
  const key = exampleKey();
  const server = await startServer({ ...env, DEALIX_ADMIN_KEY: key });
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  try {
    const customer = (await (
      await fetch(`${server.base}/api/v1/customers`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: 'Bench Co', bundle_id: 'growth_starter' }),
      })
    ).json()) as { id: string };
    let n = 0;
    // A keep-alive agent on plain http: lighter than fetch, so the generator does not starve the
    // server of the machine's second core.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const target = new URL(`${server.base}/api/v1/tickets`);
    const post = () =>
      new Promise<{ ms: number; ok: boolean }>((resolve, reject) => {
        const t0 = performance.now();
        const body = JSON.stringify({ customer_id: customer.id, text: TEXTS[n++ % TEXTS.length] });
        const req = http.request(
          {
            agent,
            host: target.hostname,
            port: target.port,
            path: target.pathname,
            method: 'POST',
            headers: { ...headers, 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ ms: performance.now() - t0, ok: res.statusCode === 201 }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    // Warm-up.
    for (let i = 0; i < 200; i++) await post();

    // 1. Throughput: closed loop, 64 requests in flight.
    const total = 4000;
    let started = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (started < total) {
          started++;
          const r = await post();
          if (!r.ok) throw new Error('a ticket was refused during the throughput run');
        }
      }),
    );
    const maxRate = total / ((performance.now() - t0) / 1000);

    // 2. Latency at a fixed 500 tickets/s for 10 s (open loop: requests start on schedule).
    const rate = 500;
    const seconds = 10;
    const latencies: number[] = [];
    let errors = 0;
    const inflight: Promise<void>[] = [];
    const begin = performance.now();
    for (let i = 0; i < rate * seconds; i++) {
      const due = begin + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      inflight.push(
        post().then((r) => {
          latencies.push(r.ms);
          if (!r.ok) errors++;
        }),
      );
    }
    await Promise.all(inflight);
    latencies.sort((a, b) => a - b);
    return {
      store: name,
      max_tickets_per_s: Math.round(maxRate),
      paced_rate: rate,
      paced_p50_ms: +pct(latencies, 50).toFixed(1),
      paced_p99_ms: +pct(latencies, 99).toFixed(1),
      paced_errors: errors,
    };
  } finally {
    server.proc.removeAllListeners('exit');
    server.proc.kill('SIGTERM');
  }
}

export async function benchIntake(): Promise<IntakeResult[]> {
  execSync('npm run build --silent', { cwd: ROOT, stdio: 'inherit' });
  const results: IntakeResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'dealix-bench-'));
  try {
    results.push(await runAgainst('sqlite', { DATA_DIR: dir }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const url = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (url) {
    const schema = `bench_${randomBytes(5).toString('hex')}`;
    const admin = async (q: string) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(q);
      await c.end();
    };
    await admin(`CREATE SCHEMA "${schema}"`);
    try {
      const u = new URL(url);
      u.searchParams.set('options', `-c search_path=${schema}`);
      results.push(await runAgainst('postgres', { DATABASE_URL: u.toString() }));
    } finally {
      await admin(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
  }
  return results;
}
