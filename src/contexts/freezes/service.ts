/**
 * Freezes of live actions. The founder sets and lifts them by hand; channel health, a SEV1 incident
 * and a critical SLA week set them on their own. Setting one withdraws the approval of every
 * approved, unsent draft in its scope, in the same unit of work, so nothing approved before the
 * freeze slips out after it is lifted without a fresh look. Lifting a global or SEV1 freeze takes
 * two different people. Every decision is a Ledger entry written with the change.
 */
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { conflict, invalid, notFound } from '../../lib/errors.js';
import { newId } from '../../store/ids.js';
import type { FreezeTable } from '../../store/schema-outbound.js';
import { type Deps, inUnit, type UnitContext } from '../../store/unit.js';
import { actorName, authorize, can, type Principal } from '../access/domain.js';
import { notifyRole } from '../notifications/notify.js';
import {
  checkScope,
  evaluateMetrics,
  FROZEN_STATUSES,
  type FreezeChannel,
  type FreezeScope,
  type FreezeSource,
  type FreezeStatus,
  type FreezeTarget,
  liftStep,
  type MetricResult,
  metricsAt,
  needsSecondApprover,
  overallStatus,
} from './domain.js';
import {
  incidentFreezeReason,
  metricNotice,
  metricsFreezeReason,
  scopeSummary,
  slaFreezeReason,
} from './messages.js';
import { freezesRepo as repo } from './repository.js';
import type { CreatedFreezeView, CreateFreeze, FreezeView, LiftInput, MetricsInput } from './schema.js';

export { activeFreezeFor } from './repository.js';

export const freezeNotFound = (id: string) => notFound('freeze_not_found', `No freeze with id "${id}"`, 'id');
const customerNotFound = (id: string) =>
  notFound('customer_not_found', `No customer with id "${id}"`, 'customer_id');

/** Who is told about channel health: the founder and whoever is on call. */
const HEALTH_ROLES = ['founder', 'operator_oncall'] as const;

export function freezeView(row: FreezeTable): FreezeView {
  const summary = scopeSummary(row);
  return {
    id: row.id,
    scope: row.scope as FreezeScope,
    channel: row.channel,
    customer_id: row.customer_id,
    reason: row.reason,
    source: row.source as FreezeSource,
    source_ref: row.source_ref,
    status: row.status as FreezeStatus,
    frozen: (FROZEN_STATUSES as readonly string[]).includes(row.status),
    needs_second_approver: Number(row.needs_second_approver) === 1,
    created_at: row.created_at,
    created_by: row.created_by,
    lift_requested_by: row.lift_requested_by,
    lift_requested_at: row.lift_requested_at,
    lift_reason: row.lift_reason,
    lifted_by: row.lifted_by,
    lifted_at: row.lifted_at,
    version: Number(row.version),
    summary_ar: summary.ar,
    summary_en: summary.en,
  };
}

export interface NewFreeze {
  target: FreezeTarget;
  reason: string;
  source: FreezeSource;
  source_ref: string | null;
  /** More to say in the freeze's Ledger entry (what raised it). */
  context?: Record<string, unknown> | undefined;
}

/**
 * Writes a freeze inside the caller's unit: the row, its Ledger entry, and the withdrawal of every
 * approved, unsent draft in its scope (one Ledger entry per draft).
 */
export async function createFreeze(
  u: UnitContext,
  f: NewFreeze,
): Promise<{ freeze: FreezeTable; invalidated: number }> {
  const at = u.now.toISOString();
  const row: FreezeTable = {
    id: newId('frz', u.now),
    scope: f.target.scope,
    channel: f.target.channel,
    customer_id: f.target.customer_id,
    reason: f.reason,
    source: f.source,
    source_ref: f.source_ref,
    status: 'active',
    needs_second_approver: needsSecondApprover(f.target.scope, f.source) ? 1 : 0,
    created_at: at,
    created_by: u.actor,
    lift_requested_by: null,
    lift_requested_at: null,
    lift_reason: null,
    lifted_by: null,
    lifted_at: null,
    version: 1,
  };
  await repo.insert(u.tx, row);
  const drafts = await repo.invalidateApproved(u.tx, f.target, `freeze:${row.id}`, at);
  await u.record('freeze.created', row.id, {
    scope: row.scope,
    channel: row.channel,
    customer_id: row.customer_id,
    reason: row.reason,
    source: row.source,
    source_ref: row.source_ref,
    needs_second_approver: row.needs_second_approver === 1,
    invalidated_drafts: drafts.length,
    ...f.context,
  });
  for (const d of drafts) {
    await u.record('draft.invalidated', d.id, {
      freeze_id: row.id,
      kind: d.kind,
      channel: d.channel,
      customer_id: d.customer_id,
    });
  }
  return { freeze: row, invalidated: drafts.length };
}

/**
 * A SEV1 incident freezes every live action at once (SPEC §5: freeze first, then investigate).
 * Call it in the unit that stores the incident or raises it to SEV1; anything below SEV1, or an
 * incident that already raised its freeze, changes nothing. Returns the freeze, if one was made.
 */
export async function freezeForIncident(
  u: UnitContext,
  incident: { id: string; severity: string; title: string },
): Promise<FreezeTable | null> {
  if (incident.severity !== 'SEV1') return null;
  if (await repo.bySourceRef(u.tx, 'incident', incident.id)) return null;
  const { freeze } = await createFreeze(u, {
    target: { scope: 'global', channel: null, customer_id: null },
    reason: incidentFreezeReason(incident.title),
    source: 'incident',
    source_ref: incident.id,
    context: { severity: incident.severity },
  });
  return freeze;
}

/**
 * A critical SLA week freezes live actions until the review is done. Called in the unit that
 * records the week's verdict and its freeze request; once per week.
 */
export async function freezeForSlaVerdict(
  u: UnitContext,
  week: string,
  freezeRequestId: string,
): Promise<FreezeTable | null> {
  if (await repo.bySourceRef(u.tx, 'sla_verdict', week)) return null;
  const { freeze } = await createFreeze(u, {
    target: { scope: 'global', channel: null, customer_id: null },
    reason: slaFreezeReason(week),
    source: 'sla_verdict',
    source_ref: week,
    context: { freeze_request_id: freezeRequestId },
  });
  return freeze;
}

function isoOrNull(v: string | undefined, field: string): string | null {
  if (v === undefined) return null;
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) throw invalid('invalid_time', `${field} must be an ISO-8601 time`, field);
  return new Date(ms).toISOString();
}

const trimmedReason = (reason: string) => {
  const r = reason.trim();
  if (r === '') throw invalid('reason_required', 'reason must say why', 'reason');
  return r;
};

export function freezesService(deps: Deps) {
  const load = async (u: UnitContext | null, id: string) => {
    const row = await repo.get(u ? u.tx : deps.store.db, id);
    if (!row) throw freezeNotFound(id);
    return row;
  };

  const save = async (u: UnitContext, row: FreezeTable, patch: Partial<FreezeTable>) => {
    if (!(await repo.update(u.tx, row.id, row.version, patch)))
      throw conflict('stale_version', `Freeze ${row.id} changed meanwhile; reload and retry`, 'version');
    return { ...row, ...patch, version: row.version + 1 };
  };

  return {
    /** A manual freeze (the founder). */
    async create(input: CreateFreeze, p: Principal): Promise<CreatedFreezeView> {
      authorize(p, 'freezes.manage');
      const target = checkScope(input);
      const reason = trimmedReason(input.reason);
      return inUnit(deps, actorName(p), async (u) => {
        if (target.customer_id !== null && !(await repo.customerExists(u.tx, target.customer_id)))
          throw customerNotFound(target.customer_id);
        const { freeze, invalidated } = await createFreeze(u, {
          target,
          reason,
          source: 'manual',
          source_ref: null,
        });
        return { ...freezeView(freeze), invalidated_drafts: invalidated };
      });
    },

    async list(
      q: {
        status?: string | undefined;
        scope?: string | undefined;
        customer_id?: string | undefined;
        channel?: string | undefined;
        after?: string | undefined;
        limit: number;
      },
      p: Principal,
    ) {
      authorize(p, 'freezes.list');
      const { after, ...filter } = q;
      const rows = await repo.list(deps.store.db, {
        ...filter,
        before: after ? decodeCursor(after) : undefined,
      });
      const last = rows.at(-1);
      return {
        freezes: rows.map(freezeView),
        next_after: last && rows.length === q.limit ? encodeCursor(last.created_at, last.id) : null,
      };
    },

    async get(id: string, p: Principal) {
      authorize(p, 'freezes.list');
      return freezeView(await load(null, id));
    },

    /**
     * Lifts a freeze, or takes the next step towards it: an ordinary freeze lifts in one call by
     * the founder; a two-person one moves to lift_pending on the founder's call and lifts when a
     * different holder of freezes.second_approve confirms.
     */
    async lift(id: string, input: LiftInput, p: Principal): Promise<FreezeView> {
      const reason = trimmedReason(input.reason);
      return inUnit(deps, actorName(p), async (u) => {
        const row = await load(u, id);
        if (input.version !== undefined && input.version !== row.version)
          throw conflict(
            'stale_version',
            `Freeze ${id} is at version ${row.version}, not ${input.version}`,
            'version',
            { current_version: row.version },
          );
        const step = liftStep(row);
        const at = u.now.toISOString();
        if (step === 'second_approval') {
          authorize(p, 'freezes.second_approve');
          if (row.lift_requested_by === u.actor)
            throw conflict(
              'second_approver_required',
              `Freeze ${id} needs a second approver: someone other than ${u.actor}, who asked to lift it`,
              'id',
              { lift_requested_by: row.lift_requested_by },
            );
          const next = await save(u, row, { status: 'lifted', lifted_by: u.actor, lifted_at: at });
          await u.record('freeze.lifted', id, {
            scope: row.scope,
            channel: row.channel,
            customer_id: row.customer_id,
            source: row.source,
            reason,
            lift_requested_by: row.lift_requested_by,
            lift_reason: row.lift_reason,
            second_approver: u.actor,
          });
          return freezeView(next);
        }
        authorize(p, 'freezes.manage');
        if (step === 'request') {
          const next = await save(u, row, {
            status: 'lift_pending',
            lift_requested_by: u.actor,
            lift_requested_at: at,
            lift_reason: reason,
          });
          await u.record('freeze.lift_requested', id, {
            scope: row.scope,
            channel: row.channel,
            customer_id: row.customer_id,
            source: row.source,
            reason,
          });
          return freezeView(next);
        }
        const next = await save(u, row, {
          status: 'lifted',
          lift_reason: reason,
          lifted_by: u.actor,
          lifted_at: at,
        });
        await u.record('freeze.lifted', id, {
          scope: row.scope,
          channel: row.channel,
          customer_id: row.customer_id,
          source: row.source,
          reason,
          second_approver: null,
        });
        return freezeView(next);
      });
    },

    /**
     * Stores one batch of a customer's channel numbers and acts on its rates: above a threshold the
     * customer's channel is frozen (unless a still-frozen automatic freeze already covers it);
     * above half of one, the founder and on-call are told. Everything in one unit of work.
     */
    async postMetrics(channel: FreezeChannel, input: MetricsInput, p: Principal) {
      authorize(p, 'channels.post_metrics');
      const counts = {
        sent: input.sent,
        bounced: input.bounced ?? 0,
        complained: input.complained ?? 0,
        blocked: input.blocked ?? 0,
      };
      const verdict = evaluateMetrics(channel, counts);
      const period_start = isoOrNull(input.period_start, 'period_start');
      const period_end = isoOrNull(input.period_end, 'period_end');
      if (period_start !== null && period_end !== null && period_end < period_start)
        throw invalid('period_reversed', 'period_end must not be before period_start', 'period_end');
      const status = overallStatus(verdict);
      return inUnit(deps, actorName(p), async (u) => {
        // Two batches posted at once for one customer must not both freeze it (SQLite has one writer).
        const exists =
          deps.store.dialect === 'postgres'
            ? await repo.lockCustomer(u.tx, input.customer_id)
            : await repo.customerExists(u.tx, input.customer_id);
        if (!exists) throw customerNotFound(input.customer_id);
        const id = newId('chm', u.now);
        const at = u.now.toISOString();
        const row = {
          id,
          customer_id: input.customer_id,
          channel,
          ...counts,
          period_start,
          period_end,
          recorded_at: at,
          recorded_by: u.actor,
        };
        await repo.insertMetrics(u.tx, row);

        const over = metricsAt(verdict, 'freeze');
        let freezeId: string | null = null;
        let existingId: string | null = null;
        if (over.length > 0) {
          const target: FreezeTarget = {
            scope: 'customer_channel',
            channel,
            customer_id: input.customer_id,
          };
          const existing = await repo.frozenFromSource(u.tx, 'channel_metrics', target);
          if (existing) existingId = existing.id;
          else {
            const made = await createFreeze(u, {
              target,
              reason: metricsFreezeReason(
                channel,
                over.map((m) => [m, verdict[m] as MetricResult]),
              ),
              source: 'channel_metrics',
              source_ref: id,
            });
            freezeId = made.freeze.id;
          }
        }

        const notified = new Set<string>();
        for (const level of ['freeze', 'warn'] as const) {
          for (const m of metricsAt(verdict, level)) {
            const r = verdict[m] as MetricResult;
            const title = metricNotice(level, m, r, channel, input.customer_id);
            for (const role of HEALTH_ROLES) {
              const users = await notifyRole(
                u.tx,
                {
                  role,
                  kind: level === 'warn' ? 'channel_health_warning' : 'channel_frozen',
                  subject_type: level === 'warn' ? 'channel_metrics' : 'freeze',
                  subject_id: level === 'warn' ? id : (freezeId ?? existingId ?? id),
                  customer_id: input.customer_id,
                  title_ar: title.ar,
                  title_en: title.en,
                  data: {
                    metrics_id: id,
                    channel,
                    metric: m,
                    rate: r.rate,
                    threshold: r.threshold,
                    warn_at: r.warn_at,
                    freeze_id: freezeId ?? existingId,
                  },
                  dedupe_key: `channel_metrics:${id}:${m}`,
                },
                u.now,
              );
              for (const user of users) notified.add(user);
            }
          }
        }

        await u.record('channel.metrics_recorded', id, {
          customer_id: input.customer_id,
          channel,
          ...counts,
          period_start,
          period_end,
          status,
          metrics: Object.fromEntries(
            Object.entries(verdict).map(([m, r]) => [m, r ? { rate: r.rate, status: r.status } : null]),
          ),
          warned: metricsAt(verdict, 'warn'),
          froze: over,
          freeze_id: freezeId,
          existing_freeze_id: existingId,
        });
        return {
          ...row,
          metrics: {
            bounce: verdict.bounce as MetricResult,
            complaint: verdict.complaint as MetricResult,
            block: verdict.block,
          },
          status,
          freeze_id: freezeId,
          existing_freeze_id: existingId,
          notified: [...notified].sort(),
        };
      });
    },
  };
}
export type FreezesService = ReturnType<typeof freezesService>;

/** Whether a principal can take any step of lifting (the exact step is checked on the freeze). */
export const mayLift = (p: Principal) => can(p, 'freezes.manage') || can(p, 'freezes.second_approve');
