/** The secretariat's corrections win over the matcher, in the history and in "latest", against real dynalite. */
import { describe, expect, it } from 'vitest';
import { applyCorrection } from '#shared/review/corrections';
import type { Report, StoredRow } from '#shared/domain/report';
import { useLocalStack } from '#testkit/local-stack';

const t = useLocalStack({ deliverEvents: false });

function report(id: string, reportDate: string): Report {
  return {
    id, bucket: 'b', key: `uploads/bo-tu-phap/${id}.xlsx`, fileName: `${id}.xlsx`, size: 1, sha256: id,
    receivedAt: `${reportDate}T03:00:00.000Z`, reportDate, state: 'processed', agencyId: 'bo-tu-phap',
  };
}
function autoRow(reportId: string, rowId: string, taskId: string, status: 'completed' | 'not_completed'): StoredRow {
  return {
    reportId, rowId, table: 0, cells: { content: 'x', result: `kết quả ${rowId}`, source: { row: 1 } },
    match: { taskId, score: 0.9, decision: 'auto', candidates: [{ taskId, score: 0.9 }] },
    status: { value: status, source: 'mark' },
  };
}
async function recordAuto(r: Report, row: StoredRow) {
  await t.store.createReport(r);
  await t.store.putRows([row]);
  await t.store.appendStatus({
    taskId: row.match!.taskId!, reportId: r.id, rowId: row.rowId, agencyId: r.agencyId, status: row.status!.value,
    reportDate: r.reportDate!, recordedAt: `${r.reportDate}T03:00:01.000Z`, by: 'matcher',
  });
}
const latestOf = async (taskId: string) => (await t.store.latestStatuses()).filter((e) => e.taskId === taskId);

describe('review corrections', () => {
  it('reject: the matcher\'s status for that task is withdrawn and "latest" falls back to the previous report', async () => {
    const older = report('r-old', '2024-03-01');
    const newer = report('r-new', '2024-06-14');
    await recordAuto(older, autoRow('r-old', '0.0', '04/CT-TTg:B.1', 'not_completed'));
    const wrong = autoRow('r-new', '0.0', '04/CT-TTg:B.1', 'completed');
    await recordAuto(newer, wrong);
    expect((await latestOf('04/CT-TTg:B.1')).map((e) => e.status)).toEqual(['completed']);

    await applyCorrection(t.store, newer, wrong, { action: 'reject' }, { by: 'secretariat' });

    expect((await latestOf('04/CT-TTg:B.1')).map((e) => [e.reportId, e.status])).toEqual([['r-old', 'not_completed']]);
    const history = await t.store.statusHistory('04/CT-TTg:B.1');
    expect(history).toHaveLength(2); // kept, marked
    expect(history.find((h) => h.reportId === 'r-new')?.retractedAt).toBeDefined();
    expect((await t.store.getRow('r-new', '0.0'))?.override).toMatchObject({ action: 'reject', by: 'secretariat' });
  });

  it('accept of another task: the row now reports on the chosen task only', async () => {
    const r = report('r-acc', '2024-06-14');
    const row = autoRow('r-acc', '0.0', '05/CT-TTg:A.2', 'completed');
    await recordAuto(r, row);
    await applyCorrection(t.store, r, row, { action: 'accept', taskId: '05/CT-TTg:A.3' }, { by: 'secretariat' });
    expect(await latestOf('05/CT-TTg:A.2')).toEqual([]);
    expect((await latestOf('05/CT-TTg:A.3')).map((e) => [e.reportId, e.status, e.by])).toEqual([['r-acc', 'completed', 'secretariat']]);
  });

  it('accept of the task the matcher chose keeps both entries standing; "new" withdraws it', async () => {
    const r = report('r-same', '2024-06-14');
    const row = autoRow('r-same', '0.0', '05/CT-TTg:A.4', 'completed');
    await recordAuto(r, row);
    await applyCorrection(t.store, r, row, { action: 'accept', taskId: '05/CT-TTg:A.4' }, { by: 'secretariat' });
    expect((await t.store.statusHistory('05/CT-TTg:A.4')).filter((h) => !h.retractedAt)).toHaveLength(2);
    const accepted = (await t.store.getRow('r-same', '0.0'))!;
    await applyCorrection(t.store, r, accepted, { action: 'new' }, { by: 'secretariat' });
    expect(await latestOf('05/CT-TTg:A.4')).toEqual([]);
    expect((await t.store.statusHistory('05/CT-TTg:A.4')).every((h) => h.retractedAt)).toBe(true);
  });
});
