/**
 * Ticket rules (SPEC §3–§4), pure: the system sets the priority and a human may only raise it;
 * a ticket goes open → resolved → closed, and only the customer's confirmation closes it.
 */
import { conflict, invalid, notFound } from '../../lib/errors.js';
import { assertSlaEvent } from '../sla/domain.js';
import { PRIORITY_TABLE, type Priority, rank } from '../support/priorities.js';
import type { TicketStatus } from './schema.js';

export const ticketNotFound = (id: string) => notFound('ticket_not_found', `No ticket with id "${id}"`, 'id');

export const ownerFor = (p: Priority) => PRIORITY_TABLE[p].owner;

/**
 * 'raise' when `to` is more urgent, 'same' when equal (a no-op, so retries are harmless);
 * lowering is refused: the classifier's floor protects against a missed P0.
 */
export function priorityChange(from: Priority, to: Priority): 'raise' | 'same' {
  if (rank(to) > rank(from)) {
    throw conflict(
      'priority_lowering_forbidden',
      `Priority can only be raised: ${from} → ${to} lowers it`,
      'priority',
      { current_priority: from },
    );
  }
  return rank(to) === rank(from) ? 'same' : 'raise';
}

/** Only open tickets take SLA events, priority changes and resolution. */
export function assertOpen(id: string, status: TicketStatus): void {
  if (status === 'closed') throw conflict('ticket_closed', `Ticket ${id} is closed`, 'id');
  if (status === 'resolved')
    throw conflict('ticket_resolved', `Ticket ${id} is resolved and waits for confirmation`, 'id');
}

/** Escalation is allowed until the ticket is closed (a resolved ticket can still go wrong). */
export function assertNotClosed(id: string, status: TicketStatus): void {
  if (status === 'closed') throw conflict('ticket_closed', `Ticket ${id} is closed`, 'id');
}

/** Closing needs a resolved ticket; staff closing on the customer's behalf must say how they confirmed. */
export function assertConfirmable(
  id: string,
  status: TicketStatus,
  byCustomer: boolean,
  note: string | undefined,
): void {
  if (status === 'closed') throw conflict('ticket_closed', `Ticket ${id} is already closed`, 'id');
  if (status !== 'resolved')
    throw conflict(
      'not_resolved',
      `Ticket ${id} is not resolved; only a resolved ticket can be closed`,
      'id',
    );
  if (!byCustomer && !note?.trim()) {
    throw invalid(
      'note_required',
      "Staff recording the customer's confirmation must say how it was given (note)",
      'note',
    );
  }
}

/** The SLA events a caller may post; `opened` exists only through creating the ticket. */
export type PostableEvent = 'first_response' | 'resolved' | 'escalated';

export function assertPostableEvent(e: string): PostableEvent {
  const event = assertSlaEvent(e, 'event');
  if (event === 'opened') {
    throw invalid('event_not_allowed', 'A ticket is opened only by creating it (POST /tickets)', 'event');
  }
  return event;
}
