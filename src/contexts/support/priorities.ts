/** Support priorities and their SLA rows (SPEC §3). */
export const PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const;
export type Priority = (typeof PRIORITIES)[number];

export type Owner = 'founder' | 'operator_oncall' | 'operator_team';

export interface PriorityRow {
  priority: Priority;
  first_response_minutes: number;
  resolution_hours: number;
  owner: Owner;
}

export const PRIORITY_TABLE: Readonly<Record<Priority, PriorityRow>> = {
  P0: { priority: 'P0', first_response_minutes: 30, resolution_hours: 4, owner: 'founder' },
  P1: { priority: 'P1', first_response_minutes: 120, resolution_hours: 24, owner: 'operator_oncall' },
  P2: { priority: 'P2', first_response_minutes: 480, resolution_hours: 72, owner: 'operator_oncall' },
  P3: { priority: 'P3', first_response_minutes: 1440, resolution_hours: 168, owner: 'operator_team' },
};

export const isPriority = (p: string): p is Priority => (PRIORITIES as readonly string[]).includes(p);

/** Lower number = more urgent. */
export const rank = (p: Priority): number => PRIORITIES.indexOf(p);
