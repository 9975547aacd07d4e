/** Routing: priority + SLA row + owner + a first-response draft that a human must approve. */
import { conflict, invalid } from '../../lib/errors.js';
import { type Classification, classify } from './classifier.js';
import { DEFAULT_NAME_AR, FIRST_RESPONSE, PRIORITY_TEXT } from './messages.js';
import { isPriority, PRIORITIES, PRIORITY_TABLE, type Priority, type PriorityRow } from './priorities.js';

export function assertPriority(p: string, field = 'priority'): Priority {
  if (!isPriority(p))
    throw invalid('unknown_priority', `Unknown priority "${p}". Known: ${PRIORITIES.join(', ')}`, field);
  return p;
}

export function prioritiesTable() {
  return PRIORITIES.map((p) => ({ ...PRIORITY_TABLE[p], ...PRIORITY_TEXT[p] }));
}

export interface FirstResponseDraft {
  priority: Priority;
  body_ar: string;
  approval_required: true;
  live_send_allowed: false;
}

export function firstResponse(priority: Priority, name?: string): FirstResponseDraft {
  return {
    priority,
    body_ar: FIRST_RESPONSE[priority].replace('{name}', name?.trim() || DEFAULT_NAME_AR),
    approval_required: true,
    live_send_allowed: false,
  };
}

export interface Routed {
  priority: Priority;
  classification: Classification;
  sla: PriorityRow;
  owner: PriorityRow['owner'];
  first_response_template: FirstResponseDraft;
  approval_required: true;
  live_send_allowed: false;
}

export function route(text: string, contactName?: string): Routed {
  const classification = classify(text);
  const sla = PRIORITY_TABLE[classification.priority];
  return {
    priority: classification.priority,
    classification,
    sla,
    owner: sla.owner,
    first_response_template: firstResponse(classification.priority, contactName),
    approval_required: true,
    live_send_allowed: false,
  };
}

/** A human may raise a priority, never lower it. */
export function assertRaise(from: Priority, to: Priority): void {
  if (PRIORITIES.indexOf(to) > PRIORITIES.indexOf(from)) {
    throw conflict(
      'priority_lowering_forbidden',
      `Priority can only be raised: ${from} → ${to} lowers it`,
      'priority',
    );
  }
}
