/** #12 item 6: the receipt says which of the shared tasks the agency answers for it has now reported. */
import { describe, expect, it } from 'vitest';
import type { Task } from '#shared/domain/task';
import type { Report, StoredRow } from '#shared/domain/report';
import { buildReceipt } from '#shared/receipts';

const report: Report = {
  id: 'f00dbabe00112233', bucket: 'b', key: 'uploads/bo-ngoai-giao/x.xlsx', fileName: 'x.xlsx', size: 1, sha256: 'x',
  receivedAt: '2024-06-16T02:00:00.000Z', state: 'processed', agencyId: 'bo-ngoai-giao',
};
const task = (id: string, lead: Task['lead']): Task => ({
  id, directive: { number: '05/CT-TTg', kind: 'Chỉ thị', date: '2023-02-23', title: 't' }, stt: '1', content: 'x', lead,
  deadline: { kind: 'year', raw: 'Năm 2023', due: '2023-12-31' }, provenance: { file: 'f' },
});
const row = (i: number, taskId: string | null, decision: 'auto' | 'review', status: StoredRow['status'], override?: StoredRow['override']): StoredRow => ({
  reportId: report.id, rowId: `0.${i}`, table: 0, cells: { stt: String(i), source: { row: i + 2 } },
  match: { taskId, score: decision === 'auto' ? 0.95 : 0.6, decision, candidates: [] }, status, ...(override ? { override } : {}),
});

describe('a receipt for a report on shared tasks', () => {
  const tasks = new Map([
    ['05/CT-TTg:A.1', task('05/CT-TTg:A.1', { raw: 'Các bộ, ngành, địa phương', ids: [], groups: ['all_ministries', 'all_provinces'] })],
    ['05/CT-TTg:A.2', task('05/CT-TTg:A.2', { raw: 'Bộ Công an, Bộ Ngoại giao', ids: ['bo-cong-an', 'bo-ngoai-giao'] })],
    ['05/CT-TTg:B.3', task('05/CT-TTg:B.3', { raw: 'Bộ Ngoại giao', ids: ['bo-ngoai-giao'] })],
  ]);
  const rows = [
    row(1, '05/CT-TTg:A.1', 'auto', { value: 'in_progress', source: 'assessment' }),
    row(2, '05/CT-TTg:B.3', 'auto', { value: 'completed', source: 'assessment' }), // its own task: not shared
    row(3, null, 'review', { value: 'completed', source: 'mark' }, { action: 'accept', taskId: '05/CT-TTg:A.2', at: '2024-06-16T03:00:00Z' }),
    row(4, '05/CT-TTg:A.1', 'review', { value: 'completed', source: 'mark' }), // not matched yet: not counted
  ];

  it('lists the shared tasks it reported, with the status it gave, in the order of its rows', () => {
    const r = buildReceipt({ report, rows, tasks });
    expect(r.shared).toEqual([{ taskId: '05/CT-TTg:A.1', status: 'in_progress' }, { taskId: '05/CT-TTg:A.2', status: 'completed' }]);
    expect(r.text).toContain('Nhiệm vụ giao chung cho nhiều cơ quan mà Quý cơ quan đã báo cáo trong tệp này (2):\n  - 05/CT-TTg:A.1: Đang triển khai\n  - 05/CT-TTg:A.2: Hoàn thành\n');
    expect(r.html).toContain('<li>05/CT-TTg:A.1: Đang triển khai</li><li>05/CT-TTg:A.2: Hoàn thành</li>');
  });

  it('says nothing of shared tasks when the report has none', () => {
    const r = buildReceipt({ report, rows: [rows[1]!], tasks });
    expect(r.shared).toEqual([]);
    expect(r.text).not.toContain('Nhiệm vụ giao chung');
  });
});
