/**
 * `dealix sla report`: the stored weekly report as a table (or JSON/CSV), and the older form that
 * builds a health report from a JSON file of tickets.
 *
 *   dealix sla report                      the current week (Riyadh)
 *   dealix sla report --week 2027-W38      a given week; --format table|json|csv, --lang en|ar (CSV)
 *   dealix sla report tickets.json         health report of {"tickets":[…]} or […] (JSON)
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../../config.js';
import { type Clock, systemClock } from '../../lib/clock.js';
import { DomainError } from '../../lib/errors.js';
import { migrate, openStore, type Store } from '../../store/db.js';
import { healthReport } from './domain.js';
import { type SlaWeekReportView, slaReportService } from './report.js';

type Out = (s: string) => void;

export const SLA_REPORT_USAGE = `Usage:
  dealix sla report [--week 2027-W38] [--format table|json|csv] [--lang en|ar]
                                    weekly SLA report from the store (default: this week, Riyadh)
  dealix sla report <file.json>     SLA health report from {"tickets":[…]} or […]`;

export interface SlaReportCliOptions {
  /** The store to read; by default the configured one (DATABASE_URL or DATA_DIR), migrated first. */
  store?: Store;
  clock?: Clock;
}

/** Runs `dealix sla report …`; `argv` is what follows `report`. Returns the exit code. */
export async function runSlaReportCli(
  argv: string[],
  out: Out,
  err: Out,
  opts: SlaReportCliOptions = {},
): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    err(`sla report: ${(e as Error).message}\n${SLA_REPORT_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out(SLA_REPORT_USAGE);
    return 0;
  }
  if (positionals.length > 1 || (positionals.length === 1 && values.week !== undefined)) {
    err(`sla report: give either a week or a file, not both\n${SLA_REPORT_USAGE}`);
    return 2;
  }
  if (positionals[0] !== undefined) return fromFile(positionals[0], out, err);

  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json' && format !== 'csv') {
    err('sla report: --format must be table, json or csv');
    return 2;
  }
  const lang = values.lang ?? 'en';
  if (lang !== 'en' && lang !== 'ar') {
    err('sla report: --lang must be en or ar');
    return 2;
  }
  return withStore(opts, err, async (store) => {
    const svc = slaReportService({ store, clock: opts.clock ?? systemClock });
    try {
      if (format === 'csv') {
        out((await svc.csv(values.week, lang)).csv.replace(/\r\n$/, ''));
        return 0;
      }
      const report = await svc.report(values.week);
      if (format === 'json') out(JSON.stringify(report, null, 2));
      else for (const line of formatReport(report)) out(line);
      return 0;
    } catch (e) {
      if (e instanceof DomainError) {
        err(`sla report: ${e.message}`);
        return 2;
      }
      throw e;
    }
  });
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      week: { type: 'string', short: 'w' },
      format: { type: 'string' },
      lang: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function fromFile(file: string, out: Out, err: Out): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    err(`sla report: cannot read ${file}: ${(e as Error).message}`);
    return 2;
  }
  const tickets = Array.isArray(parsed) ? parsed : (parsed as { tickets?: unknown } | null)?.tickets;
  if (!Array.isArray(tickets)) {
    err('sla report: the file must hold an array of tickets or {"tickets": [...]}');
    return 2;
  }
  out(JSON.stringify(healthReport(tickets), null, 2));
  return 0;
}

async function withStore(
  opts: SlaReportCliOptions,
  err: Out,
  fn: (store: Store) => Promise<number>,
): Promise<number> {
  if (opts.store) return fn(opts.store);
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      err(`Configuration error: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(store);
    return await fn(store);
  } finally {
    await store.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The table

const fixed = (v: number | null, unit: string) => (v === null ? '—' : `${v.toFixed(1)} ${unit}`);

/** Left-aligns the first column and right-aligns the others. */
function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

/** The report as lines of text for a terminal. */
export function formatReport(r: SlaWeekReportView): string[] {
  const lines: string[] = [];
  lines.push(
    `SLA week ${r.week}: Sunday ${r.starts_on} to Saturday ${r.ends_on} (${r.timezone})${r.ended ? '' : ', still running'}`,
  );
  lines.push(
    `tickets ${r.total_tickets}, breached ${r.total_breached}, breach rate ${r.breach_rate.toFixed(3)}, verdict ${r.verdict} (${r.verdict_ar})`,
  );
  lines.push(r.recommended_action_ar, '');
  const priorities = ['P0', 'P1', 'P2', 'P3'] as const;
  let mixed = false;
  lines.push(
    ...table(
      ['priority', 'clock', 'tickets', 'breached', 'rate', 'avg first response', 'avg resolution'],
      priorities.map((p) => {
        const row = r.by_priority[p];
        mixed ||= row.mixed_clocks;
        const unit = row.clock === 'business' ? 'working' : 'wall';
        return [
          p,
          `${row.clock}${row.mixed_clocks ? '*' : ''}`,
          String(row.count),
          String(row.breached),
          row.breach_rate.toFixed(3),
          fixed(row.avg_first_response_minutes, `${unit} min`),
          fixed(row.avg_resolution_hours, `${unit} h`),
        ];
      }),
    ),
  );
  if (mixed) lines.push('* tickets on both clocks this week; averages cover the majority clock');
  const fr = r.attribution.first_response;
  lines.push(
    '',
    `first-response breaches ${fr.breached}: drafting ${fr.drafting}, approval ${fr.approval}, response ${fr.response}, unattributed ${fr.unattributed}`,
    `resolution breaches ${r.attribution.resolution.breached}`,
    '',
    `trend, the ${r.trend.length} weeks before:`,
    ...table(
      ['week', 'tickets', 'breached', 'rate', 'verdict', 'avg first response, wall', 'working'],
      r.trend.map((t) => [
        t.week,
        String(t.total_tickets),
        String(t.total_breached),
        t.breach_rate.toFixed(3),
        t.verdict,
        fixed(t.avg_first_response_minutes.calendar, 'min'),
        fixed(t.avg_first_response_minutes.business, 'min'),
      ]),
    ),
    '',
  );
  if (r.review) {
    const freeze = r.review.freeze_request_id
      ? `; freeze of live actions requested (${r.review.freeze_request_id}), founder notified`
      : '';
    lines.push(`reviewed ${r.review.reviewed_at}: verdict ${r.review.verdict}${freeze}`);
  } else {
    lines.push(r.ended ? 'not reviewed yet' : 'reviewed once the week has ended');
  }
  return lines;
}
