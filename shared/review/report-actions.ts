/**
 * The secretariat undoing a report, not a row: reassign it to another agency (a file sent under the wrong agency),
 * or withdraw it (sent by mistake, superseded, counted twice). Both keep the report and its rows; both are
 * recorded in the report's history; the status history keeps every entry (the old ones marked retracted), and
 * "latest per task and agency" is recomputed by the store as entries are retracted or added.
 * Use cases for the CLI (`intake reports reassign|withdraw`) and the console alike.
 */
import type { Report, StatusEntry, StoredRow } from '#shared/domain/report';
import type { Store } from '#shared/store/records';

export interface ActionOptions {
  /** who did it (shown in the history). */
  by: string;
  at?: string;
  reason?: string;
}

export class ReportActionError extends Error {
  override readonly name = 'ReportActionError';
  constructor(readonly code: 'not_found' | 'withdrawn' | 'same_agency', message: string, readonly messageVi: string) {
    super(message);
  }
}

/**
 * The status entries a row stands behind now: the matcher's automatic one, or the secretariat's accepted one;
 * after a reassign the secretariat's copy of the matcher's (retracting an entry that is not there does nothing).
 */
function standing(row: StoredRow): Array<{ taskId: string; by: StatusEntry['by'] }> {
  if (row.override) {
    return row.override.action === 'accept' && row.override.taskId ? [{ taskId: row.override.taskId, by: 'secretariat' }] : [];
  }
  const taskId = row.match?.decision === 'auto' ? row.match.taskId : null;
  return taskId ? [{ taskId, by: 'matcher' }, { taskId, by: 'secretariat' }] : [];
}

async function load(store: Store, reportId: string): Promise<{ report: Report; rows: StoredRow[] }> {
  const report = await store.getReport(reportId);
  if (!report) throw new ReportActionError('not_found', `no report ${reportId}`, `Không có báo cáo "${reportId}"`);
  if (report.withdrawn) {
    throw new ReportActionError('withdrawn', `report ${reportId} was withdrawn`, `Báo cáo ${reportId.slice(0, 8)} đã bị rút trước đó`);
  }
  return { report, rows: await store.listRows(reportId) };
}

/** Retracts what every row of the report stands behind; returns what was retracted (row, task, by). */
async function retractAll(store: Store, report: Report, rows: StoredRow[], at: string) {
  const done: Array<{ row: StoredRow; taskId: string }> = [];
  for (const row of rows) {
    const entries = standing(row);
    for (const e of entries) await store.retractStatus({ taskId: e.taskId, by: e.by, reportId: report.id, rowId: row.rowId }, at);
    if (entries[0]) done.push({ row, taskId: entries[0].taskId });
  }
  return done;
}

/** Withdraw: kept and marked; its statuses no longer count ("latest" falls back to the newest entry standing). */
export async function withdrawReport(store: Store, reportId: string, opts: ActionOptions): Promise<{ report: Report; retracted: number }> {
  const at = opts.at ?? new Date().toISOString();
  const { report, rows } = await load(store, reportId);
  const retracted = await retractAll(store, report, rows, at);
  const entry = { at, action: 'withdrawn' as const, by: opts.by, ...(opts.reason ? { reason: opts.reason } : {}) };
  await store.updateReport(report.id, {
    withdrawn: { at, by: opts.by, ...(opts.reason ? { reason: opts.reason } : {}) },
    history: [...(report.history ?? []), entry],
  });
  return { report: (await store.getReport(report.id))!, retracted: retracted.length };
}

/**
 * Reassign to another agency: the report and its rows now count for `agencyId`. Each status the report gave is
 * retracted for the old agency and recorded again (by the secretariat) for the new one.
 */
export async function reassignReport(store: Store, reportId: string, agencyId: string, opts: ActionOptions): Promise<{ report: Report; moved: number }> {
  const at = opts.at ?? new Date().toISOString();
  const { report, rows } = await load(store, reportId);
  if (report.agencyId === agencyId) {
    throw new ReportActionError('same_agency', `report ${reportId} is already ${agencyId}'s`, 'Báo cáo đã thuộc cơ quan này');
  }
  const retracted = await retractAll(store, report, rows, at);
  for (const { row, taskId } of retracted) {
    await store.appendStatus({
      taskId, reportId: report.id, rowId: row.rowId, agencyId,
      status: row.status?.value ?? null,
      ...(row.cells.result ? { result: row.cells.result } : {}),
      reportDate: report.reportDate ?? report.receivedAt.slice(0, 10),
      recordedAt: at,
      by: 'secretariat',
    });
  }
  const entry = {
    at, action: 'reassigned' as const, by: opts.by, ...(report.agencyId ? { from: report.agencyId } : {}), to: agencyId,
    ...(opts.reason ? { reason: opts.reason } : {}),
  };
  await store.updateReport(report.id, {
    agencyId, agencySource: 'secretariat', history: [...(report.history ?? []), entry],
    // the warning "agency unknown" no longer holds
    ...(report.warnings ? { warnings: report.warnings.filter((w) => w.code !== 'agency_unknown') } : {}),
  });
  return { report: (await store.getReport(report.id))!, moved: retracted.length };
}
