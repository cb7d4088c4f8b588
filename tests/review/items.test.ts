/**
 * Out-of-registry items (#19 item 3), against real dynalite: a row marked new is an item; the next round's rows
 * about it are linked to it; promoting it into the registry makes a task that takes over those rows (overrides,
 * status history by the secretariat, "latest"), and the round after that matches it automatically.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decide } from '#shared/review/decide';
import { ItemError, listOutOfRegistry, promoteItem } from '#shared/review/items';
import { loadMemory } from '#shared/review/memory';
import { matchReport } from '#shared/match';
import { diffTasks, seedRegistry } from '#shared/registry';
import type { Report, StoredRow } from '#shared/domain/report';
import { useLocalStack } from '#testkit/local-stack';
import { runIntakeInProcess } from '#testkit/cli';

const t = useLocalStack({ deliverEvents: false });
const tasks = seedRegistry().filter((x) => ['04/CT-TTg', '05/CT-TTg'].includes(x.directive.number));
const AGENCY = 'tinh-lao-cai';
/** work outside the registry, in the agency's words. */
const ITEM = 'Tổ chức tập huấn cho cán bộ, công chức cấp xã về kỹ năng hướng dẫn người dân cài đặt ứng dụng trên điện thoại di động tại bộ phận một cửa';
const EDITED = `${ITEM}, bảo đảm tiến độ theo kế hoạch của Tổ công tác`;

afterEach(() => {
  process.exitCode = 0;
});

function report(id: string, reportDate: string): Report {
  return {
    id, bucket: 'b', key: `uploads/${AGENCY}/${id}.docx`, fileName: `${id}.docx`, size: 1, sha256: id,
    receivedAt: `${reportDate}T03:00:00.000Z`, reportDate, state: 'processed', agencyId: AGENCY,
  };
}
const cells = (content: string, stt: string) => ({ content, stt, deadline: 'Năm 2024', result: `Đã tổ chức ${stt} lớp`, source: { row: 1 } });

async function round(id: string, reportDate: string, contents: string[], extra: typeof tasks = []): Promise<{ report: Report; rows: StoredRow[] }> {
  const r = report(id, reportDate);
  await t.store.createReport(r);
  const memory = await loadMemory(t.store, { agencyId: AGENCY, reportId: id, reportDate });
  const input = contents.map((c, i) => ({ table: 0, ...cells(c, String(i + 1)) }));
  const res = matchReport({ rows: input, agencyId: AGENCY, reportDate, memory }, [...tasks, ...extra]);
  const rows: StoredRow[] = res.map(({ match, status }, i) => ({ reportId: id, rowId: `0.${i + 1}`, table: 0, cells: input[i]!, match, status }));
  await t.store.putRows(rows);
  return { report: r, rows };
}

describe('out-of-registry items', () => {
  it('are listed, linked next round, and promoted into a task that takes over their rows', async () => {
    const r1 = await round('itm-r1', '2024-06-14', [ITEM]);
    expect(r1.rows[0]!.match!.decision).not.toBe('auto');
    const { record } = await decide(t.store, r1.report, r1.rows[0]!, { action: 'new' }, { by: 'secretariat', at: '2024-06-20T08:00:00.000Z' });
    const listed = await listOutOfRegistry(t.store, { agencyId: AGENCY });
    expect(listed.map((d) => [d.id, d.text])).toEqual([[record!.id, ITEM]]);

    // round 2: the same row and an edited copy are linked to the item, not asked again
    const r2 = await round('itm-r2', '2024-12-14', [ITEM, EDITED]);
    expect(r2.rows.map((r) => [r.match!.decision, r.match!.recalled?.kind])).toEqual([['new', 'new'], ['new', 'new']]);

    const before = await t.store.getTask('2513/TB-TCTTKĐA:3');
    expect(before).toBeUndefined();
    const promoted = await promoteItem(t.store, listed[0]!.ref, {
      taskId: '2513/TB-TCTTKĐA:3', directive: '2513/TB-TCTTKĐA', issued: '2024-03-01', title: 'Thông báo kết luận của Tổ công tác', by: 'secretariat', at: '2025-01-05T02:00:00.000Z',
    });
    expect(promoted.rows.map((r) => `${r.reportId}/${r.rowId}`).sort()).toEqual(['itm-r1/0.1', 'itm-r2/0.1', 'itm-r2/0.2']);
    const task = (await t.store.getTask('2513/TB-TCTTKĐA:3'))!;
    expect(task).toMatchObject({ content: ITEM, directive: { number: '2513/TB-TCTTKĐA', kind: 'Thông báo', date: '2024-03-01' }, lead: { ids: [AGENCY] }, promoted: { itemId: record!.id, agencyId: AGENCY } });
    expect(task.deadline).toMatchObject({ kind: 'year', due: '2024-12-31' });

    // the rows now point at the task; their statuses are in its history, the newest report is "latest"
    for (const [id, rowId] of [['itm-r1', '0.1'], ['itm-r2', '0.1'], ['itm-r2', '0.2']] as const) {
      expect((await t.store.getRow(id, rowId))!.override).toMatchObject({ action: 'accept', taskId: task.id, by: 'secretariat' });
    }
    const history = await t.store.statusHistory(task.id);
    expect(history.map((h) => [h.reportId, h.rowId, h.by])).toEqual([['itm-r1', '0.1', 'secretariat'], ['itm-r2', '0.1', 'secretariat'], ['itm-r2', '0.2', 'secretariat']]);
    const latest = (await t.store.latestStatuses()).filter((l) => l.taskId === task.id);
    expect(latest.map((l) => [l.agencyId, l.reportId])).toEqual([[AGENCY, 'itm-r2']]);

    // the item is no longer standing; it stays in the history with the task it became
    expect(await listOutOfRegistry(t.store, { agencyId: AGENCY })).toEqual([]);
    expect((await listOutOfRegistry(t.store, { agencyId: AGENCY, all: true })).map((d) => [d.id, d.promotedTo, !!d.withdrawnAt])).toEqual([[record!.id, task.id, true]]);

    // round 3: the task's rows are matched to it automatically (the registry now holds it)
    // a later import of its directive (which does not list it) does not retire it
    expect(diffTasks(task.directive.number, [task], []).removed).toEqual([]);
    expect(diffTasks(task.directive.number, [{ ...task, promoted: undefined }], []).removed).toHaveLength(1);

    const memory = await loadMemory(t.store, { agencyId: AGENCY, reportId: 'itm-r3', reportDate: '2025-06-14' });
    for (const content of [ITEM, EDITED]) {
      const [x] = matchReport({ rows: [{ table: 0, ...cells(content, '1') }], agencyId: AGENCY, reportDate: '2025-06-14', memory }, [...tasks, task]);
      expect([x!.match.decision, x!.match.taskId]).toEqual(['auto', task.id]);
    }
  });

  it('refuses a taken task id, an unknown item or a directive it cannot date — nothing written', async () => {
    const r1 = await round('itm-e1', '2024-06-14', ['Xây dựng phần mềm quản lý hồ sơ tập huấn cho đoàn viên thanh niên tình nguyện hỗ trợ người dân tại các thôn bản']);
    const { record } = await decide(t.store, r1.report, r1.rows[0]!, { action: 'new' }, { by: 'secretariat' });
    await t.store.putTasks([tasks[0]!]);
    const fail = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as ItemError);
    expect(await fail(promoteItem(t.store, record!.id, { taskId: tasks[0]!.id, directive: tasks[0]!.directive.number, by: 's' }))).toMatchObject({ code: 'task_exists' });
    expect(await fail(promoteItem(t.store, 'zzzzzzzz', { taskId: '04/CT-TTg:Z.1', directive: '04/CT-TTg', by: 's' }))).toMatchObject({ code: 'no_item' });
    expect(await fail(promoteItem(t.store, record!.id, { taskId: '99/KH-UBND:1', directive: '99/KH-UBND', by: 's' }))).toMatchObject({ code: 'bad_directive' });
    expect(await fail(promoteItem(t.store, record!.id, { taskId: '04/CT-TTg:1', directive: '05/CT-TTg', by: 's' }))).toMatchObject({ code: 'bad_task_id' });
    expect((await t.store.getRow('itm-e1', '0.1'))!.override).toMatchObject({ action: 'new' });
    expect(await t.store.getTask('99/KH-UBND:1')).toBeUndefined();
    expect((await listOutOfRegistry(t.store)).map((d) => d.id)).toContain(record!.id);
  });

  it('`intake items list|promote` (a directive the registry knows lends its metadata)', async () => {
    await t.store.putTasks([tasks[0]!]);
    const text = 'Triển khai mô hình tổ công nghệ số cộng đồng tại các thôn, tổ dân phố để hướng dẫn người dân sử dụng dịch vụ công';
    const r1 = await round('itm-c1', '2024-06-14', [text]);
    const { record } = await decide(t.store, r1.report, r1.rows[0]!, { action: 'new' }, { by: 'secretariat' });
    const out = (await runIntakeInProcess(['items', 'list', '--agency', AGENCY])).stdout;
    expect(out).toContain(record!.id.slice(0, 8));
    expect(out).toContain('Triển khai mô hình tổ công nghệ số');
    const dir = tasks[0]!.directive.number;
    const done = (await runIntakeInProcess(['items', 'promote', record!.id.slice(0, 8), '--task-id', `${dir}:D.1`, '--directive', dir])).stdout;
    expect(process.exitCode ?? 0).toBe(0);
    expect(done).toContain(`${dir}:D.1`);
    expect(done).toContain('1 dòng');
    expect(await t.store.getTask(`${dir}:D.1`)).toMatchObject({ directive: tasks[0]!.directive, section: { code: 'D' }, stt: '1' });
    const bad = await runIntakeInProcess(['items', 'promote', record!.id.slice(0, 8), '--task-id', 'no-colon', '--directive', dir]);
    expect(process.exitCode).toBe(1);
    expect(bad.stderr).toContain('--task-id');
  });
});
