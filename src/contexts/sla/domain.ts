/**
 * SLA rules for the stateless surface: targets per priority, event validation, the breach check
 * and the health report. These use the seed's plain numbers (elapsed minutes and hours); the
 * stored engine with a business calendar builds on them.
 */
import { invalid, round } from '../../lib/errors.js';
import { PRIORITIES, PRIORITY_TABLE, type Priority } from '../support/priorities.js';
import { BREACH_TEXT, VERDICT_TEXT, WEEKLY_REVIEW_AR } from './messages.js';

export const SLA_EVENTS = ['opened', 'first_response', 'resolved', 'escalated'] as const;
export type SlaEvent = (typeof SLA_EVENTS)[number];

export function assertSlaEvent(e: string, field = 'event'): SlaEvent {
  if (!(SLA_EVENTS as readonly string[]).includes(e)) {
    throw invalid('unknown_event', `Unknown SLA event "${e}". Known events: ${SLA_EVENTS.join(', ')}`, field);
  }
  return e as SlaEvent;
}

export interface SlaEventRecord {
  ticket_id: string;
  priority: Priority;
  event: SlaEvent;
  ts: string;
}

export function recordEvent(
  input: { ticket_id: string; priority: Priority; event: string },
  now: Date,
): SlaEventRecord {
  return {
    ticket_id: input.ticket_id,
    priority: input.priority,
    event: assertSlaEvent(input.event),
    ts: now.toISOString(),
  };
}

export interface Breach {
  kind: 'first_response' | 'resolution';
  actual: number;
  target: number;
  unit: 'minutes' | 'hours';
  over_by: number;
  label_ar: string;
}

export function checkBreach(
  priority: Priority,
  minutesToFirstResponse: number | null | undefined,
  hoursToResolve: number | null | undefined,
) {
  const row = PRIORITY_TABLE[priority];
  const breaches: Breach[] = [];
  if (minutesToFirstResponse != null && minutesToFirstResponse > row.first_response_minutes) {
    breaches.push({
      kind: 'first_response',
      actual: minutesToFirstResponse,
      target: row.first_response_minutes,
      unit: 'minutes',
      over_by: round(minutesToFirstResponse - row.first_response_minutes, 2),
      label_ar: BREACH_TEXT.first_response,
    });
  }
  if (hoursToResolve != null && hoursToResolve > row.resolution_hours) {
    breaches.push({
      kind: 'resolution',
      actual: hoursToResolve,
      target: row.resolution_hours,
      unit: 'hours',
      over_by: round(hoursToResolve - row.resolution_hours, 2),
      label_ar: BREACH_TEXT.resolution,
    });
  }
  return { priority, breached: breaches.length > 0, breaches };
}

export type Verdict = 'healthy' | 'watch' | 'critical';
export const WATCH_AT = 0.1;
export const CRITICAL_AT = 0.25;

export function verdictFor(breachRate: number): Verdict {
  if (breachRate >= CRITICAL_AT) return 'critical';
  if (breachRate >= WATCH_AT) return 'watch';
  return 'healthy';
}

export interface ReportTicket {
  ticket_id?: string | undefined;
  priority: Priority;
  first_response_min?: number | null | undefined;
  resolution_hours?: number | null | undefined;
}

interface Acc {
  count: number;
  breached: number;
  frSum: number;
  frN: number;
  resSum: number;
  resN: number;
}

/**
 * Aggregates in one pass with fixed-size accumulators so it scales to millions of tickets
 * (streamed from a store with `createReportBuilder`) without holding them.
 */
export function createReportBuilder(opts: { maxListedBreaches?: number } = {}) {
  const maxListed = opts.maxListedBreaches ?? 100;
  const acc = Object.fromEntries(
    PRIORITIES.map((p) => [p, { count: 0, breached: 0, frSum: 0, frN: 0, resSum: 0, resN: 0 }]),
  ) as Record<Priority, Acc>;
  const listed: Array<{ ticket_id: string | null; priority: Priority; breaches: Breach[] }> = [];
  let total = 0;
  let breachedTotal = 0;
  return {
    add(t: ReportTicket): void {
      const a = acc[t.priority];
      const row = PRIORITY_TABLE[t.priority];
      total++;
      a.count++;
      const fr = t.first_response_min;
      const res = t.resolution_hours;
      if (fr != null) {
        a.frSum += fr;
        a.frN++;
      }
      if (res != null) {
        a.resSum += res;
        a.resN++;
      }
      const breached =
        (fr != null && fr > row.first_response_minutes) || (res != null && res > row.resolution_hours);
      if (breached) {
        a.breached++;
        breachedTotal++;
        if (listed.length < maxListed) {
          listed.push({
            ticket_id: t.ticket_id ?? null,
            priority: t.priority,
            breaches: checkBreach(t.priority, fr, res).breaches,
          });
        }
      }
    },
    build() {
      const breach_rate = total === 0 ? 0 : round(breachedTotal / total, 3);
      const verdict = verdictFor(total === 0 ? 0 : breachedTotal / total);
      return {
        total_tickets: total,
        total_breached: breachedTotal,
        breach_rate,
        verdict,
        verdict_ar: VERDICT_TEXT[verdict].verdict_ar,
        by_priority: Object.fromEntries(
          PRIORITIES.map((p) => {
            const a = acc[p];
            return [
              p,
              {
                count: a.count,
                breached: a.breached,
                breach_rate: a.count === 0 ? 0 : round(a.breached / a.count, 3),
                avg_first_response_min: a.frN === 0 ? null : round(a.frSum / a.frN, 1),
                avg_resolution_hours: a.resN === 0 ? null : round(a.resSum / a.resN, 1),
              },
            ];
          }),
        ) as Record<
          Priority,
          {
            count: number;
            breached: number;
            breach_rate: number;
            avg_first_response_min: number | null;
            avg_resolution_hours: number | null;
          }
        >,
        breaches: listed,
        breaches_listed: listed.length,
        escalate_to_founder: verdict === 'critical',
        freeze_live_actions: verdict === 'critical',
        open_incident: verdict === 'critical',
        recommended_action_ar: VERDICT_TEXT[verdict].action_ar,
        weekly_review_ar: WEEKLY_REVIEW_AR,
      };
    },
  };
}

export type HealthReport = ReturnType<ReturnType<typeof createReportBuilder>['build']>;

export function healthReport(
  tickets: Iterable<ReportTicket>,
  opts?: { maxListedBreaches?: number },
): HealthReport {
  const b = createReportBuilder(opts);
  for (const t of tickets) b.add(t);
  return b.build();
}

export const DEMO_TICKETS: ReportTicket[] = [
  { ticket_id: 'demo-1', priority: 'P0', first_response_min: 20, resolution_hours: 3 },
  { ticket_id: 'demo-2', priority: 'P0', first_response_min: 45, resolution_hours: 5 },
  { ticket_id: 'demo-3', priority: 'P1', first_response_min: 90, resolution_hours: 12 },
  { ticket_id: 'demo-4', priority: 'P1', first_response_min: 100, resolution_hours: 20 },
  { ticket_id: 'demo-5', priority: 'P2', first_response_min: 300, resolution_hours: 48 },
  { ticket_id: 'demo-6', priority: 'P2', first_response_min: 500, resolution_hours: 60 },
  { ticket_id: 'demo-7', priority: 'P3', first_response_min: 600, resolution_hours: 100 },
  { ticket_id: 'demo-8', priority: 'P3', first_response_min: 1200, resolution_hours: 150 },
  { ticket_id: 'demo-9', priority: 'P3', first_response_min: 800, resolution_hours: null },
  { ticket_id: 'demo-10', priority: 'P2', first_response_min: 200, resolution_hours: 30 },
];
