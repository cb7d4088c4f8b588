/**
 * What an agency's page shows for a round: the tasks it answers for (as lead, as a member of a group the task is
 * given to, as coordinator — the digest's task × agency matrix, the one rule of who answers), each with its status
 * on record (from which report, when), its due date (the one due rule) and whether it is late; and its draft.
 */
import { directoryNames } from '#shared/digest/agency-names';
import { inForceOn } from '#shared/digest/consolidate';
import { taskAgencyMatrix, type AgencyAnswer } from '#shared/digest/matrix';
import type { AgencyNames } from '#shared/digest/matrix';
import { dueOf, isOverdue } from '#shared/deadlines';
import { vnToday } from '#shared/domain/dates';
import type { RoundAnswer, RoundDraft } from '#shared/domain/agency-round';
import type { Report } from '#shared/domain/report';
import type { Campaign } from '#shared/domain/round';
import type { Task } from '#shared/domain/task';
import type { Store } from '#shared/store/records';
import { compareTasks } from '#shared/templates/select';

export interface RoundTask {
  task: Task;
  role: AgencyAnswer['role'];
  group?: string;
  /** this agency's latest evidence for the task, with the report it came from. */
  onRecord?: AgencyAnswer['latest'] & { origin?: NonNullable<Report['origin']>['kind']; receivedAt?: string };
  due?: string;
  /** due before today and this agency's status is neither completed nor recurring. */
  late: boolean;
}

export interface RoundView {
  agencyId: string;
  agencyName: string;
  round: Campaign;
  today: string;
  tasks: RoundTask[];
  draft?: RoundDraft;
  /** what the form starts from per task: the draft, else the status on record. */
  prefill: Map<string, RoundAnswer>;
}

export type ViewStore = Pick<Store, 'listTasks' | 'latestStatuses' | 'listReports' | 'getRoundDraft'>;

/** The tasks `agencyId` answers for on `today`, in the template's order. */
export function roundTasks(input: { tasks: Task[]; statuses: Parameters<typeof taskAgencyMatrix>[0]['statuses']; reports: Report[]; agencyId: string; today: string; agencies?: AgencyNames }): RoundTask[] {
  const agencies = input.agencies ?? directoryNames();
  const inForce = input.tasks.filter((t) => inForceOn(t, input.today));
  const matrix = taskAgencyMatrix({ asOf: input.today, tasks: inForce, statuses: input.statuses, reports: input.reports, agencies });
  const byId = new Map(inForce.map((t) => [t.id, t]));
  const reports = new Map(input.reports.map((r) => [r.id, r]));
  const out: RoundTask[] = [];
  for (const m of matrix) {
    const mine = [...m.answering, ...m.coordinators].find((a) => a.id === input.agencyId);
    if (!mine) continue;
    const task = byId.get(m.taskId)!;
    const rep = mine.latest ? reports.get(mine.latest.reportId) : undefined;
    const due = dueOf(task.deadline);
    out.push({
      task, role: mine.role, ...(mine.group ? { group: mine.group } : {}),
      ...(mine.latest ? { onRecord: { ...mine.latest, ...(rep?.origin ? { origin: rep.origin.kind } : {}), ...(rep ? { receivedAt: rep.receivedAt } : {}) } } : {}),
      ...(due ? { due } : {}),
      late: isOverdue(task.deadline, input.today, mine.latest?.status ?? null),
    });
  }
  return out.sort((a, b) => compareTasks(a.task, b.task));
}

export async function roundView(store: ViewStore, input: { agencyId: string; round: Campaign; now?: Date; agencies?: AgencyNames }): Promise<RoundView> {
  const today = vnToday(input.now ?? new Date());
  const agencies = input.agencies ?? directoryNames();
  const [tasks, statuses, reports, draft] = await Promise.all([
    store.listTasks(), store.latestStatuses(), store.listReports(), store.getRoundDraft(input.agencyId, input.round.id),
  ]);
  const list = roundTasks({ tasks, statuses, reports, agencyId: input.agencyId, today, agencies });
  const prefill = new Map<string, RoundAnswer>();
  for (const t of list) {
    const d = draft?.answers.find((a) => a.taskId === t.task.id);
    if (d) prefill.set(t.task.id, d);
    else if (t.onRecord) prefill.set(t.task.id, { taskId: t.task.id, ...(t.onRecord.status ? { status: t.onRecord.status } : {}), ...(t.onRecord.result ? { result: t.onRecord.result } : {}) });
  }
  return { agencyId: input.agencyId, agencyName: agencies.nameOn(input.agencyId, today), round: input.round, today, tasks: list, ...(draft ? { draft } : {}), prefill };
}
