/** Placeholder: filled in with the stored SLA benchmark. */
export interface BenchRow {
  suite: string;
  metric: string;
  value: number;
  unit: string;
  target?: string | undefined;
}

export async function benchSlaReportStore(): Promise<BenchRow[]> {
  return [];
}
