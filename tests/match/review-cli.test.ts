/**
 * `intake review …` against the real store (dynalite through the embedded local stack): the secretariat's
 * corrections are kept as overrides, leave the review queue, and `accept` writes a status entry by 'secretariat'.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Report, StoredRow } from '#shared/domain/report';
import { useLocalStack } from '#testkit/local-stack';
import { runIntakeInProcess } from '#testkit/cli';

const runCli = async (...args: string[]): Promise<string> => (await runIntakeInProcess(args)).stdout;

const env = useLocalStack({ deliverEvents: false });

const REPORT: Report = {
  id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  bucket: 'intake-reports',
  key: 'uploads/bo-y-te/bao-cao.xlsx',
  fileName: 'bao-cao.xlsx',
  size: 1000,
  sha256: 'f'.repeat(64),
  receivedAt: '2024-06-15T02:00:00.000Z',
  reportDate: '2024-06-14',
  state: 'processed',
  agencyId: 'bo-y-te',
};

function reviewRow(n: number, candidates: string[]): StoredRow {
  return {
    reportId: REPORT.id,
    rowId: `0.${n}`,
    table: 0,
    cells: { stt: String(n), content: `Nhiệm vụ ${n}`, result: 'Đang triển khai', source: { row: n + 3 } },
    match: { taskId: candidates[0] ?? null, score: 0.7, decision: 'review', candidates: candidates.map((taskId, i) => ({ taskId, score: 0.7 - i / 10, why: ['text: 0.7'] })) },
    status: { value: 'in_progress', source: 'result', raw: 'Đang triển khai' },
  };
}

const run = runCli;

afterEach(() => {
  process.exitCode = 0;
});

describe('intake review', () => {
  it('lists, accepts, rejects and marks new; overrides are kept and leave the queue', async () => {
    await env.store.createReport(REPORT);
    await env.store.putRows([reviewRow(1, ['04/CT-TTg:B.36', '04/CT-TTg:B.19']), reviewRow(2, ['05/CT-TTg:A.15']), reviewRow(3, ['04/CT-TTg:B.28'])]);

    const listed = JSON.parse(await run('review', 'list', '--json')) as Array<{ row: string; rowId: string }>;
    expect(listed.map((r) => r.rowId).sort()).toEqual(['0.1', '0.2', '0.3']);
    const ref = (rowId: string) => listed.find((r) => r.rowId === rowId)!.row;
    expect(await run('review', 'list')).toContain('04/CT-TTg:B.36');

    expect(await run('review', 'accept', ref('0.1'), '04/CT-TTg:B.36')).toContain('04/CT-TTg:B.36');
    expect(await run('review', 'reject', ref('0.2'))).toContain('bác bỏ');
    expect(await run('review', 'new', ref('0.3'))).toContain('mới');

    const rows = await env.store.listRows(REPORT.id);
    const byId = new Map(rows.map((r) => [r.rowId, r]));
    expect(byId.get('0.1')!.override).toMatchObject({ action: 'accept', taskId: '04/CT-TTg:B.36', by: 'secretariat' });
    expect(byId.get('0.2')!.override).toMatchObject({ action: 'reject', by: 'secretariat' });
    expect(byId.get('0.3')!.override).toMatchObject({ action: 'new', by: 'secretariat' });
    // the matcher's own result is kept beside the correction
    expect(byId.get('0.2')!.match).toMatchObject({ decision: 'review', taskId: '05/CT-TTg:A.15' });

    const history = await env.store.statusHistory('04/CT-TTg:B.36');
    expect(history).toEqual([
      expect.objectContaining({ reportId: REPORT.id, rowId: '0.1', by: 'secretariat', status: 'in_progress', agencyId: 'bo-y-te', reportDate: '2024-06-14' }),
    ]);
    expect(await env.store.statusHistory('05/CT-TTg:A.15')).toEqual([]);

    expect(JSON.parse(await run('review', 'list', '--json'))).toEqual([]);
  });

  it('refuses an unknown task or row, and a malformed ROW', async () => {
    await env.store.createReport(REPORT);
    await env.store.putRows([reviewRow(4, ['04/CT-TTg:B.36'])]);
    await run('review', 'accept', `${REPORT.id.slice(0, 12)}/0.4`, '04/CT-TTg:Z.99');
    expect(process.exitCode).toBe(1);
    expect((await env.store.getRow(REPORT.id, '0.4'))!.override).toBeUndefined();
    await run('review', 'reject', `${REPORT.id.slice(0, 12)}/9.9`);
    expect(process.exitCode).toBe(1);
    await run('review', 'reject', 'not-a-row');
    expect(process.exitCode).toBe(1);
  });

  it('lists the rows outside the registry that wait to be confirmed as new, as the console queue does', async () => {
    await env.store.createReport(REPORT);
    const outside: StoredRow = { ...reviewRow(4, []), match: { taskId: null, score: 0.2, decision: 'new', candidates: [] } };
    await env.store.putRows([reviewRow(1, ['04/CT-TTg:B.36']), outside]);
    await env.store.updateReport(REPORT.id, { counts: { rows: 2, auto: 0, review: 1, new: 1 } });
    const listed = JSON.parse(await run('review', 'list', '--json')) as Array<{ row: string; rowId: string; kind: string }>;
    expect(listed.map((r) => [r.rowId, r.kind])).toEqual([['0.1', 'review'], ['0.4', 'new']]);
    expect(await run('review', 'list')).toMatch(/STT 4 .*ngoài danh mục: chờ xác nhận là nhiệm vụ mới/);
    await run('review', 'new', listed[1]!.row);
    expect((JSON.parse(await run('review', 'list', '--json')) as Array<{ rowId: string }>).map((r) => r.rowId)).toEqual(['0.1']);
  });

  it('gives the reasons in Vietnamese, and `reports list` follows the decisions (agency by name)', async () => {
    const report: Report = { ...REPORT, id: 'b2c3d4e5f60718293a4b5c6d7e8f90a1', key: 'uploads/bo-y-te/bc2.xlsx', fileName: 'bc2.xlsx', counts: { rows: 3, auto: 0, review: 3, new: 0 } };
    await env.store.createReport(report);
    const row = (n: number): StoredRow => {
      const r = reviewRow(n, ['04/CT-TTg:B.36']);
      return { ...r, reportId: report.id, match: { ...r.match!, candidates: [{ taskId: '04/CT-TTg:B.36', score: 0.7, why: ['text: 0.7', 'agency: not assigned to the reporting agency'] }] } };
    };
    await env.store.putRows([row(5), row(6), row(7)]);

    const listed = await run('review', 'list');
    expect(listed).toContain('nội dung: độ giống 0,7; cơ quan: không giao cho cơ quan báo cáo');
    expect(listed).not.toContain('agency:');

    const line = async () => (await run('reports', 'list')).split('\n').find((l) => l.includes('bc2.xlsx'))!;
    expect(await line()).toContain('cơ quan Bộ Y tế');
    expect(await line()).toContain('0 khớp, 3 cần xem xét, 0 mới');
    const ref = (rowId: string) => `${report.id.slice(0, 12)}/${rowId}`;
    await run('review', 'accept', ref('0.5'), '04/CT-TTg:B.36');
    await run('review', 'new', ref('0.6'));
    expect(await line()).toContain('1 khớp, 1 cần xem xét, 1 mới (Thư ký đã xem 2 dòng)');
    // the report's own counts stay as received (JSON contract)
    const json = JSON.parse(await run('reports', 'list', '--json')) as Report[];
    expect(json.find((r) => r.id === report.id)!.counts).toEqual({ rows: 3, auto: 0, review: 3, new: 0 });
  });
});
