/** The eight prohibited-claim categories of SPEC §8, with the ids the claims guard reports. */
export const CLAIM_CATEGORIES = [
  'guaranteed_results',
  'scraping',
  'full_automation',
  'bypass_approvals',
  'competitor_attacks',
  'legal_financial_promises',
  'medical_language',
  'exaggerated_speed',
] as const;

export type ClaimCategory = (typeof CLAIM_CATEGORIES)[number];
