/**
 * Stored incidents: triage on open, the response plan as a checklist, a timeline, update and
 * post-mortem due times, and PDPL clocks for a data leak. Every change is one unit of work with
 * its timeline and Ledger entries.
 */
import { conflict, invalid, notFound } from '../../lib/errors.js';
import { newId } from '../../store/ids.js';
import type { IncidentStepTable, IncidentTable } from '../../store/schema-incidents.js';
import { type Deps, inUnit, type UnitContext } from '../../store/unit.js';
import { customerContacts, writeDraft } from '../drafts/write.js';
import { freezeForIncident } from '../freezes/service.js';
import { formatDual } from '../sla/calendar.js';
import {
  POSTMORTEM_WITHIN_HOURS,
  pdplClocks,
  postmortemTemplate,
  responsePlan,
  SEVERITY_TABLE,
  type Severity,
  triage,
} from './domain.js';
import { CUSTOMER_DRAFT_AR, TIMELINE_AR } from './stored-messages.js';
import { type IncidentFilter, incidentsRepo as repo } from './stored-repository.js';

export const INCIDENT_STATUSES = ['open', 'mitigated', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const CHANNELS = ['email', 'whatsapp', 'sms', 'linkedin', 'calendar', 'all'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CUSTOMER_IDS_MAX = 1000;
export const AFFECTED_MAX = 1_000_000;
export const UPDATE_TEXT_MAX = 2000;
export const NOTE_MAX = 2000;

/** open → mitigated → resolved, or straight to resolved; nothing leaves resolved. */
const TRANSITIONS: Readonly<Record<IncidentStatus, readonly IncidentStatus[]>> = {
  open: ['mitigated', 'resolved'],
  mitigated: ['resolved'],
  resolved: [],
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms).toISOString();

export interface CreateIncident {
  title: string;
  description?: string | undefined;
  affected_customers: number;
  customer_ids?: string[] | undefined;
  has_data_leak?: boolean | undefined;
  has_unauthorized_send?: boolean | undefined;
  channel?: Channel | undefined;
  became_aware_at?: string | undefined;
}

function view(row: IncidentTable) {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    severity: row.severity as Severity,
    reason_ar: row.reason_ar,
    affected_customers: row.affected_customers,
    customer_ids: JSON.parse(row.customer_ids) as string[],
    has_data_leak: row.has_data_leak === 1,
    has_unauthorized_send: row.has_unauthorized_send === 1,
    channel: row.channel as Channel | null,
    status: row.status as IncidentStatus,
    opened_at: row.opened_at,
    became_aware_at: row.became_aware_at,
    first_action_due_at: row.first_action_due_at,
    next_update_due_at: row.next_update_due_at,
    postmortem_due_at: row.postmortem_due_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
    version: row.version,
  };
}
export type IncidentView = ReturnType<typeof view>;

const stepView = (s: IncidentStepTable) => ({
  n: s.n,
  title_ar: s.title_ar,
  done: s.done === 1,
  done_at: s.done_at,
  done_by: s.done_by,
  note: s.note,
});

/** Strictly past the due time; a resolved incident owes no more updates. */
const overdue = (row: IncidentTable, now: Date) =>
  row.next_update_due_at !== null && now.getTime() > Date.parse(row.next_update_due_at);

type Db = Parameters<typeof repo.get>[0];

export function incidentsService(deps: Deps) {
  const load = async (db: Db, id: string) => {
    const row = await repo.get(db, id);
    if (!row) throw notFound('incident_not_found', `No incident with id "${id}"`, 'id');
    return row;
  };

  /** Everything about one incident, with clocks measured against `now`. */
  const detail = async (db: Db, id: string, now: Date) => {
    const row = await load(db, id);
    const steps = await repo.steps(db, id);
    const timeline = await repo.timeline(db, id);
    const severity = row.severity as Severity;
    return {
      incident: view(row),
      triage: {
        severity,
        reason_ar: row.reason_ar,
        ...SEVERITY_TABLE[severity],
        notify_founder: severity === 'SEV1',
        postmortem_required: severity !== 'SEV3',
        postmortem_within_hours: POSTMORTEM_WITHIN_HOURS[severity],
      },
      steps: steps.map(stepView),
      timeline: timeline.map((t) => ({ id: t.id, at: t.at, actor: t.actor, kind: t.kind, text: t.text })),
      first_action_due_at: row.first_action_due_at,
      next_update_due_at: row.next_update_due_at,
      update_overdue: overdue(row, now),
      postmortem_due_at: row.postmortem_due_at,
      pdpl: row.became_aware_at ? pdplClocks(new Date(row.became_aware_at), now) : null,
      postmortem: postmortemTemplate(severity),
    };
  };

  const addTimeline = (u: UnitContext, incidentId: string, kind: string, text: string) =>
    repo.addTimeline(u.tx, {
      id: newId('itl', u.now),
      incident_id: incidentId,
      at: u.now.toISOString(),
      actor: u.actor,
      kind,
      text,
    });

  return {
    async create(input: CreateIncident, actor: string) {
      const leak = input.has_data_leak ?? false;
      const t = triage({
        title: input.title,
        description: input.description,
        affected_customers: input.affected_customers,
        has_data_leak: leak,
        has_unauthorized_send: input.has_unauthorized_send ?? false,
      });
      const customerIds = [...new Set(input.customer_ids ?? [])];
      if (customerIds.length > input.affected_customers) {
        throw invalid(
          'affected_customers_too_low',
          `affected_customers (${input.affected_customers}) is below the ${customerIds.length} customer ids given`,
          'affected_customers',
        );
      }
      // The PDPL clocks run only for a data leak; a time given without one is a mistake, not a hint.
      if (input.became_aware_at !== undefined && !leak) {
        throw invalid(
          'became_aware_without_leak',
          'became_aware_at is kept only for an incident with has_data_leak',
          'became_aware_at',
        );
      }
      return inUnit(deps, actor, async (u) => {
        let becameAware: Date | null = null;
        if (leak) {
          becameAware = u.now;
          if (input.became_aware_at !== undefined) {
            const ms = Date.parse(input.became_aware_at);
            if (Number.isNaN(ms))
              throw invalid('invalid_time', 'became_aware_at must be an ISO-8601 time', 'became_aware_at');
            if (ms > u.now.getTime())
              throw invalid(
                'became_aware_in_future',
                'became_aware_at must not be in the future',
                'became_aware_at',
              );
            becameAware = new Date(ms);
          }
        }
        const known = await repo.existingCustomerIds(u.tx, customerIds);
        const unknown = customerIds.filter((c) => !known.has(c));
        if (unknown.length > 0) {
          throw invalid('unknown_customer', `No customer with id "${unknown[0]}"`, 'customer_ids', {
            unknown,
          });
        }

        const id = newId('inc', u.now);
        const at = u.now.toISOString();
        const pmHours = POSTMORTEM_WITHIN_HOURS[t.severity];
        const row: IncidentTable = {
          id,
          title: input.title.trim(),
          description: input.description?.trim() || null,
          severity: t.severity,
          reason_ar: t.reason_ar,
          affected_customers: input.affected_customers,
          customer_ids: JSON.stringify(customerIds),
          has_data_leak: leak ? 1 : 0,
          has_unauthorized_send: t.has_unauthorized_send ? 1 : 0,
          channel: input.channel ?? null,
          status: 'open',
          opened_at: at,
          became_aware_at: becameAware?.toISOString() ?? null,
          first_action_due_at: plus(u.now, t.first_action_minutes * MINUTE),
          next_update_due_at: plus(u.now, t.update_cadence_minutes * MINUTE),
          // Counted from opening, as the plan says "within 24 h / 48 h" of the incident.
          postmortem_due_at: pmHours === null ? null : plus(u.now, pmHours * HOUR),
          created_at: at,
          updated_at: at,
          version: 1,
        };
        await repo.insert(u.tx, row);
        await repo.insertSteps(
          u.tx,
          responsePlan(t.severity).map((title_ar, i) => ({
            incident_id: id,
            n: i + 1,
            title_ar,
            done: 0,
            done_at: null,
            done_by: null,
            note: '',
          })),
        );
        await addTimeline(u, id, 'opened', TIMELINE_AR.opened(t.severity, t.reason_ar));
        await u.record('incident.opened', id, {
          title: row.title,
          severity: t.severity,
          affected_customers: row.affected_customers,
          customer_ids: customerIds,
          has_data_leak: leak,
          has_unauthorized_send: t.has_unauthorized_send,
          channel: row.channel,
          became_aware_at: row.became_aware_at,
        });
        // A data leak owes the affected customers a PDPL notice: drafted now, for the founder to approve.
        if (leak && becameAware) {
          const due = pdplClocks(becameAware, u.now).customer_notice_due_at;
          for (const c of await customerContacts(u, customerIds))
            await writeDraft(u, {
              kind: 'pdpl_notice',
              channel: 'email',
              recipient: c.email,
              subject_type: 'incident',
              subject_id: id,
              customer_id: c.customer_id,
              body_ar: `${CUSTOMER_DRAFT_AR.greeting(c.name)}\n${CUSTOMER_DRAFT_AR.pdplNotice(row.title, formatDual(new Date(due)).gregorian)}`,
              body_en: null,
            });
        }
        if (t.notify_founder) {
          await addTimeline(u, id, 'founder_notified', TIMELINE_AR.founderNotified);
          await u.record('incident.founder_notified', id, { severity: t.severity, reason_ar: t.reason_ar });
        }
        await freezeForIncident(u, row);
        return detail(u.tx, id, u.now);
      });
    },

    async get(id: string) {
      return detail(deps.store.db, id, deps.clock.now());
    },

    async list(f: IncidentFilter) {
      const now = deps.clock.now();
      const rows = await repo.list(deps.store.db, f);
      return rows.map((r) => ({ ...view(r), update_overdue: overdue(r, now) }));
    },

    async setStep(id: string, n: number, input: { done: boolean; note?: string | undefined }, actor: string) {
      return inUnit(deps, actor, async (u) => {
        await load(u.tx, id);
        const steps = await repo.steps(u.tx, id);
        const step = steps.find((s) => s.n === n);
        if (!step) {
          throw notFound('unknown_step', `Incident ${id} has steps 1 to ${steps.length}, not ${n}`, 'n');
        }
        const note = input.note?.trim();
        const wasDone = step.done === 1;
        if (wasDone === input.done && note === undefined) return detail(u.tx, id, u.now);
        const at = u.now.toISOString();
        const becameDone = input.done && !wasDone;
        await repo.updateStep(u.tx, id, n, {
          done: input.done ? 1 : 0,
          done_at: input.done ? (becameDone ? at : step.done_at) : null,
          done_by: input.done ? (becameDone ? actor : step.done_by) : null,
          note: note ?? step.note,
        });
        await repo.touch(u.tx, id, { updated_at: at });
        await addTimeline(
          u,
          id,
          input.done ? 'step_done' : 'step_reopened',
          (input.done ? TIMELINE_AR.stepDone : TIMELINE_AR.stepReopened)(n, step.title_ar, note),
        );
        await u.record(input.done ? 'incident.step_checked' : 'incident.step_unchecked', id, {
          n,
          title_ar: step.title_ar,
          note: note ?? null,
        });
        return detail(u.tx, id, u.now);
      });
    },

    /**
     * Posts an update to the timeline; with `notify_customers` it also writes an update draft for
     * each contact of the affected customers, to be approved (the founder's, for SEV1) and sent.
     */
    async postUpdate(
      id: string,
      text: string,
      actor: string,
      opts: { notify_customers?: boolean | undefined } = {},
    ) {
      const body = text.trim();
      if (body === '') throw invalid('text_required', 'text must not be empty', 'text');
      return inUnit(deps, actor, async (u) => {
        const row = await load(u.tx, id);
        if (opts.notify_customers) {
          const customerIds = JSON.parse(row.customer_ids) as string[];
          if (customerIds.length === 0)
            throw invalid('no_customers', 'This incident names no customers to notify', 'notify_customers');
          for (const c of await customerContacts(u, customerIds))
            await writeDraft(u, {
              kind: 'incident_update',
              channel: 'email',
              recipient: c.email,
              subject_type: 'incident',
              subject_id: id,
              customer_id: c.customer_id,
              body_ar: `${CUSTOMER_DRAFT_AR.greeting(c.name)}\n${CUSTOMER_DRAFT_AR.update(row.title, body)}`,
              body_en: null,
            });
        }
        const cadence = SEVERITY_TABLE[row.severity as Severity].update_cadence_minutes;
        // The next update is owed one cadence after this one; a resolved incident owes none.
        const next = row.status === 'resolved' ? null : plus(u.now, cadence * MINUTE);
        await repo.touch(u.tx, id, { next_update_due_at: next, updated_at: u.now.toISOString() });
        await addTimeline(u, id, 'update', body);
        await u.record('incident.update_posted', id, { text: body, next_update_due_at: next });
        return detail(u.tx, id, u.now);
      });
    },

    async setStatus(
      id: string,
      input: {
        status: Exclude<IncidentStatus, 'open'>;
        note?: string | undefined;
        version?: number | undefined;
      },
      actor: string,
    ) {
      return inUnit(deps, actor, async (u) => {
        const row = await load(u.tx, id);
        if (input.version !== undefined && input.version !== row.version) {
          throw conflict(
            'stale_version',
            `Incident ${id} is at version ${row.version}, not ${input.version}; reload and retry`,
            'version',
            { current_version: row.version },
          );
        }
        const from = row.status as IncidentStatus;
        const to = input.status;
        if (!TRANSITIONS[from].includes(to)) {
          throw conflict('invalid_transition', `An incident cannot move from ${from} to ${to}`, 'status', {
            from,
            to,
            allowed: TRANSITIONS[from],
          });
        }
        const note = input.note?.trim() || undefined;
        const patch: Partial<IncidentTable> = {
          status: to,
          updated_at: u.now.toISOString(),
          next_update_due_at: to === 'resolved' ? null : row.next_update_due_at,
        };
        if (!(await repo.update(u.tx, id, row.version, patch))) {
          throw conflict('stale_version', `Incident ${id} changed meanwhile; reload and retry`, 'version');
        }
        await addTimeline(u, id, 'status', TIMELINE_AR.status(from, to, note));
        await u.record('incident.status_changed', id, {
          from,
          to,
          note: note ?? null,
          version: row.version + 1,
        });
        return detail(u.tx, id, u.now);
      });
    },
  };
}
export type IncidentsService = ReturnType<typeof incidentsService>;
export type IncidentDetail = Awaited<ReturnType<IncidentsService['get']>>;
