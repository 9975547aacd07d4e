#!/usr/bin/env node
/**
 * The `dealix` command: serve the API, classify a ticket, check copy for prohibited claims, and
 * build an SLA report from a JSON file.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { accessService, exampleKey } from './contexts/access/service.js';
import { auditSends } from './contexts/drafts/audit.js';
import { verifyChain } from './contexts/ledger/repository.js';
import { loadOutboundConfig } from './contexts/outbound/flags.js';
import { previousWeek, reviewWeek } from './contexts/sla/report.js';
import { startScheduler } from './contexts/sla/scheduler.js';
import { classify } from './contexts/support/classifier.js';
import { buildApp, LOG_REDACT } from './http/app.js';
import { systemClock } from './lib/clock.js';
import { DomainError } from './lib/errors.js';
import { migrate, openStore, type Store } from './store/db.js';

const HELP = `dealix — Dealix Customer Ops

Usage:
  dealix serve                      migrate the store and start the HTTP server (PORT, HOST, …)
  dealix migrate                    apply pending store migrations
  dealix ledger verify              recompute the Action Ledger's hash chain
  dealix keys create --role <role> [--customer <id>] [--name <name>]
                                    make a user with an API key (printed once)
  dealix keys example               print a well-formed key to use as DEALIX_ADMIN_KEY
  dealix classify "<ticket text>"   classify a ticket and explain why (JSON)
  dealix claims check <files…>      check pages/docs/drafts for prohibited claims
  dealix sla report [--week 2027-W38] [--format table|json|csv]
                                    the weekly SLA report from the store (weeks start Sunday)
  dealix sla report <file.json>     SLA health report from {"tickets":[…]} or […]
  dealix sla sweep                  fire the SLA warnings and breaches that are due, review last week
  dealix --help                     this help
`;

type Out = (s: string) => void;

export async function main(
  argv: string[],
  out: Out = (s) => process.stdout.write(`${s}\n`),
  err: Out = (s) => process.stderr.write(`${s}\n`),
): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: {
      help: { type: 'boolean', short: 'h' },
      role: { type: 'string' },
      customer: { type: 'string' },
      name: { type: 'string' },
    },
  });
  const [cmd, ...rest] = positionals;
  if (values.help || !cmd) {
    out(HELP);
    return cmd || values.help ? 0 : 1;
  }
  switch (cmd) {
    case 'serve':
      return serve(out, err);
    case 'migrate':
      return withStore(
        err,
        async (store) => {
          const applied = await migrate(store);
          out(applied.length ? `applied: ${applied.join(', ')}` : 'the store is up to date');
          return 0;
        },
        false,
      );
    case 'keys': {
      if (rest[0] === 'example') {
        out(exampleKey());
        return 0;
      }
      if (rest[0] !== 'create' || typeof values.role !== 'string') {
        err(
          'keys: use "dealix keys create --role <founder|operator_oncall|operator_team|customer> [--customer <id>] [--name <name>]"',
        );
        return 2;
      }
      const role = values.role;
      const customer = typeof values.customer === 'string' ? values.customer : undefined;
      const name = typeof values.name === 'string' ? values.name : role;
      return withStore(err, async (store) => {
        try {
          const made = await accessService({ store, clock: systemClock }).createUserWithKey(
            { role, customer_id: customer, name },
            'cli',
          );
          out(
            `user ${made.user_id} (${made.role}${made.customer_id ? `, customer ${made.customer_id}` : ''})`,
          );
          out(`key (shown once): ${made.key}`);
          return 0;
        } catch (e) {
          if (e instanceof DomainError) {
            err(`keys: ${e.message}`);
            return 2;
          }
          throw e;
        }
      });
    }
    case 'ledger': {
      if (rest[0] !== 'verify') {
        err('ledger: use "dealix ledger verify"');
        return 2;
      }
      return withStore(err, async (store) => {
        const r = await verifyChain(store.db);
        out(JSON.stringify(r));
        if (!r.ok) err(`the Ledger is broken at seq ${r.first_bad_seq} (${r.reason})`);
        return r.ok ? 0 : 1;
      });
    }
    case 'classify': {
      const text = rest.join(' ');
      if (!text.trim()) {
        err('classify: give the ticket text, e.g. dealix classify "الخدمة طايحة"');
        return 2;
      }
      out(JSON.stringify(classify(text), null, 2));
      return 0;
    }
    case 'claims': {
      if (rest[0] !== 'check') {
        err('claims: use "dealix claims check <files…>"');
        return 2;
      }
      const { runClaimsCheck } = await import('./contexts/claims/cli.js');
      return runClaimsCheck(rest.slice(1), out);
    }
    case 'sla': {
      if (rest[0] === 'report') {
        const { runSlaReportCli } = await import('./contexts/sla/report-cli.js');
        return runSlaReportCli(argv.slice(argv.indexOf('report') + 1), out, err);
      }
      if (rest[0] === 'sweep') {
        return withStore(err, async (store) => {
          const { DEFAULT_SWEEP_LIMIT, sweep } = await import('./contexts/sla/scheduler.js');
          const deps = { store, clock: systemClock };
          let total = { examined: 0, fired: 0, skipped: 0 };
          // Until nothing more is due: one sweep takes a batch.
          for (;;) {
            const r = await sweep(deps);
            total = {
              examined: total.examined + r.examined,
              fired: total.fired + r.fired,
              skipped: total.skipped + r.skipped,
            };
            if (r.busy || r.examined < DEFAULT_SWEEP_LIMIT) break;
          }
          const { previousWeek, reviewWeek } = await import('./contexts/sla/report.js');
          const review = await reviewWeek(deps, previousWeek(systemClock.now()));
          out(JSON.stringify({ ...total, weekly_review: review }));
          return 0;
        });
      }
      err('sla: use "dealix sla report [--week 2027-W38 | <file.json>]" or "dealix sla sweep"');
      return 2;
    }
    default:
      err(`Unknown command "${cmd}".\n${HELP}`);
      return 2;
  }
}

function configOrNull(err: Out): ReturnType<typeof loadConfig> | null {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      err(`Configuration error: ${e.message}`);
      return null;
    }
    throw e;
  }
}

async function withStore(
  err: Out,
  fn: (store: Store) => Promise<number>,
  migrateFirst = true,
): Promise<number> {
  const config = configOrNull(err);
  if (!config) return 2;
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    if (migrateFirst) await migrate(store);
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function serve(out: Out, err: Out): Promise<number> {
  const config = configOrNull(err);
  if (!config) return 2;
  const outbound = loadOutboundConfig();
  for (const p of outbound.problems) (p.severity === 'error' ? err : out)(`${p.variable}: ${p.message}`);
  if (outbound.problems.some((p) => p.severity === 'error')) return 2;
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const applied = await migrate(store);
  if (applied.length) out(`store migrated: ${applied.join(', ')}`);
  try {
    const boot = await accessService({ store, clock: systemClock }).bootstrap(config.adminKey);
    if (boot.generated) out(`founder API key (shown once, keep it safe): ${boot.key}`);
    else if (boot.created) out('founder API key: the one in DEALIX_ADMIN_KEY');
  } catch (e) {
    if (e instanceof DomainError) {
      err(`Configuration error: ${e.message}`);
      await store.close();
      return 2;
    }
    throw e;
  }
  const app = await buildApp({ logger: { level: config.logLevel, redact: LOG_REDACT }, store });
  const deps = { store, clock: systemClock };
  // Warnings and breaches fire from here; several servers on one PostgreSQL never fire twice.
  const scheduler = startScheduler(deps, {
    maxSleepMs: 10_000,
    onError: (e) => app.log.error({ err: e }, 'SLA scheduler'),
  });
  // Each ended week is reviewed once (a critical verdict escalates to the founder).
  // …and every send is audited against its approval (a mismatch opens a SEV1 incident).
  const review = async () => {
    await reviewWeek(deps, previousWeek(systemClock.now())).catch((e: unknown) =>
      app.log.error({ err: e }, 'weekly SLA review'),
    );
    await auditSends(deps).catch((e: unknown) => app.log.error({ err: e }, 'send audit'));
  };
  const reviews = setInterval(review, 15 * 60_000);
  reviews.unref();
  void review();
  const close = async () => {
    clearInterval(reviews);
    await scheduler.stop();
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
  await app.listen({ port: config.port, host: config.host });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  out(
    `Dealix Customer Ops listening on http://${shownHost}:${port}  (API docs: http://${shownHost}:${port}/docs)`,
  );
  return new Promise<number>(() => {});
}

const isEntry = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isEntry || process.argv[1]?.endsWith('/dealix')) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code !== undefined) process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
