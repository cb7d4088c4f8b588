/**
 * The secretariat's corrections to the matcher. A correction is kept as such on the row (StoredRow.override)
 * and wins over the matcher: a status the matcher recorded from that row for another task is withdrawn
 * (kept in the history, marked retracted), and on `accept` the row's status is recorded for the chosen task.
 */
import type { Store } from '#shared/store/records';
import type { Report, StatusEntry, StoredRow } from '#shared/domain/report';

export type Correction =
  | { action: 'accept'; taskId: string }
  | { action: 'reject' }
  | { action: 'new' };

export async function applyCorrection(
  store: Store,
  report: Report,
  row: StoredRow,
  correction: Correction,
  opts: { by: string; at?: string },
): Promise<void> {
  const at = opts.at ?? new Date().toISOString();
  const keepTask = correction.action === 'accept' ? correction.taskId : undefined;
  await store.putRows([{ ...row, override: { ...correction, at, by: opts.by } }]);
  // what the matcher (or an earlier correction) recorded from this row for a task it no longer reports on
  const earlier = [
    row.match?.decision === 'auto' && row.match.taskId ? { taskId: row.match.taskId, by: 'matcher' as const } : undefined,
    row.override?.action === 'accept' && row.override.taskId ? { taskId: row.override.taskId, by: 'secretariat' as const } : undefined,
  ];
  for (const e of earlier) {
    if (e && e.taskId !== keepTask) await store.retractStatus({ ...e, reportId: report.id, rowId: row.rowId }, at);
  }
  if (correction.action === 'accept') {
    const entry: StatusEntry = {
      taskId: correction.taskId,
      reportId: report.id,
      rowId: row.rowId,
      ...(report.agencyId ? { agencyId: report.agencyId } : {}),
      status: row.status?.value ?? null,
      ...(row.cells.result ? { result: row.cells.result } : {}),
      reportDate: report.reportDate ?? report.receivedAt.slice(0, 10),
      recordedAt: at,
      by: 'secretariat',
    };
    await store.appendStatus(entry);
  }
}
