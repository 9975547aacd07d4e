/** Stored shape of the tickets tables (see migrations/0003_tickets.ts). */
// biome-ignore lint/complexity/noBannedTypes: filled in with the tickets tables.
export type TicketTables = {};
