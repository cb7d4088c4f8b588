/**
 * The secretariat's decisions kept as knowledge (#19), against real dynalite: decide() writes decision records,
 * loadMemory() reads them back (one query per agency) and the next report's rows are matched with them.
 */
import { describe, expect, it } from 'vitest';
import { decide } from '#shared/review/decide';
import { listOutOfRegistry } from '#shared/review/items';
import { loadMemory } from '#shared/review/memory';
import { matchKey, matchReport } from '#shared/match';
import { seedRegistry } from '#shared/registry';
import type { Report, StoredRow } from '#shared/domain/report';
import { useLocalStack } from '#testkit/local-stack';

const t = useLocalStack({ deliverEvents: false });
const tasks = seedRegistry().filter((x) => ['04/CT-TTg', '05/CT-TTg'].includes(x.directive.number));
const AGENCY = 'bo-tu-phap';
/** an agency's own wording of a registry task (text alone does not decide it). */
const WORDING = 'Phối hợp với Bộ Công an rà soát, đánh giá việc triển khai các dịch vụ công liên thông trên địa bàn và báo cáo kết quả định kỳ về Tổ công tác';

function report(id: string, reportDate: string, agencyId = AGENCY): Report {
  return {
    id, bucket: 'b', key: `uploads/${agencyId}/${id}.xlsx`, fileName: `${id}.xlsx`, size: 1, sha256: id,
    receivedAt: `${reportDate}T03:00:00.000Z`, reportDate, state: 'processed', agencyId,
  };
}
function reviewRow(reportId: string, rowId: string, content: string, top: string): StoredRow {
  return {
    reportId, rowId, table: 0, cells: { content, stt: '7', deadline: 'Năm 2024', source: { row: 1 } },
    match: { taskId: top, score: 0.6, decision: 'review', candidates: [{ taskId: top, score: 0.6 }] },
    status: { value: 'in_progress', source: 'result' },
  };
}
const row2 = (content: string) => [{ table: 0, content, stt: '3', deadline: 'Năm 2024', source: { row: 1 } }];

describe('decide() and the memory it leaves', () => {
  it('accept is remembered: the same wording next round is auto to that task, explained', async () => {
    const r1 = report('dec-r1', '2024-06-14');
    await t.store.createReport(r1);
    const row = reviewRow(r1.id, '0.1', WORDING, '04/CT-TTg:B.22');
    await t.store.putRows([row]);
    const { record } = await decide(t.store, r1, row, { action: 'accept', taskId: '04/CT-TTg:B.20' }, { by: 'secretariat', at: '2024-06-20T08:00:00.000Z' });
    expect(record).toMatchObject({ agencyId: AGENCY, answer: { kind: 'task', taskId: '04/CT-TTg:B.20' }, source: { reportId: r1.id, rowId: '0.1', stt: '7' } });
    expect(await t.store.listDecisions({ agencyId: AGENCY, textKey: record!.textKey })).toHaveLength(1);

    const memory = await loadMemory(t.store, { agencyId: AGENCY, reportId: 'dec-r2', reportDate: '2024-12-14' });
    const [x] = matchReport({ rows: row2(WORDING), agencyId: AGENCY, reportDate: '2024-12-14', memory }, tasks);
    expect(x!.match).toMatchObject({ decision: 'auto', taskId: '04/CT-TTg:B.20', recalled: { how: 'same', origin: 'decision' } });
    expect(x!.match.recalled!.why).toBe('remembered: confirmed on 2024-06-20 (report dec-r1.xlsx, row 7)');
  });

  it('changing the decision withdraws the old one (kept in the history); withdraw forgets it at once', async () => {
    const r1 = report('dec-c1', '2024-06-14', 'bo-y-te');
    await t.store.createReport(r1);
    const row = reviewRow(r1.id, '0.2', WORDING, '04/CT-TTg:B.22');
    await t.store.putRows([row]);
    await decide(t.store, r1, row, { action: 'accept', taskId: '04/CT-TTg:B.20' }, { by: 'secretariat' });
    const accepted = (await t.store.getRow(r1.id, '0.2'))!;
    await decide(t.store, r1, accepted, { action: 'new' }, { by: 'secretariat' });
    const history = await t.store.listDecisions({ agencyId: 'bo-y-te' });
    expect(history.map((d) => [d.answer.kind, !!d.withdrawnAt])).toEqual([['task', true], ['new', false]]);
    expect((await listOutOfRegistry(t.store, { agencyId: 'bo-y-te' })).map((d) => d.text)).toEqual([WORDING]);

    let memory = await loadMemory(t.store, { agencyId: 'bo-y-te', reportId: 'dec-c2', reportDate: '2024-12-14' });
    let [x] = matchReport({ rows: row2(WORDING), agencyId: 'bo-y-te', reportDate: '2024-12-14', memory }, tasks);
    expect(x!.match.decision).toBe('new');

    await decide(t.store, r1, (await t.store.getRow(r1.id, '0.2'))!, { action: 'withdraw' }, { by: 'secretariat' });
    expect((await t.store.getRow(r1.id, '0.2'))!.override).toBeUndefined();
    expect((await t.store.listDecisions({ agencyId: 'bo-y-te' })).every((d) => d.withdrawnAt)).toBe(true);
    memory = await loadMemory(t.store, { agencyId: 'bo-y-te', reportId: 'dec-c2', reportDate: '2024-12-14' });
    [x] = matchReport({ rows: row2(WORDING), agencyId: 'bo-y-te', reportDate: '2024-12-14', memory }, tasks);
    // the withdrawn decision no longer counts; the row's own previous report (no final task now) gives nothing
    expect(x!.match.recalled).toBeUndefined();
    expect(x!.match.decision).not.toBe('auto');
  });

  it("another agency's decision on the same text is read by key and ranks its task first, never auto alone", async () => {
    const text = 'Rà soát, chuẩn hóa dữ liệu dân cư phục vụ việc cấp phiếu lý lịch tư pháp trực tuyến cho công dân trên địa bàn và báo cáo định kỳ';
    const r1 = report('dec-o1', '2024-06-14', 'tinh-bac-ninh');
    await t.store.createReport(r1);
    const row = reviewRow(r1.id, '0.4', text, '04/CT-TTg:B.22');
    await t.store.putRows([row]);
    const none = matchReport({ rows: row2(text), agencyId: 'tinh-ha-nam', reportDate: '2024-12-14' }, tasks)[0]!.match;
    // the other agency confirmed the runner-up (or, with one candidate, the first)
    const named = (none.candidates[1] ?? none.candidates[0])!.taskId;
    await decide(t.store, r1, row, { action: 'accept', taskId: named }, { by: 'secretariat', at: '2024-06-20T08:00:00.000Z' });
    expect((await t.store.listDecisionsByText(matchKey(text))).map((d) => d.agencyId)).toEqual(['tinh-bac-ninh']);

    // without the report's texts nothing of the other agency is read; with them, by key
    expect(await loadMemory(t.store, { agencyId: 'tinh-ha-nam', reportDate: '2024-12-14' })).toBeUndefined();
    const memory = await loadMemory(t.store, { agencyId: 'tinh-ha-nam', reportDate: '2024-12-14', texts: [text, 'một dòng khác'] });
    expect(memory!.recall(text).others.map((r) => [r.agencyId, r.taskId])).toEqual([['tinh-bac-ninh', named]]);
    const [x] = matchReport({ rows: row2(text), agencyId: 'tinh-ha-nam', reportDate: '2024-12-14', memory }, tasks);
    expect(x!.match.candidates[0]!.taskId).toBe(named);
    expect(x!.match.decision === 'auto' && none.decision !== 'auto').toBe(false);
  });

  it('reject is negative evidence: that text is never auto-matched to that task again', async () => {
    const task = tasks.find((x) => x.id === '04/CT-TTg:B.53')!;
    const r1 = report('dec-j1', '2024-06-14', 'bo-khoa-hoc-va-cong-nghe');
    await t.store.createReport(r1);
    const row = reviewRow(r1.id, '0.3', task.content, task.id);
    await t.store.putRows([{ ...row, match: { ...row.match!, decision: 'auto', score: 1.2 } }]);
    await decide(t.store, r1, (await t.store.getRow(r1.id, '0.3'))!, { action: 'reject' }, { by: 'secretariat' });
    const [d] = await t.store.listDecisions({ agencyId: 'bo-khoa-hoc-va-cong-nghe' });
    expect(d!.answer).toEqual({ kind: 'not', taskId: task.id });
    const memory = await loadMemory(t.store, { agencyId: 'bo-khoa-hoc-va-cong-nghe', reportId: 'dec-j2', reportDate: '2024-12-14' });
    const [x] = matchReport({ rows: [{ table: 0, content: task.content, deadline: 'Quý II/2024', source: { row: 1 } }], agencyId: 'bo-khoa-hoc-va-cong-nghe', reportDate: '2024-12-14', memory }, tasks);
    expect(x!.match.decision === 'auto' && x!.match.taskId === task.id).toBe(false);
    // without the memory the same row is auto to it
    const [y] = matchReport({ rows: [{ table: 0, content: task.content, deadline: 'Quý II/2024', source: { row: 1 } }], agencyId: 'bo-khoa-hoc-va-cong-nghe', reportDate: '2024-12-14' }, tasks);
    expect(y!.match).toMatchObject({ decision: 'auto', taskId: task.id });
  });
});
