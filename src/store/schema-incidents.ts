/** Stored shape of the incidents tables (see migrations/0004_incidents.ts). */
// biome-ignore lint/complexity/noBannedTypes: filled in with the incidents tables.
export type IncidentTables = {};
