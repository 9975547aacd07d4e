/**
 * Copy of the SLA scheduler's notifications: a warning as a ticket's clock runs down, and the
 * escalation when a target is missed. Arabic first, English alongside; kept here so the wording
 * can be reviewed and changed without touching the scheduler.
 */
import type { Priority } from '../support/priorities.js';
import type { AlertLevel, AlertTarget } from './engine.js';

const TARGET_AR: Record<AlertTarget, string> = {
  first_response: 'الرد الأول',
  resolution: 'الحل',
};

const TARGET_EN: Record<AlertTarget, string> = {
  first_response: 'first-response',
  resolution: 'resolution',
};

/** How a warning reads at each level: the nearer the deadline, the plainer the nudge. */
const WARNING_AR: Record<Exclude<AlertLevel, 100>, (p: Priority, t: string) => string> = {
  50: (p, t) => `تذكرة ${p}: راح نص مهلة ${t}`,
  75: (p, t) => `تذكرة ${p}: مضى 75% من مهلة ${t}، نحتاج نتحرك عليها`,
  90: (p, t) => `تذكرة ${p}: مهلة ${t} على وشك تنتهي (مضى 90%)`,
};

const WARNING_EN: Record<Exclude<AlertLevel, 100>, (p: Priority, t: string) => string> = {
  50: (p, t) => `${p} ticket: half of its ${t} time is gone`,
  75: (p, t) => `${p} ticket: 75% of its ${t} time is gone, time to act`,
  90: (p, t) => `${p} ticket: its ${t} deadline is about to pass (90% gone)`,
};

export interface AlertTitle {
  title_ar: string;
  title_en: string;
}

/** The title of a warning (50/75/90 %) or of a breach (100 %) for one ticket and target. */
export function alertTitle(priority: Priority, target: AlertTarget, level: AlertLevel): AlertTitle {
  if (level === 100) {
    return {
      title_ar: `تذكرة ${priority} تعدّت مهلة ${TARGET_AR[target]} وتصعّدت لك، تحتاج متابعتك الحين`,
      title_en: `${priority} ticket missed its ${TARGET_EN[target]} target and was escalated to you`,
    };
  }
  return {
    title_ar: WARNING_AR[level](priority, TARGET_AR[target]),
    title_en: WARNING_EN[level](priority, TARGET_EN[target]),
  };
}
