/**
 * A small world for the console's tests: the digest fixture's registry, reports and statuses, plus review rows with
 * several candidates (one row's cells carry hostile markup), and helpers to drive the console in-process.
 */
import type { StoredRow } from '#shared/domain/report';
import type { Store } from '#shared/store/records';
import { reports, statuses, tasks } from './digest-world';

export const XSS = {
  content: '<script>window.__pwned=1</script> Kết nối "><img src=x onerror="window.__pwned=2"> dữ liệu',
  result: '<a href="javascript:window.__pwned=3">xem</a>',
};

function reviewRow(reportId: string, rowId: string, content: string, candidates: Array<[string, number]>, extra: Partial<StoredRow> = {}): StoredRow {
  return {
    reportId, rowId, table: 0,
    cells: { stt: rowId.split('.')[1], content, result: 'Đã triển khai một phần', deadline: 'Tháng 4/2024', source: { row: Number(rowId.split('.')[1]) + 1 } },
    match: {
      taskId: null, score: candidates[0]?.[1] ?? 0, decision: 'review',
      candidates: candidates.map(([taskId, score]) => ({ taskId, score, why: ['content 0.61', 'lead agency matches'] })),
    },
    status: { value: 'completed', source: 'mark' },
    ...extra,
  };
}

/** Rows waiting, in the queue's order (report id, then row). */
export function consoleReviewRows(): StoredRow[] {
  return [
    reviewRow('r1-cong-an', '0.7', 'Kết nối dữ liệu hộ tịch điện tử với cơ sở dữ liệu dân cư', [['04/CT-TTg:B.2', 0.66], ['04/CT-TTg:B.6', 0.52]]),
    reviewRow('r1-cong-an', '0.8', XSS.content, [['04/CT-TTg:A.1', 0.58]], { cells: { stt: '8', content: XSS.content, result: XSS.result, source: { row: 9 } } }),
    reviewRow('r2-y-te', '0.4', 'Số hóa hồ sơ sức khỏe điện tử', [['04/CT-TTg:B.5', 0.63], ['04/CT-TTg:B.3', 0.55], ['04/CT-TTg:B.1', 0.51]]),
  ];
}

export async function seedConsole(store: Store): Promise<void> {
  await store.putTasks(tasks());
  for (const r of reports()) await store.createReport(r);
  for (const e of statuses()) await store.appendStatus(e);
  await store.putRows(consoleReviewRows());
}
