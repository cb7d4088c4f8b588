/** summary.json: the machine-readable digest (shape fixed by `Summary` in model.ts). */
import { Digest, Summary } from './model';

export function toSummary(d: Digest): Summary {
  return Summary.parse({
    asOf: d.asOf,
    meeting: d.meeting,
    totals: d.totals,
    late: d.lateGroups.flatMap((g) => g.tasks.map((t) => ({
      taskId: t.taskId,
      lateSince: t.lateSince,
      agency: t.leads[0]?.id ?? null,
      due: t.due,
      agencies: t.share.answering.filter((a) => a.standing !== 'completed').map((a) => ({
        id: a.id,
        name: a.name,
        status: a.latest ? (a.latest.status ?? 'reported') : 'not_reported',
        lateSince: t.lateSince,
        result: a.latest?.result ?? null,
        reportId: a.latest?.reportId ?? null,
      })),
      counts: t.share.counts,
    }))),
    lateGroups: d.lateGroups.map((g) => ({ key: g.key, label: g.label, tasks: g.tasks.length })),
    agencies: d.agencies.map((a) => ({ id: a.id, name: a.name, reported: a.reported, counts: a.counts })),
    review: d.review.length,
    new: d.unregistered.length,
  });
}

export function summaryJson(d: Digest): string {
  return `${JSON.stringify(toSummary(d), null, 2)}\n`;
}
