/**
 * Who gets a reminder: N days (or fewer) before the deadline, and not after it, every agency with tasks in the period
 * and a contact address that has sent no report since the templates went out.
 */
import { daysBetween } from '#shared/domain/dates';
import type { AgencyContact } from '#shared/domain/contact';
import type { Report } from '#shared/domain/report';

export interface ReminderPlan {
  due: boolean;
  daysLeft: number;
  agencies: Array<{ agencyId: string; to: string[] }>;
  /** agencies already reported (for the operator's summary). */
  reported: string[];
  /** agencies without a contact address (cannot be reminded). */
  noContact: string[];
}


/** The reports that count as "this agency has reported" for a round sent on `since`: received since, not withdrawn. */
export function reportedSince(reports: Report[], since: string): Map<string, Report[]> {
  const counted = new Set(['received', 'processed', 'failed', 'duplicate']);
  const out = new Map<string, Report[]>();
  for (const r of reports) {
    if (!r.agencyId || !counted.has(r.state) || r.withdrawn || r.receivedAt.slice(0, 10) < since.slice(0, 10)) continue;
    out.set(r.agencyId, [...(out.get(r.agencyId) ?? []), r]);
  }
  return out;
}

export function planReminders(input: {
  today: string; deadline: string; daysBefore: number; since: string;
  agencies: string[]; contacts: AgencyContact[]; reports: Report[];
}): ReminderPlan {
  const daysLeft = daysBetween(input.today, input.deadline);
  const due = daysLeft >= 0 && daysLeft <= input.daysBefore;
  const reportedSet = new Set(reportedSince(input.reports, input.since).keys());
  const plan: ReminderPlan = { due, daysLeft, agencies: [], reported: [], noContact: [] };
  for (const id of input.agencies) {
    if (reportedSet.has(id)) { plan.reported.push(id); continue; }
    const to = input.contacts.find((c) => c.agencyId === id)?.emails ?? [];
    if (!to.length) { plan.noContact.push(id); continue; }
    plan.agencies.push({ agencyId: id, to });
  }
  if (!due) plan.agencies = [];
  return plan;
}
