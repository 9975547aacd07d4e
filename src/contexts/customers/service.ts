/**
 * Customers and what is created with them: the onboarding checklist, the eleven connector states
 * and the success plan with dated tasks. Every change is one unit of work with its Ledger entries.
 */
import { conflict, invalid, notFound, round } from '../../lib/errors.js';
import { riyadhDate } from '../../lib/time.js';
import { newId } from '../../store/ids.js';
import type { CustomerTable } from '../../store/schema.js';
import { type Deps, inUnit } from '../../store/unit.js';
import {
  applyUpdate,
  assertConnectorKey,
  CATALOG,
  type ConnectorState,
  type StatusMap,
  summarize,
} from '../connectors/domain.js';
import { writeDraft } from '../drafts/write.js';
import { assertStepId, fiveDayPlan, STEPS } from '../onboarding/domain.js';
import { assertBundle, successPlan } from '../success/domain.js';
import { checkInMessageAr } from '../success/messages.js';
import { customersRepo as repo } from './repository.js';

export interface Contact {
  name: string;
  email?: string | undefined;
  phone?: string | undefined;
  role?: string | undefined;
}

export interface CreateCustomer {
  name: string;
  bundle_id: string;
  goal?: string | undefined;
  contacts?: Contact[] | undefined;
}

function view(row: CustomerTable) {
  return {
    id: row.id,
    name: row.name,
    bundle_id: row.bundle_id,
    goal: row.goal,
    contacts: JSON.parse(row.contacts) as Contact[],
    status: row.status,
    created_at: row.created_at,
    updated_at: row.updated_at,
    version: row.version,
  };
}
export type CustomerView = ReturnType<typeof view>;

export function customersService(deps: Deps) {
  const load = async (id: string) => {
    const row = await repo.get(deps.store.db, id);
    if (!row) throw notFound('customer_not_found', `No customer with id "${id}"`, 'id');
    return row;
  };

  return {
    async create(input: CreateCustomer, actor: string) {
      const bundle = assertBundle(input.bundle_id);
      return inUnit(deps, actor, async (u) => {
        const id = newId('cus', u.now);
        const at = u.now.toISOString();
        const row: CustomerTable = {
          id,
          name: input.name.trim(),
          bundle_id: bundle,
          goal: input.goal?.trim() || null,
          contacts: JSON.stringify(input.contacts ?? []),
          status: 'onboarding',
          created_at: at,
          updated_at: at,
          version: 1,
        };
        await repo.insert(u.tx, row);
        await u.tx
          .insertInto('onboarding_steps')
          .values(
            STEPS.map((s) => ({
              customer_id: id,
              step_id: s.step_id,
              position: s.order,
              completed: 0,
              completed_at: null,
              completed_by: null,
              approved_by: null,
              notes: '',
              updated_at: at,
              version: 1,
            })),
          )
          .execute();
        await u.tx
          .insertInto('connector_states')
          .values(
            CATALOG.map((c) => ({
              customer_id: id,
              connector_key: c.key,
              state: 'not_started',
              notes: '',
              updated_at: at,
              updated_by: null,
              version: 1,
            })),
          )
          .execute();
        const plan = successPlan({ customer_id: id, bundle_id: bundle }, u.now);
        const tasks: Array<{
          id: string;
          customer_id: string;
          day: number;
          due_date: string;
          kind: string;
          title_ar: string;
          done: number;
          done_at: null;
          done_by: null;
          updated_at: string;
          version: number;
        }> = plan.cadence_ar.flatMap((d) =>
          d.items_ar.map((title_ar, i) => ({
            id: newId('tsk', u.now),
            customer_id: id,
            day: d.day,
            due_date: d.date!,
            kind: `day_${d.day}_${i + 1}`,
            title_ar,
            done: 0,
            done_at: null,
            done_by: null,
            updated_at: at,
            version: 1,
          })),
        );
        tasks.push({
          id: newId('tsk', u.now),
          customer_id: id,
          day: 90,
          due_date: plan.qbr.date!,
          kind: 'quarterly_business_review',
          title_ar: 'مراجعة الأعمال الربعية (QBR)',
          done: 0,
          done_at: null,
          done_by: null,
          updated_at: at,
          version: 1,
        });
        await u.tx.insertInto('success_tasks').values(tasks).execute();
        await u.record('customer.created', id, {
          name: row.name,
          bundle_id: bundle,
          goal: row.goal,
          plan_bundle: plan.plan_bundle,
          tasks: tasks.length,
        });
        return view(row);
      });
    },

    async get(id: string) {
      return view(await load(id));
    },

    async list(opts: { limit: number; after?: string | undefined }) {
      const rows = await repo.list(deps.store.db, opts);
      return rows.map(view);
    },

    async patch(
      id: string,
      input: {
        version: number;
        name?: string | undefined;
        goal?: string | null | undefined;
        contacts?: Contact[] | undefined;
        bundle_id?: string | undefined;
      },
      actor: string,
    ) {
      return inUnit(deps, actor, async (u) => {
        const row = await repo.get(u.tx, id);
        if (!row) throw notFound('customer_not_found', `No customer with id "${id}"`, 'id');
        if (row.version !== input.version) {
          throw conflict(
            'stale_version',
            `Customer ${id} is at version ${row.version}, not ${input.version}; reload and retry`,
            'version',
            { current_version: row.version },
          );
        }
        const patch: Partial<CustomerTable> = { updated_at: u.now.toISOString() };
        const changed: Record<string, unknown> = {};
        if (input.name !== undefined) changed.name = patch.name = input.name.trim();
        if (input.goal !== undefined) changed.goal = patch.goal = input.goal?.trim() || null;
        if (input.contacts !== undefined) {
          patch.contacts = JSON.stringify(input.contacts);
          changed.contacts = input.contacts;
        }
        if (input.bundle_id !== undefined)
          changed.bundle_id = patch.bundle_id = assertBundle(input.bundle_id);
        if (Object.keys(changed).length === 0)
          throw invalid('nothing_to_change', 'Give at least one of name, goal, contacts, bundle_id', 'body');
        if (!(await repo.update(u.tx, id, row.version, patch))) {
          throw conflict('stale_version', `Customer ${id} changed meanwhile; reload and retry`, 'version');
        }
        await u.record('customer.updated', id, { changed, version: row.version + 1 });
        return view({ ...row, ...patch, version: row.version + 1 } as CustomerTable);
      });
    },

    async onboarding(id: string) {
      const customer = await load(id);
      const steps = await repo.steps(deps.store.db, id);
      const byId = new Map(steps.map((s) => [s.step_id, s]));
      const list = STEPS.map((d) => {
        const s = byId.get(d.step_id)!;
        return {
          step_id: d.step_id,
          order: d.order,
          minutes: d.minutes,
          is_async: d.is_async,
          requires_approval: d.requires_approval,
          completed: s.completed === 1,
          completed_at: s.completed_at,
          completed_by: s.completed_by,
          approved_by: s.approved_by,
          notes: s.notes,
          version: s.version,
        };
      });
      const done = list.filter((s) => s.completed).length;
      const current = list.find((s) => !s.completed);
      return {
        customer_id: id,
        steps: list,
        total_steps: list.length,
        completed_steps: done,
        progress_pct: round((done / list.length) * 100, 1),
        current_step_id: current ? current.step_id : 'done',
        plan: fiveDayPlan(new Date(customer.created_at)),
        approval_required: true as const,
        live_send_allowed: false as const,
      };
    },

    async setStep(
      id: string,
      stepId: string,
      input: { completed: boolean; notes?: string | undefined },
      actor: string,
    ) {
      const step = assertStepId(stepId);
      const def = STEPS.find((s) => s.step_id === step)!;
      await inUnit(deps, actor, async (u) => {
        const row = await u.tx
          .selectFrom('onboarding_steps')
          .selectAll()
          .where('customer_id', '=', id)
          .where('step_id', '=', step)
          .executeTakeFirst();
        if (!row) throw notFound('customer_not_found', `No customer with id "${id}"`, 'id');
        const at = u.now.toISOString();
        const becameComplete = input.completed && row.completed === 0;
        await u.tx
          .updateTable('onboarding_steps')
          .set({
            completed: input.completed ? 1 : 0,
            completed_at: input.completed ? (becameComplete ? at : row.completed_at) : null,
            completed_by: input.completed ? (becameComplete ? actor : row.completed_by) : null,
            approved_by:
              input.completed && def.requires_approval ? (becameComplete ? actor : row.approved_by) : null,
            notes: input.notes ?? row.notes,
            updated_at: at,
            version: row.version + 1,
          })
          .where('customer_id', '=', id)
          .where('step_id', '=', step)
          .execute();
        await u.record(input.completed ? 'onboarding.step_completed' : 'onboarding.step_reopened', id, {
          step_id: step,
          notes: input.notes ?? null,
          approved: def.requires_approval && input.completed,
        });
      });
      return this.onboarding(id);
    },

    async connectors(id: string) {
      await load(id);
      const rows = await repo.connectors(deps.store.db, id);
      const statuses: StatusMap = {};
      for (const r of rows)
        statuses[r.connector_key as keyof StatusMap] = {
          state: r.state as ConnectorState,
          notes: r.notes,
          updated_at: r.updated_at,
        };
      const history = await repo.connectorHistory(deps.store.db, id);
      const summary = summarize(id, statuses);
      return {
        ...summary,
        connectors: summary.connectors.map((c) => ({
          ...c,
          history: history
            .filter((h) => h.connector_key === c.key)
            .map((h) => ({ from: h.from_state, to: h.to_state, notes: h.notes, actor: h.actor, at: h.at })),
        })),
      };
    },

    async setConnector(
      id: string,
      key: string,
      input: { state: string; notes?: string | undefined },
      actor: string,
    ) {
      const k = assertConnectorKey(key, 'key');
      await inUnit(deps, actor, async (u) => {
        const row = await u.tx
          .selectFrom('connector_states')
          .selectAll()
          .where('customer_id', '=', id)
          .where('connector_key', '=', k)
          .executeTakeFirst();
        if (!row) throw notFound('customer_not_found', `No customer with id "${id}"`, 'id');
        const before: StatusMap = {
          [k]: { state: row.state as ConnectorState, notes: row.notes, updated_at: row.updated_at },
        };
        const after = applyUpdate(
          before,
          { connector_key: k, state: input.state, notes: input.notes },
          u.now,
        )[k]!;
        if (after.state === row.state) return;
        await u.tx
          .updateTable('connector_states')
          .set({
            state: after.state,
            notes: after.notes,
            updated_at: u.now.toISOString(),
            updated_by: actor,
            version: row.version + 1,
          })
          .where('customer_id', '=', id)
          .where('connector_key', '=', k)
          .where('version', '=', row.version)
          .execute();
        await u.tx
          .insertInto('connector_history')
          .values({
            id: newId('cnh', u.now),
            customer_id: id,
            connector_key: k,
            from_state: row.state,
            to_state: after.state,
            notes: after.notes,
            actor,
            at: u.now.toISOString(),
          })
          .execute();
        await u.record('connector.state_changed', id, {
          connector_key: k,
          from: row.state,
          to: after.state,
          notes: after.notes,
        });
      });
      return this.connectors(id);
    },

    /**
     * Writes the check-in message of a success-plan task as a draft for the customer's contact:
     * it waits in the approval queue like any customer-facing text.
     */
    async checkInDraft(id: string, taskId: string, input: { recipient?: string | undefined }, actor: string) {
      return inUnit(deps, actor, async (u) => {
        const c = await repo.get(u.tx, id);
        if (!c) throw notFound('customer_not_found', `No customer with id "${id}"`, 'id');
        const task = (await repo.tasks(u.tx, id)).find((t) => t.id === taskId);
        if (!task)
          throw notFound('task_not_found', `No success-plan task "${taskId}" for this customer`, 'task_id');
        const contacts = JSON.parse(c.contacts) as Contact[];
        const contact = input.recipient
          ? contacts.find((x) => x.email?.toLowerCase() === input.recipient!.toLowerCase())
          : contacts.find((x) => x.email);
        const recipient = input.recipient ?? contact?.email;
        if (!recipient)
          throw invalid(
            'recipient_required',
            'The customer has no contact email; give recipient',
            'recipient',
          );
        const draft = await writeDraft(u, {
          kind: 'cs_check_in',
          channel: 'email',
          recipient,
          subject_type: 'customer',
          subject_id: id,
          customer_id: id,
          body_ar: checkInMessageAr(contact?.name ?? null, c.name, task.title_ar),
          body_en: null,
        });
        return { draft_id: draft.id, status: draft.status, recipient, kind: draft.kind };
      });
    },

    async successPlan(id: string) {
      const c = await load(id);
      const tasks = await repo.tasks(deps.store.db, id);
      const today = riyadhDate(deps.clock.now());
      return {
        customer_id: id,
        bundle_id: c.bundle_id,
        tasks: tasks.map((t) => ({
          id: t.id,
          day: t.day,
          due_date: t.due_date,
          title_ar: t.title_ar,
          kind: t.kind,
          done: t.done === 1,
          done_at: t.done_at,
          overdue: t.done === 0 && t.due_date < today,
        })),
        approval_required: true as const,
        live_send_allowed: false as const,
      };
    },
  };
}
export type CustomersService = ReturnType<typeof customersService>;
